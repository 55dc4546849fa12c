"""Invoices and credit notes share rules; a `Kind` names what differs between them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .store import Org, Record

ZERO = Decimal(0)
POSTED = ("AUTHORISED", "PAID")
# Status -> statuses a write may move it to (PAID is set by the system only).
TRANSITIONS = {
    None: ("DRAFT", "SUBMITTED", "AUTHORISED"),
    "DRAFT": ("DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"),
    "SUBMITTED": ("SUBMITTED", "DRAFT", "AUTHORISED", "DELETED"),
    "AUTHORISED": ("AUTHORISED", "VOIDED"),
    "PAID": ("PAID",),
    "VOIDED": (),
    "DELETED": (),
}
STATUSES = ("DRAFT", "SUBMITTED", "DELETED", "AUTHORISED", "PAID", "VOIDED")
# Fields that may still change once a payment or credit is allocated (UpdatedDateUTC stays).
SETTLED_FIELDS = frozenset(
    {"DueDate", "SentToContact", "ExpectedPaymentDate", "PlannedPaymentDate"}
)
# A paid bill also still takes these (Xero changelog, 2026).
PAID_BILL_FIELDS = SETTLED_FIELDS | {"Reference", "InvoiceNumber", "BrandingThemeID", "Url"}


@dataclass(frozen=True)
class Kind:
    label: str  # as it appears in messages
    collection: str  # the Org attribute holding the records
    plural: str
    type_name: str  # for query errors
    id_field: str
    number_field: str
    types: tuple[str, str]
    numbered: str  # the type whose numbers are unique and generated
    prefix: str
    category: str  # webhook eventCategory

    def records(self, org: Org) -> dict[str, Record]:
        return getattr(org, self.collection)

    def is_purchase(self, doc_type: str) -> bool:
        return doc_type.startswith("ACCPAY")


INVOICE = Kind(
    "Invoice",
    "invoices",
    "Invoices",
    "Invoice",
    "InvoiceID",
    "InvoiceNumber",
    ("ACCREC", "ACCPAY"),
    "ACCREC",
    "INV-",
    "INVOICE",
)
CREDIT_NOTE = Kind(
    "Credit Note",
    "credit_notes",
    "CreditNotes",
    "CreditNote",
    "CreditNoteID",
    "CreditNoteNumber",
    ("ACCRECCREDIT", "ACCPAYCREDIT"),
    "ACCRECCREDIT",
    "CN-",
    "CREDITNOTE",
)


def outstanding(doc: Record) -> Decimal:
    return doc["Total"] - doc.get("_paid", ZERO) - doc.get("_credited", ZERO)


def settle(kind: Kind, doc: Record, when: object = None) -> None:
    """Refresh the amounts owed; PAID is set (and unset) here, never by a write."""
    left = outstanding(doc)
    if kind is INVOICE:
        doc["AmountPaid"] = doc.get("_paid", ZERO)
        doc["AmountCredited"] = doc.get("_credited", ZERO)
        doc["AmountDue"] = left
    else:
        doc["RemainingCredit"] = left
        doc["AppliedAmount"] = doc.get("_credited", ZERO)
    if doc["Status"] == "AUTHORISED" and left == 0:
        doc["Status"] = "PAID"
        doc["FullyPaidOnDate"] = when or doc["Date"]
    elif doc["Status"] == "PAID" and left != 0:
        doc["Status"] = "AUTHORISED"
        doc["FullyPaidOnDate"] = None


def has_settlements(doc: Record) -> bool:
    return bool(doc.get("_paid") or doc.get("_credited"))
