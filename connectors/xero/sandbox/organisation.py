"""`GET /Organisation` and `GET /Organisation/Actions`."""

from __future__ import annotations

from flask import Response

from .api import Ctx, endpoint

ACTIONS = [
    "UseMulticurrency",
    "EnableUsers",
    "CreateApprovedInvoice",
    "CreateApprovedBill",
    "CreateApprovedCreditNote",
    "CreateApprovedCreditNoteBill",
    "CreateApprovedPayment",
    "CreateApprovedPurchaseOrder",
    "CreateDraftInvoice",
    "CreateDraftBill",
    "CreateDraftCreditNote",
    "CreateDraftCreditNoteBill",
    "CreateDraftPurchaseOrder",
    "CreateDraftManualJournal",
    "CreateApprovedManualJournal",
    "CreateDraftQuote",
    "CreateRepeatingInvoice",
    "CreateRepeatingBill",
    "AttachFilesToInvoice",
    "AttachFilesToBill",
    "AttachFilesToContact",
    "AttachFilesToPurchaseOrder",
]


@endpoint("/Organisation", ["GET"], "settings")
def get_organisation(ctx: Ctx) -> Response:
    record = dict(ctx.org.settings)
    record.setdefault("Addresses", [])
    record.setdefault("Phones", [])
    record.setdefault("ExternalLinks", [])
    record.setdefault("PaymentTerms", {})
    return ctx.envelope("Organisations", [record])


@endpoint("/Organisation/Actions", ["GET"], "settings")
def get_actions(ctx: Ctx) -> Response:
    actions = [{"Name": name, "Status": "ALLOWED"} for name in ACTIONS]
    return ctx.envelope("Actions", actions)
