"""`/Invoices`: sales invoices (ACCREC) and bills (ACCPAY)."""

from __future__ import annotations

from . import doc_routes
from .doc_kinds import INVOICE

INVOICE_FIELDS = (
    "AmountDue",
    "AmountPaid",
    "AmountCredited",
    "ExpectedPaymentDate",
    "PlannedPaymentDate",
    "IsDiscounted",
    "Url",
    "Payments",
    "CreditNotes",
)

doc_routes.register(INVOICE, INVOICE_FIELDS)
