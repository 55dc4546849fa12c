"""Refund records: line shares to the cent, shipping refunds, refund transactions, restock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import errors
from .customer_data import refresh_stats
from .order_math import financial_status, money_summary, render_order
from .store import ShopStore
from .taxes import ZERO, cents
from .transactions import new_transaction
from .wire import as_int, gid, money, money_set, utcnow

RESTOCK_TYPES = ("no_restock", "cancel", "return", "legacy_restock")


def _previous(order: dict[str, Any], line_id: int) -> list[dict[str, Any]]:
    return [
        r
        for refund in order["refunds"]
        for r in refund["refund_line_items"]
        if r["line_item_id"] == line_id
    ]


def line_refunds(shop: ShopStore, order: dict[str, Any], items: Any) -> list[dict]:
    """Each refunded line's share of the line's net amount, tax and discount."""
    lines = {li["id"]: li for li in order["line_items"]}
    result = []
    for item in (i for i in (items or []) if isinstance(i, dict)):
        line = lines.get(as_int(item.get("line_item_id")) or 0)
        if line is None:
            raise errors.invalid_field("refund_line_items", "line_item_id is invalid")
        before = _previous(order, line["id"]) + [
            r for r in result if r["line_item_id"] == line["id"]
        ]
        left = line["quantity"] - sum(r["quantity"] for r in before)
        qty = item.get("quantity", 1)
        if not isinstance(qty, int) or qty < 1 or qty > left:
            raise errors.invalid_field(
                "refund_line_items", "cannot refund more items than were purchased"
            )
        restock = item.get("restock_type") or "no_restock"
        if restock not in RESTOCK_TYPES:
            raise errors.invalid_field("restock_type", "is not included in the list")
        allocated = sum((a["amount"] for a in line["discount_allocations"]), ZERO)
        discount = line["total_discount"] + allocated
        net = line["price"] * line["quantity"] - discount
        tax = sum((t["price"] for t in line["tax_lines"]), ZERO)
        if qty == left:
            # The last units take whatever is left, so refunds add up to the cent.
            shares = [
                net - sum((r["subtotal"] for r in before), ZERO),
                tax - sum((r["total_tax"] for r in before), ZERO),
                discount - sum((r["_discount"] for r in before), ZERO),
            ]
        else:
            shares = [cents(x * qty / line["quantity"]) for x in (net, tax, discount)]
        currency = order["currency"]
        result.append(
            {
                "id": shop.new_id(),
                "line_item_id": line["id"],
                "quantity": qty,
                "restock_type": restock,
                "location_id": item.get("location_id"),
                "subtotal": shares[0],
                "total_tax": shares[1],
                "_discount": shares[2],
                "subtotal_set": money_set(shares[0], currency),
                "total_tax_set": money_set(shares[1], currency),
            }
        )
    return result


def shipping_refund(order: dict[str, Any], data: Any) -> tuple[Decimal, Decimal]:
    """(amount, tax) of a shipping refund: `full_refund` or an `amount` up to what is left."""
    if not isinstance(data, dict):
        return ZERO, ZERO
    ship = sum(
        (
            s["price"] - sum((a["amount"] for a in s["discount_allocations"]), ZERO)
            for s in order["shipping_lines"]
        ),
        ZERO,
    )
    ship_tax = sum((t["price"] for s in order["shipping_lines"] for t in s["tax_lines"]), ZERO)
    adjustments = [a for r in order["refunds"] for a in r["order_adjustments"]]
    left = ship + sum((a["amount"] for a in adjustments), ZERO)
    tax_left = ship_tax + sum((a["tax_amount"] for a in adjustments), ZERO)
    if data.get("full_refund"):
        return left, tax_left
    try:
        amount = money(data.get("amount"), ZERO)
    except ValueError:
        raise errors.invalid_field("shipping", "amount is not a number") from None
    if amount < 0 or amount > left:
        raise errors.invalid_field("shipping", f"amount cannot exceed {left:.2f}")
    tax = tax_left if amount == left else (cents(ship_tax * amount / ship) if ship else ZERO)
    return amount, tax


def suggested_amount(
    order: dict[str, Any], lines: list[dict], ship: Decimal, ship_tax: Decimal
) -> Decimal:
    excluded = not order["taxes_included"]
    amount = sum((r["subtotal"] + (r["total_tax"] if excluded else ZERO) for r in lines), ZERO)
    return amount + ship + (ship_tax if excluded else ZERO)


def create_refund(shop: ShopStore, order: dict[str, Any], data: dict[str, Any]) -> dict:
    """Store a refund, its transactions and shipping adjustment; move financial_status."""
    lines = line_refunds(shop, order, data.get("refund_line_items"))
    ship, ship_tax = shipping_refund(order, data.get("shipping"))
    txn_input = [t for t in data.get("transactions") or [] if isinstance(t, dict)]
    summary = money_summary(shop, order)
    try:
        asked = sum((money(t.get("amount")) for t in txn_input), ZERO)
    except ValueError:
        raise errors.invalid_field("transactions", "amount is not a number") from None
    if asked > summary["captured"] - summary["refunded"]:
        raise errors.invalid_field(
            "base",
            "Refund amount must be less than or equal to the "
            f"refundable amount of "
            f"{summary['captured'] - summary['refunded']:.2f}",
        )
    if not (lines or ship or txn_input):
        raise errors.invalid_field(
            "base", "Refund must include line items, shipping or transactions"
        )
    now, ident = utcnow(), shop.new_id()
    before = order["financial_status"]
    txns = [
        new_transaction(shop, order, {**t, "kind": "refund"}, created_at=now) for t in txn_input
    ]
    adjustments = []
    if ship or ship_tax:
        adjustments.append(
            {
                "id": shop.new_id(),
                "order_id": order["id"],
                "refund_id": ident,
                "amount": -ship,
                "tax_amount": -ship_tax,
                "kind": "shipping_refund",
                "reason": "Shipping refund",
                "amount_set": money_set(-ship, order["currency"]),
                "tax_amount_set": money_set(-ship_tax, order["currency"]),
            }
        )
    refund = {
        "id": ident,
        "order_id": order["id"],
        "created_at": now,
        "processed_at": now,
        "note": data.get("note"),
        "user_id": None,
        "restock": any(r["restock_type"] != "no_restock" for r in lines),
        "refund_line_items": lines,
        "order_adjustments": adjustments,
        "duties": [],
        "_transaction_ids": [t["id"] for t in txns],
        "admin_graphql_api_id": gid("Refund", ident),
    }
    order["refunds"].append(refund)
    shop.refund_order[ident] = order["id"]
    _restock(shop, order, lines)
    order["financial_status"] = financial_status(shop, order) if txns else before
    order["updated_at"] = now
    refresh_stats(shop, order)
    shop.emit("refunds/create", lambda: render_refund(shop, order, refund))
    for txn in txns:
        shop.emit("order_transactions/create", lambda t=txn: dict(t))
    shop.emit("orders/updated", lambda: render_order(shop, order))
    return refund


def _restock(shop: ShopStore, order: dict[str, Any], lines: list[dict]) -> None:
    """Returned or cancelled units go back into stock for tracked variants."""
    by_id = {li["id"]: li for li in order["line_items"]}
    for rli in lines:
        variant_id = by_id[rli["line_item_id"]]["variant_id"]
        product = shop.products.get(shop.variant_product.get(variant_id or 0, 0))
        if product is None or rli["restock_type"] not in ("return", "cancel"):
            continue
        for variant in product["variants"]:
            if variant["id"] == variant_id and variant["inventory_management"] == "shopify":
                variant["inventory_quantity"] += rli["quantity"]


def render_refund(shop: ShopStore, order: dict[str, Any], refund: dict) -> dict[str, Any]:
    by_id = {li["id"]: li for li in order["line_items"]}
    out = {k: v for k, v in refund.items() if not k.startswith("_")}
    out["refund_line_items"] = [
        {
            **{k: v for k, v in r.items() if not k.startswith("_")},
            "line_item": dict(by_id[r["line_item_id"]]),
        }
        for r in refund["refund_line_items"]
    ]
    out["transactions"] = [
        shop.transactions.records[i]
        for i in refund["_transaction_ids"]
        if i in shop.transactions.records
    ]
    return out
