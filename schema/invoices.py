"""Invoices: sales invoices and purchase bills (Xero ACCREC / ACCPAY, vtiger Invoice,
Shopify orders)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import check_order, choice, date, flag, fmt, nested, text
from .common import AddressSchema
from .documents import DocumentSchema
from .fields import Money

TYPES = ("SALES", "PURCHASE")
STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED", "DELETED")


class InvoiceSchema(DocumentSchema):
    """A sales invoice (SALES) or a supplier bill (PURCHASE).

    `amount_due` = `total` - `amount_paid` - `amount_credited`; a PAID invoice owes nothing.
    """

    type = choice(*TYPES, required=True)
    status = choice(*STATUSES)
    due_date = date()
    expected_payment_date = date()
    amount_due = Money()
    amount_paid = Money()
    amount_credited = Money()
    fully_paid_on_date = date()
    billing_address = nested(AddressSchema)
    shipping_address = nested(AddressSchema)
    sent_to_contact = flag()
    url = text(2000)

    @validates_schema
    def _dates(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_order(data, "issue_date", "due_date")

    @validates_schema
    def _balance(self, data: dict[str, Any], **kwargs: Any) -> None:
        total, due = data.get("total"), data.get("amount_due")
        paid, credited = data.get("amount_paid"), data.get("amount_credited")
        if None not in (total, due, paid, credited) and total - paid - credited != due:
            raise ValidationError(
                "Must equal total - amount_paid - amount_credited "
                f"({fmt(total - paid - credited)}), got {fmt(due)}.",
                "amount_due",
            )
        if data.get("status") == "PAID" and due:
            raise ValidationError(f"A PAID invoice owes nothing, got {fmt(due)}.", "amount_due")
