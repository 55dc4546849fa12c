"""What an order's money did: payments from transactions, credit notes from refunds, and the
invoice's paid / credited / due figures they imply.

- A successful `sale` or `capture` is a RECEIVE payment on the order's invoice; a successful
  `refund` transaction is a SPEND payment on it (money back to the customer).
- A refund is a credit note: its refunded lines, shipping and adjustments, plus a
  "Refund adjustment" line when Shopify moved a different amount of money than those add up
  to. It is allocated to the order's invoice up to what the invoice still owes once its net
  payments are counted; anything beyond (a refund that returned no money on a paid order)
  stays as remaining credit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .mapping_common import ZERO, external, instant, iso, local_date, money, pair, text, total

PAID_STATUSES = ("paid", "partially_paid", "partially_refunded", "refunded")
UNPAID_STATUSES = ("pending", "authorized", "voided")
MONEY_IN = ("sale", "capture")


@dataclass
class Credit:
    refund: dict[str, Any]
    lines: list[dict[str, Any]]
    value: Decimal  # the credit note's total
    allocated: Decimal = ZERO


@dataclass
class Settlement:
    total: Decimal
    paid: Decimal
    credits: list[Credit] = field(default_factory=list)
    status: str = "AUTHORISED"

    @property
    def credited(self) -> Decimal:
        return total(c.allocated for c in self.credits)

    @property
    def due(self) -> Decimal:
        return self.total - self.paid - self.credited


def _success(transactions: list[dict[str, Any]], kinds: tuple[str, ...]) -> Decimal:
    return total(
        money(t.get("amount"))
        for t in transactions
        if t.get("kind") in kinds and t.get("status") == "success"
    )


def captured(order: dict[str, Any]) -> Decimal:
    """Money captured on the order, from its own figures (the order carries no transactions).

    While something is outstanding, captured = current total - outstanding; a paid or
    refunded order with nothing outstanding took its full total; an unpaid one took none.
    """
    grand = money(order.get("total_price"))
    status = order.get("financial_status")
    outstanding = money(order.get("total_outstanding"))
    current = money(order.get("current_total_price", order.get("total_price")))
    if outstanding > 0:
        return max(ZERO, current - outstanding)
    if status in UNPAID_STATUSES:
        return ZERO
    return grand


def refunds_of(order: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(
        order.get("refunds") or [],
        key=lambda r: (str(r.get("processed_at") or r.get("created_at") or ""), r.get("id") or 0),
    )


def credit_lines(refund: dict[str, Any], inclusive: bool) -> tuple[list[dict[str, Any]], Decimal]:
    """A refund's credit note lines and total (tax added on top unless inclusive)."""
    lines: list[dict[str, Any]] = []
    for item in refund.get("refund_line_items") or []:
        line_item = item.get("line_item") or {}
        quantity = int(item.get("quantity") or 0)
        price = money(line_item.get("price"))
        amount = money(item.get("subtotal"))
        line: dict[str, Any] = {
            "description": line_item.get("name") or line_item.get("title") or "Item",
            "quantity": str(quantity),
            "unit_price": text(price),
            "line_amount": text(amount),
            "tax_amount": text(money(item.get("total_tax"))),
        }
        if price * quantity > amount:
            line["discount_amount"] = text(price * quantity - amount)
        if line_item.get("variant_id") and line_item.get("product_exists", True):
            line = {"item_id": external(line_item["variant_id"]), **line}
        lines.append(line)
    for adjustment in refund.get("order_adjustments") or []:
        kind = adjustment.get("kind")
        amount = -money(adjustment.get("amount"))  # Shopify writes refunds as negatives
        lines.append(
            {
                "description": "Shipping" if kind == "shipping_refund" else "Refund adjustment",
                "quantity": "1",
                "unit_price": text(amount),
                "line_amount": text(amount),
                "tax_amount": text(-money(adjustment.get("tax_amount"))),
            }
        )
    value = total(Decimal(li["line_amount"]) for li in lines)
    if not inclusive:
        value += total(Decimal(li["tax_amount"]) for li in lines)
    refunded = _success(refund.get("transactions") or [], ("refund",))
    if refunded > 0 and refunded != value:
        # The money is what the customer was credited (Shopify's refund_discrepancy).
        gap = refunded - value
        lines.append(
            {
                "description": "Refund" if not lines else "Refund adjustment",
                "quantity": "1",
                "unit_price": text(gap),
                "line_amount": text(gap),
                "tax_amount": "0.00",
            }
        )
        value = refunded
    return lines, value


