"""Credit notes: sales and purchase credits (Xero ACCRECCREDIT / ACCPAYCREDIT, Shopify
refunds) and their allocations to invoices."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import POSITIVE, CanonicalSchema, check_order, choice, date, fmt, many, total_of
from .documents import DocumentSchema
from .fields import Money, Ref

TYPES = ("SALES", "PURCHASE")
STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED", "DELETED")


class AllocationSchema(CanonicalSchema):
    """Part of the credit applied to an invoice of the same contact."""

    invoice_id = Ref("invoices", required=True)
    amount = Money(required=True, validate=POSITIVE)
    date = date(required=True)


class CreditNoteSchema(DocumentSchema):
    """A credit note. PAID means fully allocated or refunded (`remaining_credit` 0)."""

    type = choice(*TYPES, required=True)
    status = choice(*STATUSES)
    due_date = date()
    remaining_credit = Money()
    allocations = many(AllocationSchema)

    @validates_schema
    def _dates(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_order(data, "issue_date", "due_date")

    @validates_schema
    def _credit(self, data: dict[str, Any], **kwargs: Any) -> None:
        total, remaining = data.get("total"), data.get("remaining_credit")
        allocated = total_of(data.get("allocations") or [], "amount")
        if total is None or allocated is None:
            pass
        elif allocated > total:
            raise ValidationError(
                f"Allocations ({fmt(allocated)}) exceed the total ({fmt(total)}).",
                "allocations",
            )
        elif remaining is not None and remaining > total - allocated:
            raise ValidationError(
                "Must not exceed total less allocations "
                f"({fmt(total - allocated)}), got {fmt(remaining)}.",
                "remaining_credit",
            )
        if data.get("status") == "PAID" and remaining:
            raise ValidationError(
                f"A PAID credit note has no credit left, got {fmt(remaining)}.",
                "remaining_credit",
            )
