"""Writing invoices, credit notes and purchase orders: status rules and Xero's current state.

Before updating, the documents are read back from Xero (one call for up to 50 invoices):
a PAID invoice is never edited, lines keep their LineItemIDs, and the status sent is one
Xero accepts from where the document is now.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hub.sdk import Notes, SkipRecord, WriteOp, WriteResult

from . import mapping_documents as docs
from . import values
from .client import XeroClient
from .lookups import Lookups
from .writing import Resource, failed, upsert, with_id

UNITDP = (("unitdp", "4"),)
INVOICES = Resource("/Invoices", "Invoices", "InvoiceID", UNITDP)
CREDIT_NOTES = Resource("/CreditNotes", "CreditNotes", "CreditNoteID", UNITDP)
PURCHASE_ORDERS = Resource("/PurchaseOrders", "PurchaseOrders", "PurchaseOrderID")
RESOURCES = {
    "invoices": INVOICES,
    "credit_notes": CREDIT_NOTES,
    "purchase_orders": PURCHASE_ORDERS,
}
LABELS = {"invoices": "invoice", "credit_notes": "credit note", "purchase_orders": "purchase order"}
CLOSED = ("VOIDED", "DELETED")


def _readers(entity: str, lk: Lookups) -> tuple[Callable[..., Any], Callable[..., Any]]:
    if entity == "invoices":
        return (lambda d: docs.invoice_in(d, lk)), docs.invoice_out
    if entity == "credit_notes":
        return (lambda d: docs.credit_note_in(d, lk)), docs.credit_note_out
    return (lambda d: docs.purchase_order_in(d, lk)), docs.purchase_order_out


def current(client: XeroClient, entity: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Xero's documents as they are now, with their lines."""
    resource = RESOURCES[entity]
    found: dict[str, dict[str, Any]] = {}
    if entity == "invoices":
        for start in range(0, len(ids), 50):
            params = {"IDs": ",".join(ids[start : start + 50]), "page": "1", "unitdp": "4"}
            for doc in client.get(resource.path, params)[resource.plural]:
                found[doc[resource.id_field]] = doc
        return found
    for record_id in ids:  # CreditNotes and PurchaseOrders take no IDs filter
        body = client.get(f"{resource.path}/{record_id}", dict(resource.params), missing_ok=True)
        if body:
            found[record_id] = body[resource.plural][0]
    return found


def _blocked(entity: str, op: WriteOp, doc: dict[str, Any] | None) -> str | None:
    """Why an update or delete cannot be sent, in words for the run's list."""
    label = LABELS[entity]
    if doc is None:
        return f"This {label} is no longer in Xero."
    status = doc.get("Status")
    wanted = op.data.get("status") if op.action != "delete" else "DELETED"
    if status == "PAID" and entity != "purchase_orders":
        return (
            f"This {label} is PAID in Xero, and Xero does not let a paid {label} be edited "
            "or deleted; the change was not sent."
        )
    if status in CLOSED and wanted not in CLOSED:
        return f"This {label} is {status} in Xero and can no longer be changed."
    return None


def write(
    client: XeroClient,
    lk: Lookups,
    settings: dict[str, Any],
    entity: str,
    ops: Sequence[WriteOp],
    notes: Notes | None,
) -> list[WriteResult]:
    resource = RESOURCES[entity]
    read, out = _readers(entity, lk)
    ids = [op.external_id for op in ops if op.action != "create" and op.external_id]
    now = current(client, entity, ids) if ids else {}
    cap = settings["invoice_status"] if entity != "purchase_orders" else "AUTHORISED"
    results: list[WriteResult] = []
    ready: list[WriteOp] = []
    for op in ops:
        doc = now.get(op.external_id or "")
        if op.action != "create":
            problem = _blocked(entity, op, doc)
            if problem:
                results.append(WriteResult(op.record_id, op.external_id, error=problem))
                continue
            if doc and doc.get("Status") in CLOSED:  # closed already, as wanted
                results.append(WriteResult(op.record_id, op.external_id, data=read(doc)))
                continue
            if doc and op.action == "update" and _settled(doc):
                results.append(_settled_update(client, entity, op, doc, read))
                continue
        ready.append(op)

    def build(op: WriteOp) -> dict[str, Any]:
        doc = now.get(op.external_id or "")
        if op.action == "delete":
            assert doc is not None
            status = (
                "VOIDED"
                if doc["Status"] == "AUTHORISED" and entity != "purchase_orders"
                else "DELETED"
            )
            return {resource.id_field: op.external_id, "Status": status}
        body = with_id(out(op.data, lk, doc), resource.id_field, op)
        wanted = op.data.get("status")
        if op.action == "create":
            if wanted in CLOSED:
                raise SkipRecord(
                    f"This {LABELS[entity]} was {wanted} before it reached Xero; nothing was "
                    "created."
                )
            body["Status"] = docs.status_for_create(wanted, cap)
        else:
            status = docs.status_for_update(wanted, str(doc["Status"]), cap) if doc else None
            if status:
                body["Status"] = status
        return body

    results += upsert(client, resource, ready, build, read)
    if entity == "credit_notes":
        by_id = {op.record_id: op for op in ops}
        results = [_allocate(client, lk, by_id[r.record_id], r, notes) for r in results]
    return results


