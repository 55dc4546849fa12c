"""Building an order from a create body: line items, discounts, tax lines, shipping lines."""

from __future__ import annotations

from typing import Any

from . import errors
from .store import ShopStore
from .taxes import ZERO, allocate, cents, spread_order_taxes, tax_lines
from .wire import as_int, gid, money, money_set

DISCOUNT_TYPES = ("fixed_amount", "percentage", "shipping")


def _line(shop: ShopStore, item: dict[str, Any], currency: str) -> dict[str, Any]:
    qty = item.get("quantity", 1)
    if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
        raise errors.invalid_field("line_items", "quantity must be greater than or equal to 1")
    line: dict[str, Any] = {
        "id": shop.new_id(),
        "quantity": qty,
        "variant_id": None,
        "product_id": None,
        "sku": item.get("sku"),
        "vendor": None,
        "variant_title": None,
        "grams": as_int(item.get("grams")) or 0,
        "taxable": bool(item.get("taxable", True)),
        "requires_shipping": bool(item.get("requires_shipping", True)),
    }
    if item.get("variant_id"):
        variant_id = as_int(item["variant_id"])
        product_id = shop.variant_product.get(variant_id or 0)
        if product_id is None:
            raise errors.invalid_field("line_items", f"Variant {item['variant_id']} does not exist")
        product = shop.products.records[product_id]
        variant = next(v for v in product["variants"] if v["id"] == variant_id)
        line.update(
            variant_id=variant["id"],
            product_id=product_id,
            sku=variant["sku"],
            vendor=product["vendor"],
            grams=variant["grams"],
            taxable=variant["taxable"],
            requires_shipping=variant["requires_shipping"],
        )
        line["title"] = product["title"]
        if variant["title"] != "Default Title":
            line["variant_title"] = variant["title"]
        default_price = variant["price"]
    else:
        if not item.get("title"):
            raise errors.invalid_field("line_items", "title can't be blank")
        line["title"] = item["title"]
        default_price = None
    try:
        line["price"] = money(item.get("price"), default_price)
    except ValueError:
        raise errors.invalid_field("line_items", "price is invalid") from None
    line["name"] = line["title"] + (f" - {line['variant_title']}" if line["variant_title"] else "")
    line["total_discount"] = money(item.get("total_discount"), ZERO)
    line.update(
        fulfillable_quantity=qty,
        fulfillment_status=None,
        fulfillment_service="manual",
        gift_card=False,
        product_exists=line["product_id"] is not None,
        properties=[],
        discount_allocations=[],
        admin_graphql_api_id=gid("LineItem", line["id"]),
        price_set=money_set(line["price"], currency),
    )
    line["_tax_input"] = item.get("tax_lines")
    return line


def _discounts(
    data: dict[str, Any], lines: list[dict], shipping: list[dict], currency: str
) -> tuple[list[dict], list[dict]]:
    """discount_codes -> discount_applications, allocated across lines or shipping."""
    codes, applications = [], []
    for index, item in enumerate(
        c for c in data.get("discount_codes") or [] if isinstance(c, dict)
    ):
        kind = item.get("type", "fixed_amount")
        if kind not in DISCOUNT_TYPES:
            raise errors.invalid_field("discount_codes", "type is not included in the list")
        try:
            amount = money(item.get("amount"))
        except ValueError:
            raise errors.invalid_field("discount_codes", "amount is invalid") from None
        targets = shipping if kind == "shipping" else lines
        key = "price" if kind == "shipping" else "_gross"
        gross = sum((t[key] for t in targets), ZERO)
        if amount < 0 or amount > gross:
            raise errors.invalid_field("discount_codes", "amount exceeds the discounted total")
        for target, share in zip(targets, allocate(amount, [t[key] for t in targets]), strict=True):
            target["discount_allocations"].append(
                {
                    "amount": share,
                    "amount_set": money_set(share, currency),
                    "discount_application_index": index,
                }
            )
        value = cents(amount * 100 / gross) if kind == "percentage" and gross else amount
        codes.append({"code": item.get("code") or "", "amount": amount, "type": kind})
        applications.append(
            {
                "type": "discount_code",
                "code": item.get("code") or "",
                "value": value,
                "value_type": "percentage" if kind == "percentage" else "fixed_amount",
                "allocation_method": "across",
                "target_selection": "all",
                "target_type": "shipping_line" if kind == "shipping" else "line_item",
            }
        )
    return codes, applications


def build_lines(
    shop: ShopStore, data: dict[str, Any], currency: str, included: bool
) -> dict[str, Any]:
    """Line items, shipping lines and discounts with every tax line priced."""
    items = data.get("line_items")
    if not isinstance(items, list) or not items:
        raise errors.invalid_field("line_items", "must have at least one line item")
    lines = [_line(shop, item, currency) for item in items if isinstance(item, dict)]
    for line in lines:
        line["_gross"] = line["price"] * line["quantity"] - line["total_discount"]
    shipping = []
    for item in (s for s in data.get("shipping_lines") or [] if isinstance(s, dict)):
        try:
            price = money(item.get("price"), ZERO)
        except ValueError:
            raise errors.invalid_field("shipping_lines", "price is invalid") from None
        shipping.append(
            {
                "id": shop.new_id(),
                "title": item.get("title") or "Shipping",
                "code": item.get("code") or item.get("title") or "Shipping",
                "source": item.get("source") or "shopify",
                "price": price,
                "price_set": money_set(price, currency),
                "discount_allocations": [],
                "carrier_identifier": None,
                "_tax_input": item.get("tax_lines"),
            }
        )
    codes, applications = _discounts(data, lines, shipping, currency)
    for target in lines + shipping:
        gross = target.pop("_gross", target["price"])
        net = gross - sum((a["amount"] for a in target["discount_allocations"]), ZERO)
        if "quantity" not in target:
            target["discounted_price"] = net
            target["discounted_price_set"] = money_set(net, currency)
        target["_net"] = net
    order_taxes = [t for t in data.get("tax_lines") or [] if isinstance(t, dict)]
    for line in lines:
        line["tax_lines"] = (
            tax_lines(line.pop("_tax_input"), line["_net"], included, currency)
            if line["taxable"]
            else []
        )
    for ship in shipping:
        ship["tax_lines"] = tax_lines(ship.pop("_tax_input"), ship["_net"], included, currency)
    if order_taxes and not any(line["tax_lines"] for line in lines):
        spread_order_taxes(order_taxes, lines, included, currency)
    for target in lines + shipping:
        target.pop("_net")
        target.pop("_tax_input", None)
    return {
        "line_items": lines,
        "shipping_lines": shipping,
        "discount_codes": codes,
        "discount_applications": applications,
    }
