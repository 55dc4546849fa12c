"""Order arithmetic: totals, refunds' effect, payments, financial_status, and rendering."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .store import ShopStore
from .wire import gid, money_set

ZERO = Decimal("0.00")


def _sum(values: Any) -> Decimal:
    return sum(values, ZERO)


def transactions_of(shop: ShopStore, order: dict[str, Any]) -> list[dict[str, Any]]:
    ids = shop.order_transactions.get(order["id"], [])
    return [t for t in (shop.transactions.get(i) for i in ids) if t is not None]


def money_summary(shop: ShopStore, order: dict[str, Any]) -> dict[str, Decimal]:
    """What was authorised, captured and refunded through successful transactions."""
    txns = [t for t in transactions_of(shop, order) if t["status"] == "success"]
    voided = {t["parent_id"] for t in txns if t["kind"] == "void"}
    authorized = _sum(
        t["amount"] for t in txns if t["kind"] == "authorization" and t["id"] not in voided
    )
    captured = _sum(t["amount"] for t in txns if t["kind"] in ("capture", "sale"))
    refunded = _sum(t["amount"] for t in txns if t["kind"] == "refund")
    return {
        "authorized": authorized,
        "captured": captured,
        "refunded": refunded,
        "net_paid": captured - refunded,
        "voided": Decimal(len(voided)),
        "count": Decimal(len(txns)),
    }


def totals(order: dict[str, Any]) -> dict[str, Decimal]:
    """The order's totals before and after refunds (the `current_*` fields)."""
    lines, shipping = order["line_items"], order["shipping_lines"]
    line_price = _sum(li["price"] * li["quantity"] for li in lines)
    line_discounts = _sum(li["total_discount"] for li in lines) + _sum(
        a["amount"] for li in lines for a in li["discount_allocations"]
    )
    ship_discounts = _sum(a["amount"] for s in shipping for a in s["discount_allocations"])
    ship_price = _sum(s["price"] for s in shipping)
    line_tax = _sum(t["price"] for li in lines for t in li["tax_lines"])
    ship_tax = _sum(t["price"] for s in shipping for t in s["tax_lines"])
    included = order["taxes_included"]
    subtotal = line_price - line_discounts
    total_tax = line_tax + ship_tax
    total = subtotal + ship_price - ship_discounts + (ZERO if included else total_tax)
    refund_lines = [r for refund in order["refunds"] for r in refund["refund_line_items"]]
    adjustments = [a for refund in order["refunds"] for a in refund["order_adjustments"]]
    refunded_sub = _sum(r["subtotal"] for r in refund_lines)
    refunded_tax = _sum(r["total_tax"] for r in refund_lines)
    refunded_ship = -_sum(a["amount"] for a in adjustments)
    refunded_ship_tax = -_sum(a["tax_amount"] for a in adjustments)
    current_tax = total_tax - refunded_tax - refunded_ship_tax
    current_total = (
        total
        - refunded_sub
        - refunded_ship
        - (ZERO if included else refunded_tax + refunded_ship_tax)
    )
    return {
        "total_line_items_price": line_price,
        "total_discounts": line_discounts + ship_discounts,
        "subtotal_price": subtotal,
        "total_tax": total_tax,
        "total_price": total,
        "total_shipping_price": ship_price,
        "current_subtotal_price": subtotal - refunded_sub,
        "current_total_tax": current_tax,
        "current_total_price": current_total,
        "current_total_discounts": line_discounts
        + ship_discounts
        - _sum(r.get("_discount", ZERO) for r in refund_lines),
    }


def financial_status(shop: ShopStore, order: dict[str, Any]) -> str:
    """Derived from successful transactions; an order without any keeps its own status."""
    summary = money_summary(shop, order)
    if not summary["count"]:
        return str(order["financial_status"])
    total = totals(order)["total_price"]
    if summary["refunded"] > 0:
        return "refunded" if summary["refunded"] >= summary["captured"] else "partially_refunded"
    if summary["captured"] > 0:
        return "paid" if summary["captured"] >= total else "partially_paid"
    if summary["authorized"] > 0:
        return "authorized"
    if summary["voided"]:
        return "voided"
    return "pending"


def aggregate_tax_lines(order: dict[str, Any], currency: str) -> list[dict[str, Any]]:
    """The order's tax_lines: line and shipping taxes summed per title and rate."""
    merged: dict[tuple[str, Decimal], Decimal] = {}
    for target in order["line_items"] + order["shipping_lines"]:
        for tax in target["tax_lines"]:
            key = (tax["title"], tax["rate"])
            merged[key] = merged.get(key, ZERO) + tax["price"]
    return [
        {
            "title": title,
            "rate": rate,
            "price": price,
            "price_set": money_set(price, currency),
            "channel_liable": False,
        }
        for (title, rate), price in merged.items()
    ]


def render_order(shop: ShopStore, order: dict[str, Any]) -> dict[str, Any]:
    """The order as the REST API shows it, totals computed from its parts."""
    from .customer_data import render_customer
    from .refund_data import render_refund

    currency = order["currency"]
    sums = totals(order)
    summary = money_summary(shop, order)
    out = {k: v for k, v in order.items() if not k.startswith("_") and k != "customer_id"}
    out.update({k: v for k, v in sums.items() if k != "total_shipping_price"})
    out["total_outstanding"] = max(ZERO, sums["current_total_price"] - summary["captured"])
    for key, value in sums.items():
        out[f"{key}_set"] = money_set(value, currency)
    out["tax_lines"] = aggregate_tax_lines(order, currency)
    out["line_items"] = [dict(li) for li in order["line_items"]]
    out["shipping_lines"] = [dict(s) for s in order["shipping_lines"]]
    out["refunds"] = [render_refund(shop, order, r) for r in order["refunds"]]
    out["total_weight"] = sum(li["grams"] * li["quantity"] for li in order["line_items"])
    customer = shop.customers.get(order["customer_id"]) if order["customer_id"] else None
    if customer is not None:
        brief = render_customer(customer)
        brief.pop("addresses", None)
        out["customer"] = brief
    else:
        out["customer"] = None
    out["admin_graphql_api_id"] = gid("Order", order["id"])
    return out
