"""Orders -> sales invoices: lines with discounts and tax, shipping as a line, totals to the cent.

Amounts follow the canonical document rules (schema/documents.py): a line's `line_amount`
is quantity x price less its discounts, tax included when the shop's prices include tax
(`line_amount_type` INCLUSIVE), else not (EXCLUSIVE); `tax_amount` is the sum of the line's
tax lines. Shopify has tax lines (title, rate), not tax code records, so lines carry no
`tax_code_id`: the receiving app applies its default tax to the amount given.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .mapping_common import (
    ZERO,
    address_to_canonical,
    external,
    local_date,
    money,
    text,
    total,
)
from .mapping_money import settle

ADJUSTMENT = "Adjustment"  # tips, duties and any other difference Shopify's totals carry


def _discounts(order: dict[str, Any]) -> list[Decimal]:
    """Each line item's discount.

    `discount_allocations` is where Shopify puts discounts; the older `total_discount` is
    either extra (set through the API) or the same figure again. The pair that reproduces
    Shopify's own `subtotal_price` is the one used.
    """
    items = order.get("line_items") or []
    legacy = [money(li.get("total_discount")) for li in items]
    allocated = [
        total(money(a.get("amount")) for a in li.get("discount_allocations") or []) for li in items
    ]
    gross = total(money(li.get("price")) * int(li.get("quantity") or 0) for li in items)
    both = [a + b for a, b in zip(legacy, allocated, strict=True)]
    if "subtotal_price" in order and gross - total(both) != money(order["subtotal_price"]):
        return [max(a, b) for a, b in zip(legacy, allocated, strict=True)]
    return both


def _tax(target: dict[str, Any]) -> Decimal:
    return total(money(t.get("price")) for t in target.get("tax_lines") or [])


def order_lines(order: dict[str, Any]) -> list[dict[str, Any]]:
    """Canonical lines: the line items, then each shipping line, then an adjustment if the
    parts do not reproduce Shopify's total_price and total_tax exactly."""
    inclusive = bool(order.get("taxes_included"))
    lines: list[dict[str, Any]] = []
    items = order.get("line_items") or []
    for item, discount in zip(items, _discounts(order), strict=True):
        quantity = int(item.get("quantity") or 0)
        price = money(item.get("price"))
        line: dict[str, Any] = {
            "description": item.get("name") or item.get("title") or "Item",
            "quantity": str(quantity),
            "unit_price": text(price),
            "line_amount": text(price * quantity - discount),
            "tax_amount": text(_tax(item)),
        }
        if discount:
            line["discount_amount"] = text(discount)
        # A deleted product's line keeps its text; a reference to it could never resolve.
        if item.get("variant_id") and item.get("product_exists", True):
            line = {"item_id": external(item["variant_id"]), **line}
        lines.append(line)
    for ship in order.get("shipping_lines") or []:
        price = money(ship.get("price"))
        discount = total(money(a.get("amount")) for a in ship.get("discount_allocations") or [])
        line = {
            "description": "Shipping",
            "quantity": "1",
            "unit_price": text(price),
            "line_amount": text(price - discount),
            "tax_amount": text(_tax(ship)),
        }
        if discount:
            line["discount_amount"] = text(discount)
        lines.append(line)
    amount = total(Decimal(li["line_amount"]) for li in lines)
    tax = total(Decimal(li["tax_amount"]) for li in lines)
    want_total, want_tax = money(order.get("total_price")), money(order.get("total_tax"))
    have_total = amount + (ZERO if inclusive else tax)
    if have_total != want_total or tax != want_tax:
        net_gap = want_total - have_total - (ZERO if inclusive else want_tax - tax)
        lines.append(
            {
                "description": ADJUSTMENT,
                "quantity": "1",
                "unit_price": text(net_gap),
                "line_amount": text(net_gap),
                "tax_amount": text(want_tax - tax),
            }
        )
    return lines


def document_totals(lines: list[dict[str, Any]], inclusive: bool) -> dict[str, str]:
    """subtotal, total_tax and total as the canonical rules derive them from the lines."""
    amount = total(Decimal(li["line_amount"]) for li in lines)
    tax = total(Decimal(li["tax_amount"]) for li in lines)
    subtotal = amount - tax if inclusive else amount
    return {"subtotal": text(subtotal), "total_tax": text(tax), "total": text(subtotal + tax)}


def order_to_invoice(order: dict[str, Any]) -> dict[str, Any]:
    """A Shopify order as a canonical SALES invoice (references are Shopify ids)."""
    inclusive = bool(order.get("taxes_included"))
    lines = order_lines(order)
    state = settle(order)
    customer = order.get("customer") or {}
    data: dict[str, Any] = {
        "type": "SALES",
        "number": order.get("name") or None,
        "contact_id": external(customer.get("id")),
        "issue_date": local_date(order.get("processed_at") or order.get("created_at")),
        "currency": order.get("currency") or None,
        "line_amount_type": "INCLUSIVE" if inclusive else "EXCLUSIVE",
        "lines": lines,
        **document_totals(lines, inclusive),
        "total_discount": text(money(order.get("total_discounts"))),
        "status": state.status,
        "amount_paid": text(state.paid),
        "amount_credited": text(state.credited),
        "amount_due": text(state.due),
        "notes": order.get("note") or None,
    }
    for key, kind in (("billing_address", "BILLING"), ("shipping_address", "SHIPPING")):
        address = order.get(key)
        data[key] = address_to_canonical(address, kind) if address else None
    return data


def order_label(order: dict[str, Any]) -> str:
    return str(order.get("name") or f"Order {order.get('id')}")
