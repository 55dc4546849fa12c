"""What saving a document sets off: totals, numbers, journals, stock, contact flags, events."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from flask import has_request_context, request

from . import dates, ledger, lines, refs, values
from .doc_kinds import INVOICE, POSTED, ZERO, Kind, has_settlements, settle
from .store import Org, Record


def due_date(org: Org, doc: Record) -> date | None:
    """The contact's payment terms applied to the document date."""
    contact = org.contacts.get(doc.get("_contact_id") or "")
    side = "Bills" if doc["Type"].startswith("ACCPAY") else "Sales"
    terms = ((contact or {}).get("PaymentTerms") or {}).get(side)
    if not terms or terms.get("Day") is None or not terms.get("Type"):
        return None
    start, day = doc["Date"], int(terms["Day"])
    if terms["Type"] == "DAYSAFTERBILLDATE":
        return start + timedelta(days=day)
    month_end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if terms["Type"] == "DAYSAFTERBILLMONTH":
        return month_end + timedelta(days=day)
    if terms["Type"] == "OFCURRENTMONTH":
        return start.replace(day=min(day, month_end.day))
    following = month_end + timedelta(days=1)
    last = calendar.monthrange(following.year, following.month)[1]
    return following.replace(day=min(day, last))


def _stock(org: Org, doc: Record, direction: int) -> None:
    """Tracked items move with approved documents: bills in, sales out (average cost)."""
    inward = 1 if doc["Type"] in ("ACCPAY", "ACCRECCREDIT") else -1
    for line in doc["LineItems"]:
        found = org.lookup("item_code", line.get("ItemCode"))
        item = org.items.get(found or "")
        if item is None or not item.get("IsTrackedAsInventory"):
            continue
        item["_used"] = True
        quantity = line["Quantity"] * inward * direction
        on_hand = item["QuantityOnHand"]
        if inward > 0:
            cost = line["LineAmount"] * direction
        else:
            cost = values.money(item["TotalCostPool"] / on_hand * quantity) if on_hand else ZERO
        item["QuantityOnHand"] = on_hand + quantity
        item["TotalCostPool"] = item["TotalCostPool"] + cost


def _number(kind: Kind, org: Org) -> str:
    while True:
        candidate = f"{kind.prefix}{org.next_number(kind.number_field):04d}"
        if org.lookup(kind.number_field, candidate) is None:
            return candidate


def commit(
    kind: Kind, org: Org, before: Record | None, doc: Record, changed: bool, client_id: str
) -> None:
    record_id = doc[kind.id_field] or org.new_id()
    doc[kind.id_field] = record_id
    doc.setdefault("_created_by", client_id)
    if doc["Type"] == kind.numbered and not doc.get(kind.number_field):
        doc[kind.number_field] = _number(kind, org)
    doc.update(lines.totals(doc["LineItems"], doc["LineAmountTypes"]))
    doc["IsDiscounted"] = doc["TotalDiscount"] > 0
    doc["CurrencyRate"] = doc.get("CurrencyRate") or Decimal(1)
    if doc.get("DueDate") is None:
        doc["DueDate"] = due_date(org, doc)
    was_posted = before is not None and before["Status"] in POSTED
    now_posted = doc["Status"] in POSTED
    if was_posted and (not now_posted or changed):
        ledger.reverse(org, before.get("_journal"))  # type: ignore[union-attr]
        _stock(org, before, -1)  # type: ignore[arg-type]
    if now_posted and (not was_posted or changed):
        doc["_journal"] = ledger.post_document(org, doc, kind.id_field)
        _stock(org, doc, 1)
    settle(kind, doc)
    # Changes allowed on settled documents (due dates, SentToContact) leave the stamp alone.
    if before is None or not has_settlements(before):
        doc["UpdatedDateUTC"] = dates.now()
    if before is not None:
        org.forget(kind.number_field, before.get(kind.number_field), record_id)
        old_contact = org.contacts.get(before["_contact_id"])
        if old_contact is not None and before["_contact_id"] != doc["_contact_id"]:
            old_contact["_documents"].remove(record_id)
    if doc["Type"] == kind.numbered and doc["Status"] != "DELETED":
        org.remember(kind.number_field, doc.get(kind.number_field), record_id)
    org.put(kind.records(org), record_id, doc)
    contact = org.contacts[doc["_contact_id"]]
    if record_id not in contact["_documents"]:
        contact["_documents"].append(record_id)
    if kind is INVOICE:  # flags do not bump the contact's UpdatedDateUTC
        contact["IsCustomer" if doc["Type"] == "ACCREC" else "IsSupplier"] = True
    data = None if kind is INVOICE else {"Type": doc["Type"], "Status": doc["Status"]}
    org.emit(org, kind.category, "UPDATE" if before else "CREATE", record_id, data)


def _places() -> Decimal:
    unitdp = request.args.get("unitdp") if has_request_context() else None
    return values.UNIT4 if unitdp == "4" else values.CENT


def view(kind: Kind, org: Org, doc: Record, detail: bool = True) -> Record:
    out = {k: v for k, v in doc.items() if k[:1] != "_"}
    if doc.get("_contact_id") in org.contacts:
        out["Contact"] = refs.contact_summary(org, doc["_contact_id"])
    if doc.get("Date"):
        out["DateString"] = dates.date_string(doc["Date"])
    if doc.get("DueDate"):
        out["DueDateString"] = dates.date_string(doc["DueDate"])
    if doc.get("UpdatedDateUTC"):
        out["UpdatedDateUTCString"] = dates.utc_string(doc["UpdatedDateUTC"])
    payments = [org.payments[p] for p in doc.get("_payments", []) if p in org.payments]
    out["Payments"] = [
        {
            "PaymentID": p["PaymentID"],
            "Date": p["Date"],
            "Amount": p["Amount"],
            "Reference": p.get("Reference"),
            "CurrencyRate": p["CurrencyRate"],
            "HasAccount": True,
            "HasValidationErrors": False,
        }
        for p in payments
        if p["Status"] != "DELETED"
    ]
    allocations = [org.allocations[a] for a in doc.get("_allocations", [])]
    if kind is INVOICE:
        out["CreditNotes"] = [
            {
                "CreditNoteID": a["_credit_note_id"],
                "AppliedAmount": a["Amount"],
                "Date": a["Date"],
                "CreditNoteNumber": org.credit_notes[a["_credit_note_id"]].get("CreditNoteNumber"),
                "Total": org.credit_notes[a["_credit_note_id"]]["Total"],
            }
            for a in allocations
            if not a["IsDeleted"]
        ]
        out["Prepayments"], out["Overpayments"] = [], []
    else:
        out["Allocations"] = [
            {
                "AllocationID": a["AllocationID"],
                "Amount": a["Amount"],
                "Date": a["Date"],
                "Invoice": {
                    "InvoiceID": a["_invoice_id"],
                    "InvoiceNumber": org.invoices[a["_invoice_id"]].get("InvoiceNumber"),
                },
            }
            for a in allocations
            if not a["IsDeleted"]
        ]
    out["HasErrors"] = False
    if detail:
        out["LineItems"] = lines.render(doc["LineItems"], _places())
    else:
        out.pop("LineItems", None)
    return out


def echo(kind: Kind, org: Org, doc: Record) -> Record:
    """A document that failed validation, as Xero echoes it in the error body."""
    shown = dict(doc)
    if shown.get("Type") in kind.types and shown["LineItems"]:
        shown.update(lines.totals(shown["LineItems"], shown["LineAmountTypes"]))
    return view(kind, org, shown)