def settle(order: dict[str, Any]) -> Settlement:
    """The invoice's paid and credited figures, and how much of each refund is allocated."""
    inclusive = bool(order.get("taxes_included"))
    grand = money(order.get("total_price"))
    refunds = refunds_of(order)
    refunded = total(_success(r.get("transactions") or [], ("refund",)) for r in refunds)
    paid = min(max(ZERO, captured(order) - refunded), grand)
    state = Settlement(total=grand, paid=paid)
    owed = grand - paid
    for refund in refunds:
        lines, value = credit_lines(refund, inclusive)
        share = max(ZERO, min(value, owed))
        owed -= share
        state.credits.append(Credit(refund, lines, value, share))
    cancelled_unpaid = bool(order.get("cancelled_at")) and paid == 0 and state.credited == 0
    if order.get("financial_status") == "voided" or cancelled_unpaid:
        state.status = "VOIDED"
    elif state.due == 0:
        state.status = "PAID"
    return state


def credit_notes(order: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """(external id, credit note, label) for each refund of the order."""
    inclusive = bool(order.get("taxes_included"))
    order_id = external(order.get("id"))
    customer = order.get("customer") or {}
    found = []
    for index, credit in enumerate(settle(order).credits, start=1):
        refund = credit.refund
        issued = local_date(refund.get("processed_at") or refund.get("created_at"))
        amount = Decimal(text(credit.value))
        tax = total(Decimal(li["tax_amount"]) for li in credit.lines)
        subtotal = amount - tax
        remaining = credit.value - credit.allocated
        number = f"{order.get('name') or order_id}-R{index}"
        data: dict[str, Any] = {
            "type": "SALES",
            "number": number,
            "contact_id": external(customer.get("id")),
            "issue_date": issued,
            "currency": order.get("currency") or None,
            "line_amount_type": "INCLUSIVE" if inclusive else "EXCLUSIVE",
            "lines": credit.lines,
            "subtotal": text(subtotal),
            "total_tax": text(tax),
            "total": text(amount),
            "status": "PAID" if remaining == 0 else "AUTHORISED",
            "remaining_credit": text(remaining),
            "allocations": (
                [{"invoice_id": order_id, "amount": text(credit.allocated), "date": issued}]
                if credit.allocated > 0
                else []
            ),
            "notes": refund.get("note") or None,
        }
        found.append((pair(order_id, refund.get("id")), data, number))
    return found


def transaction_to_payment(transaction: dict[str, Any]) -> dict[str, Any] | None:
    """A successful sale, capture or refund as a canonical payment; None for the rest."""
    kind = transaction.get("kind")
    amount = money(transaction.get("amount"))
    if transaction.get("status") != "success" or amount <= 0:
        return None
    if kind not in (*MONEY_IN, "refund"):
        return None  # authorizations and voids move no money
    stamp = transaction.get("processed_at") or transaction.get("created_at")
    when = instant(stamp)
    return {
        "type": "SPEND" if kind == "refund" else "RECEIVE",
        "date": local_date(stamp),
        "status": "AUTHORISED",
        "currency": transaction.get("currency") or None,
        "amount": text(amount),
        "method": transaction.get("gateway") or None,
        "processed_at": iso(when) if when else None,
        "lines": [{"invoice_id": external(transaction.get("order_id")), "amount": text(amount)}],
    }


def payment_label(transaction: dict[str, Any]) -> str:
    return f"{transaction.get('kind')} {transaction.get('amount')} ({transaction.get('gateway')})"


def has_payments(order: dict[str, Any]) -> bool:
    """Whether the order's transactions are worth a call: only money taken moves money."""
    return order.get("financial_status") in PAID_STATUSES
