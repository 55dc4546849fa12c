"""Payments: money received or paid against invoices and credit notes (Xero Payments,
Shopify order transactions; vtiger has none and raises `received` on the invoice)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import (
    POSITIVE,
    CanonicalSchema,
    choice,
    date,
    flag,
    fmt,
    many,
    only_one,
    text,
    total_of,
)
from .fields import Currency, Money, Quantity, Ref, Timestamp

TYPES = ("RECEIVE", "SPEND")
STATUSES = ("PENDING", "AUTHORISED", "DELETED")


class PaymentLineSchema(CanonicalSchema):
    """The part of the payment applied to one invoice or one credit note (a refund)."""

    invoice_id = Ref("invoices")
    credit_note_id = Ref("credit_notes")
    amount = Money(required=True, validate=POSITIVE)

    @validates_schema
    def _one_document(self, data: dict[str, Any], **kwargs: Any) -> None:
        only_one(data, "invoice_id", "credit_note_id", required=not kwargs.get("partial"))


class PaymentSchema(CanonicalSchema):
    """A payment into or out of a bank (or clearing) account.

    RECEIVE: money in (a customer pays an invoice, a supplier refunds a credit note);
    SPEND: money out. `amount`, when given with lines, is their sum.
    """

    type = choice(*TYPES)
    date = date(required=True)
    status = choice(*STATUSES)
    account_id = Ref("accounts", metadata={"description": "bank or clearing account"})
    contact_id = Ref("contacts")
    currency = Currency()
    currency_rate = Quantity(validate=POSITIVE)
    amount = Money(validate=POSITIVE)
    bank_amount = Money(metadata={"description": "amount in the bank account's currency"})
    reference = text(255)
    method = text(255, metadata={"description": "payment method or gateway"})
    processed_at = Timestamp()
    is_reconciled = flag()
    lines = many(PaymentLineSchema)

    @validates_schema
    def _sum(self, data: dict[str, Any], **kwargs: Any) -> None:
        lines, total = data.get("lines"), data.get("amount")
        applied = total_of(lines, "amount") if lines else None
        if applied is not None and total is not None and applied != total:
            raise ValidationError(
                f"Must equal the sum of the lines ({fmt(applied)}), got {fmt(total)}.", "amount"
            )
