"""Order records: creation with customer linking, inventory and initial payments; changes."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from . import errors
from .customer_data import create_customer, find_by_email, refresh_stats
from .order_build import build_lines
from .order_math import financial_status, render_order, totals
from .store import ShopStore
from .transactions import new_transaction, settle
from .wire import as_int, parse_time, split_tags, utcnow

FINANCIAL = ("pending", "authorized", "partially_paid", "paid", "partially_refunded",
             "refunded", "voided")  # fmt: skip
CANCEL_REASONS = ("customer", "inventory", "fraud", "declined", "staff", "other")
EDITABLE = ("note", "email", "phone", "note_attributes", "buyer_accepts_marketing",
            "shipping_address", "billing_address")  # fmt: skip
DECREMENT = ("decrement_obeying_policy", "decrement_ignoring_policy")


def _customer_for(shop: ShopStore, data: dict[str, Any]) -> int | None:
    """Link an existing customer by id or email, or create one as Shopify does."""
    given = data.get("customer") if isinstance(data.get("customer"), dict) else {}
    if given.get("id"):
        customer_id = as_int(given["id"])
        if customer_id is None or shop.customers.get(customer_id) is None:
            raise errors.invalid_field("customer", "is invalid")
        return customer_id
    email = (given.get("email") or data.get("email") or "").strip().lower()
    found = find_by_email(shop, email) if email else None
    if found is not None:
        return found
    if email or given.get("first_name") or given.get("last_name"):
        return int(create_customer(shop, {**given, "email": email or None})["id"])
    return None


def _claim_inventory(shop: ShopStore, lines: list[dict[str, Any]], behaviour: str) -> None:
    """`inventory_behaviour`: the default `bypass` leaves stock alone, as on Shopify."""
    if behaviour not in DECREMENT:
        return
    variants = {}
    for product_id in {shop.variant_product.get(li["variant_id"] or 0) for li in lines}:
        for variant in (shop.products.get(product_id or 0) or {}).get("variants", []):
            variants[variant["id"]] = variant
    tracked = [(variants[li["variant_id"]], li["quantity"]) for li in lines
               if li["variant_id"] in variants
               and variants[li["variant_id"]]["inventory_management"] == "shopify"]  # fmt: skip
    if behaviour == "decrement_obeying_policy":
        for variant, qty in tracked:
            if variant["inventory_policy"] == "deny" and variant["inventory_quantity"] < qty:
                raise errors.invalid_field("line_items", f"{variant['sku']} is out of stock")
    for variant, qty in tracked:
        variant["inventory_quantity"] -= qty


def create_order(
    shop: ShopStore, data: dict[str, Any], created_at: datetime | None = None
) -> dict[str, Any]:
    """Validate and store an order with its initial transactions, then announce it."""
    status = data.get("financial_status")
    if status is not None and status not in FINANCIAL:
        raise errors.invalid_field("financial_status", "is not included in the list")
    currency = str(data.get("currency") or shop.currency)
    included = bool(data.get("taxes_included", shop.settings["taxes_included"]))
    parts = build_lines(shop, data, currency, included)
    now = created_at or utcnow()
    processed = now
    if data.get("processed_at"):
        try:
            processed = parse_time(str(data["processed_at"]), shop.tz)
        except ValueError:
            raise errors.invalid_field("processed_at", "is invalid") from None
    customer_id = _customer_for(shop, data)
    customer = shop.customers.get(customer_id) if customer_id else None
    number = shop.next_order_number
    order: dict[str, Any] = {
        "id": shop.new_id(), "name": f"#{number}", "order_number": number,
        "number": number - 1000,
        "email": (data.get("email") or (customer or {}).get("email") or "").lower() or None,
        "phone": data.get("phone"), "currency": currency, "presentment_currency": currency,
        "financial_status": status or "paid", "fulfillment_status": None, "confirmed": True,
        "test": bool(data.get("test", False)), "taxes_included": included,
        "tags": split_tags(data.get("tags")), "note": data.get("note"),
        "note_attributes": data.get("note_attributes") or [],
        "buyer_accepts_marketing": bool(data.get("buyer_accepts_marketing", False)),
        "source_name": data.get("source_name") or "web", "processed_at": processed,
        "created_at": now, "updated_at": now, "closed_at": None, "cancelled_at": None,
        "cancel_reason": None, "billing_address": data.get("billing_address"),
        "shipping_address": data.get("shipping_address"), "refunds": [], "fulfillments": [],
        "payment_gateway_names": [], "token": secrets.token_hex(16), "location_id": None,
        "user_id": None, "app_id": None, "customer_id": customer_id, **parts,
    }  # fmt: skip
    _pay(shop, order, data, status, now)
    _claim_inventory(shop, order["line_items"], str(data.get("inventory_behaviour", "bypass")))
    shop.next_order_number += 1
    shop.orders.add(order)
    if customer_id:
        shop.customer_orders.setdefault(customer_id, []).append(order["id"])
    refresh_stats(shop, order)
    shop.emit("orders/create", lambda: render_order(shop, order))
    if order["financial_status"] == "paid":
        shop.emit("orders/paid", lambda: render_order(shop, order))
    return order


def _pay(shop: ShopStore, order: dict[str, Any], data: dict[str, Any], status: str | None,
         now: datetime) -> None:  # fmt: skip
    """Record the transactions sent with the order, or the ones its status implies."""
    total = totals(order)["total_price"]
    given = [t for t in data.get("transactions") or [] if isinstance(t, dict)]
    try:
        if given:
            for item in given:
                new_transaction(shop, order, item, created_at=now)
        elif status in (None, "paid") and total > 0:
            new_transaction(shop, order, {"kind": "sale", "amount": total}, created_at=now)
        elif status == "authorized":
            new_transaction(shop, order, {"kind": "authorization", "amount": total},
                            created_at=now)  # fmt: skip
    except errors.ApiError:
        # A rejected transaction rejects the whole order: drop what was recorded.
        for ident in shop.order_transactions.pop(order["id"], []):
            shop.transactions.remove(ident)
        raise
    order["financial_status"] = financial_status(shop, order)


def touch(shop: ShopStore, order: dict[str, Any]) -> None:
    order["updated_at"] = utcnow()
    shop.emit("orders/updated", lambda: render_order(shop, order))


def update_order(shop: ShopStore, order: dict[str, Any], data: dict[str, Any]) -> None:
    # Line items and totals cannot change after creation; they are ignored like Shopify does.
    for key in EDITABLE:
        if key in data:
            order[key] = data[key]
    if "tags" in data:
        order["tags"] = split_tags(data["tags"])
    touch(shop, order)


def delete_order(shop: ShopStore, order: dict[str, Any]) -> None:
    shop.orders.remove(order["id"])
    if order["customer_id"]:
        shop.customer_orders[order["customer_id"]].remove(order["id"])
        refresh_stats(shop, order, removed=True)
    shop.emit("orders/delete", {"id": order["id"]})


def cancel_order(shop: ShopStore, order: dict[str, Any], reason: str) -> None:
    if order["cancelled_at"] is not None:
        raise errors.invalid_field("base", "Order has already been cancelled")
    if reason not in CANCEL_REASONS:
        raise errors.invalid_field("reason", "is not included in the list")
    if order["financial_status"] == "authorized":
        # Cancelling releases the authorisation.
        settle(shop, order, {"kind": "void"}, emit_order=False)
    order["cancelled_at"] = order["closed_at"] = utcnow()
    order["cancel_reason"] = reason
    shop.emit("orders/cancelled", lambda: render_order(shop, order))
    touch(shop, order)