def _settled(doc: dict[str, Any]) -> bool:
    """Whether payments or credit are applied: Xero then takes only due-date changes."""
    applied = ("AmountPaid", "AmountCredited", "AppliedAmount")
    return any(values.to_decimal(doc.get(key)) for key in applied)


def _settled_update(
    client: XeroClient,
    entity: str,
    op: WriteOp,
    doc: dict[str, Any],
    read: Callable[[dict[str, Any]], dict[str, Any]],
) -> WriteResult:
    """Send what Xero still takes on a part-paid document, or say what it refuses."""
    before = read(doc)
    keys = ("contact_id", "issue_date", "reference", "currency", "line_amount_type")
    changed = [k for k in keys if op.data.get(k) is not None and op.data[k] != before.get(k)]
    if op.data.get("total") is not None and values.money(op.data["total"]) != before["total"]:
        changed.append("total")
    if changed:
        return WriteResult(
            op.record_id,
            op.external_id,
            error=f"This {LABELS[entity]} has payments or credit applied in Xero, which then "
            f"takes only due-date changes; not sent: {', '.join(changed)}.",
        )
    body: dict[str, Any] = {}
    planned = "PlannedPaymentDate" if doc.get("Type") == "ACCPAY" else "ExpectedPaymentDate"
    for key, field in (("due_date", "DueDate"), ("expected_payment_date", planned)):
        if op.data.get(key) and op.data[key] != before.get(key):
            body[field] = op.data[key]
    if not body:
        return WriteResult(op.record_id, op.external_id, data=before)
    resource = RESOURCES[entity]
    body[resource.id_field] = op.external_id
    batch = upsert(client, resource, [op], lambda _: body, read)
    return batch[0]


def _allocate(
    client: XeroClient, lk: Lookups, op: WriteOp, result: WriteResult, notes: Notes | None
) -> WriteResult:
    """Apply the credit to invoices in a second call, once the credit note is approved."""
    if not result.ok or result.data is None or op.action == "delete":
        return result
    have = {(a["invoice_id"], a["amount"], a["date"]) for a in result.data["allocations"]}
    missing = [
        a
        for a in op.data.get("allocations") or []
        if (a["invoice_id"], values.money(a["amount"]), a["date"]) not in have
    ]
    if not missing:
        return result
    if result.data.get("status") != "AUTHORISED":
        if notes is not None:
            notes.add(
                "credit_notes",
                op.record_id,
                "Allocations wait until the credit note is approved in Xero.",
            )
        return result
    path = f"{CREDIT_NOTES.path}/{result.external_id}/Allocations"
    body = {
        "Allocations": [
            {
                "Invoice": {"InvoiceID": a["invoice_id"]},
                "Amount": values.dec(a["amount"]),
                "Date": a["date"],
            }
            for a in missing
        ]
    }
    try:
        answer = client.send("PUT", path, body, [op.idempotency_key], {"summarizeErrors": "false"})
        problems = [m for e in (answer or {}).get("Allocations") or [] if (m := failed(e))]
    except SkipRecord as exc:
        problems = [exc.user_message]
    if problems and notes is not None:
        notes.add(
            "credit_notes", op.record_id, "Allocation not made in Xero: " + "; ".join(problems)
        )
    fresh = client.get(f"{CREDIT_NOTES.path}/{result.external_id}", dict(UNITDP))
    doc = fresh[CREDIT_NOTES.plural][0]
    return WriteResult(op.record_id, result.external_id, data=docs.credit_note_in(doc, lk))
