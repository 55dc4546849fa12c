"""Writing payments (immutable in Xero) and manual journals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hub.sdk import SkipRecord, WriteOp, WriteResult

from . import mapping_ledger as ledger
from . import values
from .client import XeroClient
from .lookups import Lookups
from .writing import Resource, result_for, upsert, with_id

PAYMENTS = Resource("/Payments", "Payments", "PaymentID")
MANUAL_JOURNALS = Resource("/ManualJournals", "ManualJournals", "ManualJournalID")


def _same_payment(before: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """Whether Xero's payment already is the one wanted (Xero cannot edit a payment)."""

    def lines(data: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [
            (line.get("invoice_id"), line.get("credit_note_id"), values.money(line["amount"]))
            for line in data.get("lines") or []
        ]

    checks = [
        ("date", before.get("date"), wanted.get("date")),
        ("amount", values.money(before.get("amount")), values.money(wanted.get("amount"))),
        ("account_id", before.get("account_id"), wanted.get("account_id")),
        (
            "currency_rate",
            values.number(before.get("currency_rate")),
            values.number(wanted.get("currency_rate")),
        ),
    ]
    # A field the hub leaves empty was filled by a default: it is not a change.
    if any(mine is not None and mine != theirs for _, theirs, mine in checks):
        return False
    return "lines" not in wanted or lines(before) == lines(wanted)


def _delete_payment(client: XeroClient, op: WriteOp, payment_id: str) -> WriteResult:
    try:
        answer = client.send(
            "POST",
            f"{PAYMENTS.path}/{payment_id}",
            {"Payments": [{"Status": "DELETED"}]},
            [op.idempotency_key],
            {"summarizeErrors": "false"},
        )
    except SkipRecord as exc:
        return WriteResult(op.record_id, op.external_id, error=exc.user_message)
    element = answer["Payments"][0]
    return result_for(op, element, PAYMENTS, ledger.payment_in)


def write_payments(
    client: XeroClient, settings: dict[str, Any], ops: Sequence[WriteOp]
) -> list[WriteResult]:
    """New payments in one PUT; a changed payment is deleted and made again."""
    results: list[WriteResult] = []
    creates: list[WriteOp] = []
    for op in ops:
        if op.action == "create":
            creates.append(op)
            continue
        if not op.external_id:
            continue
        body = client.get(f"{PAYMENTS.path}/{op.external_id}", missing_ok=True)
        now = body["Payments"][0] if body else None
        if now is None or now.get("Status") == "DELETED":
            if op.action == "delete" or op.data.get("status") == "DELETED":
                results.append(WriteResult(op.record_id, op.external_id))
            else:
                creates.append(WriteOp(op.record_id, "create", op.data, None, op.idempotency_key))
            continue
        if op.action == "delete" or op.data.get("status") == "DELETED":
            results.append(_delete_payment(client, op, op.external_id))
            continue
        before = ledger.payment_in(now)
        if _same_payment(before, op.data):
            results.append(WriteResult(op.record_id, op.external_id, data=before))
            continue
        deleted = _delete_payment(client, op, op.external_id)
        if not deleted.ok:
            results.append(deleted)
            continue
        creates.append(WriteOp(op.record_id, "create", op.data, None, op.idempotency_key))
    fallback = settings["payment_account"]
    results += upsert(
        client,
        PAYMENTS,
        creates,
        lambda op: ledger.payment_out(op.data, fallback),
        ledger.payment_in,
    )
    return results


def write_journals(client: XeroClient, lk: Lookups, ops: Sequence[WriteOp]) -> list[WriteResult]:
    """Manual journals: posted unless the hub says DRAFT; deleting voids a posted one."""
    results: list[WriteResult] = []
    ready: list[WriteOp] = []
    statuses: dict[str, str] = {}
    for op in ops:
        if op.action == "create":
            ready.append(op)
            continue
        body = client.get(f"{MANUAL_JOURNALS.path}/{op.external_id}", missing_ok=True)
        if body is None:
            results.append(
                WriteResult(
                    op.record_id,
                    op.external_id,
                    error="This journal is one Xero generated; Xero's general ledger is read-only.",
                )
            )
            continue
        statuses[str(op.external_id)] = body["ManualJournals"][0]["Status"]
        ready.append(op)

    def read(element: dict[str, Any]) -> dict[str, Any]:
        return ledger.manual_journal_in(element, lk)

    def build(op: WriteOp) -> dict[str, Any]:
        status = statuses.get(str(op.external_id), "")
        if op.action == "delete" or op.data.get("status") in ("DELETED", "VOIDED"):
            closed = "VOIDED" if status == "POSTED" else "DELETED"
            return {"ManualJournalID": op.external_id, "Status": closed}
        body = with_id(ledger.manual_journal_out(op.data, lk), "ManualJournalID", op)
        wanted = op.data.get("status") or "POSTED"
        if wanted in ("DRAFT", "POSTED") and status != "POSTED":
            body["Status"] = wanted
        return body

    results += upsert(client, MANUAL_JOURNALS, ready, build, read)
    return results
