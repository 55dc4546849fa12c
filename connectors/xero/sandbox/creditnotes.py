"""`/CreditNotes` and their allocations to invoices."""

from __future__ import annotations

from decimal import Decimal

from flask import Response

from . import dates, doc_routes, documents, values, wire, writes
from .api import Ctx, endpoint
from .doc_kinds import CREDIT_NOTE, INVOICE, ZERO, Kind, outstanding, settle
from .errors import Invalid, NotFound
from .store import Org, Record

doc_routes.register(CREDIT_NOTE, ("RemainingCredit", "AppliedAmount", "Allocations"))

MATCHING_INVOICE = {"ACCRECCREDIT": "ACCREC", "ACCPAYCREDIT": "ACCPAY"}


def allocation_view(org: Org, allocation: Record) -> Record:
    invoice = org.invoices[allocation["_invoice_id"]]
    credit = org.credit_notes[allocation["_credit_note_id"]]
    return {
        "AllocationID": allocation["AllocationID"],
        "Amount": allocation["Amount"],
        "Date": allocation["Date"],
        "IsDeleted": allocation["IsDeleted"],
        "Invoice": {
            "InvoiceID": invoice["InvoiceID"],
            "InvoiceNumber": invoice.get("InvoiceNumber"),
            "Type": invoice["Type"],
        },
        "CreditNote": {
            "CreditNoteID": credit["CreditNoteID"],
            "CreditNoteNumber": credit.get("CreditNoteNumber"),
            "Type": credit["Type"],
        },
    }


def _touch(org: Org, doc: Record, kind: Kind, when: object) -> None:
    settle(kind, doc, when)
    doc["UpdatedDateUTC"] = dates.now()
    org.put(kind.records(org), doc[kind.id_field], doc)
    data = None if kind is INVOICE else {"Type": doc["Type"], "Status": doc["Status"]}
    org.emit(org, kind.category, "UPDATE", doc[kind.id_field], data)


def allocate(org: Org, credit: Record, element: Record) -> Record:
    """Apply part of an AUTHORISED credit note to an invoice of the same contact."""
    errors: list[str] = []
    amount = values.decimal(element.get("Amount"), "Amount")
    when = values.a_date(element.get("Date"), "Date")
    given = element.get("Invoice") if isinstance(element.get("Invoice"), dict) else {}
    invoice = org.invoices.get(values.an_id(given.get("InvoiceID")) or "")
    if invoice is None and given.get("InvoiceNumber"):
        invoice = org.invoices.get(org.lookup("InvoiceNumber", given["InvoiceNumber"]) or "")
    if amount is None:
        errors.append("Amount is required.")
    if when is None:
        errors.append("Date is required.")
    if invoice is None:
        errors.append("Invoice could not be found")
    if credit["Status"] != "AUTHORISED":
        errors.append("Allocations can only be made against Authorised documents.")
    if errors:
        raise Invalid(*errors)
    assert invoice is not None and amount is not None
    if invoice["Status"] != "AUTHORISED":
        errors.append("Allocations can only be made against Authorised documents.")
    elif MATCHING_INVOICE[credit["Type"]] != invoice["Type"]:
        errors.append("The credit note type does not match the invoice type.")
    elif invoice["_contact_id"] != credit["_contact_id"]:
        errors.append("The credit note and invoice must belong to the same contact.")
    elif invoice["CurrencyCode"] != credit["CurrencyCode"]:
        errors.append("The credit note and invoice must be in the same currency.")
    elif amount <= 0:
        errors.append("The allocation amount must be greater than zero.")
    elif amount > outstanding(credit):
        errors.append("The amount allocated exceeds the remaining credit on this credit note.")
    elif amount > outstanding(invoice):
        errors.append("Allocation amount exceeds the amount outstanding on this document")
    if errors:
        raise Invalid(*errors)
    allocation = {
        "AllocationID": org.new_id(),
        "Amount": values.money(amount),
        "Date": when,
        "IsDeleted": False,
        "_invoice_id": invoice["InvoiceID"],
        "_credit_note_id": credit["CreditNoteID"],
    }
    org.allocations[allocation["AllocationID"]] = allocation
    for doc, kind in ((credit, CREDIT_NOTE), (invoice, INVOICE)):
        doc["_credited"] = doc.get("_credited", ZERO) + allocation["Amount"]
        doc["_allocations"].append(allocation["AllocationID"])
        _touch(org, doc, kind, when)
    return allocation_view(org, allocation)


def unallocate(org: Org, allocation: Record) -> None:
    allocation["IsDeleted"] = True
    credit = org.credit_notes[allocation["_credit_note_id"]]
    invoice = org.invoices[allocation["_invoice_id"]]
    for doc, kind in ((credit, CREDIT_NOTE), (invoice, INVOICE)):
        doc["_credited"] = doc.get("_credited", Decimal(0)) - allocation["Amount"]
        _touch(org, doc, kind, None)


@endpoint("/CreditNotes/<key>/Allocations", ["PUT"], "invoices")
def create_allocations(ctx: Ctx, key: str) -> Response:
    credit = documents.find(CREDIT_NOTE, ctx.org, key)
    items = writes.elements("Allocations")
    return writes.run(
        ctx, "Allocations", items, lambda e: allocate(ctx.org, credit, e), "AllocationID"
    )


@endpoint("/CreditNotes/<key>/Allocations/<allocation_id>", ["DELETE"], "invoices")
def delete_allocation(ctx: Ctx, key: str, allocation_id: str) -> Response:
    credit = documents.find(CREDIT_NOTE, ctx.org, key)
    allocation = ctx.org.allocations.get(values.an_id(allocation_id) or "")
    if allocation is None or allocation["_credit_note_id"] != credit["CreditNoteID"]:
        raise NotFound()
    if not allocation["IsDeleted"]:
        unallocate(ctx.org, allocation)
    return wire.json_response(allocation_view(ctx.org, allocation))
