"""Aged receivables and aged payables as at a date, per contact and age bucket.

What was owed on an invoice at `to` is what it owes now plus the payments and credit
allocations dated after `to` (so a past date shows what was then unpaid, and today's date
shows `amount_due`). Unallocated credit notes count against the contact, as in Xero's aged
reports. Age is counted from the due date (the issue date when there is none): current
(not yet due), then buckets of `bucket_days` days overdue, the last one open-ended. Amounts
in another currency are valued at the rate in force on `to`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from marshmallow import fields, validate
from sqlalchemy import Date, case, func, literal, literal_column, select, union_all

from hub.models.widgets import CreditAllocation, InvoiceDoc, PaymentLine
from hub.widgets.context import Query, labels
from hub.widgets.money import ZERO, cents
from hub.widgets.params import TopWidgetArgs
from hub.widgets.registry import Widget

DOCS = InvoiceDoc.__table__
PAYMENTS = PaymentLine.__table__
ALLOCATIONS = CreditAllocation.__table__
OPEN = ("AUTHORISED", "PAID")


def _settled_later(query: Query) -> Any:
    """Per document: what payments and credit allocations dated after `to` settled of it."""
    parts = [
        select(key.label("doc_id"), table.c.amount).where(
            table.c.org_id.in_(query.org_ids), table.c.date > query.end, key.is_not(None)
        )
        for table, key in (
            (PAYMENTS, PAYMENTS.c.invoice_id),
            (PAYMENTS, PAYMENTS.c.credit_note_id),  # refunds of a credit note
            (ALLOCATIONS, ALLOCATIONS.c.invoice_id),  # credit applied to an invoice
            (ALLOCATIONS, ALLOCATIONS.c.record_id),  # ... and taken from a credit note
        )
    ]
    settled = union_all(*parts).subquery()
    # One row per document before the join: the join then looks documents up by key.
    return (
        select(settled.c.doc_id, func.sum(settled.c.amount).label("amount"))
        .group_by(settled.c.doc_id)
        .subquery()
    )


def aged(query: Query, doc_type: str) -> dict[str, Any]:
    as_at, width, count = query.end, query.args["bucket_days"], query.args["buckets"]
    due = func.coalesce(DOCS.c.due_date, DOCS.c.issue_date)
    bucket = case(
        (due >= as_at, literal(0)),
        *[(due >= as_at - timedelta(days=width * k), literal(k)) for k in range(1, count)],
        else_=literal(count),
    ).label("bucket")
    # What is still owed at `to` is valued at the rate in force on `to`.
    on_date = literal(as_at, Date).label("fx")
    keys = (DOCS.c.org_id, DOCS.c.currency, DOCS.c.kind, DOCS.c.contact_id)
    documents = [
        DOCS.c.org_id.in_(query.org_ids),
        DOCS.c.type == doc_type,
        DOCS.c.status.in_(OPEN),
        DOCS.c.issue_date <= as_at,
    ]
    # Two aggregates, each reading few rows: what is owed now (the partial index of
    # documents with something due), and what was settled after `to` (the payments and
    # allocations dated since).
    owed_now = (
        select(*keys[:2], on_date, *keys[2:], bucket, func.sum(DOCS.c.amount_due))
        .where(*documents, DOCS.c.amount_due != literal_column("0"))
        .group_by(*keys, bucket)
    )
    later = _settled_later(query)
    settled = (
        select(*keys[:2], on_date, *keys[2:], bucket, func.sum(later.c.amount))
        .select_from(later.join(DOCS, DOCS.c.record_id == later.c.doc_id))
        .where(*documents)
        .group_by(*keys, bucket)
    )
    session, converter = query.session, query.converter
    folded = converter.fold([*session.execute(owed_now), *session.execute(settled)], 1)
    contacts: dict[str | None, list[Any]] = {}
    for (kind, contact_id, index), (amount,) in folded.items():
        values = contacts.setdefault(contact_id, [ZERO] * (count + 1))
        values[index] += amount if kind == "invoice" else -amount  # credit reduces what is owed
    totals = [ZERO] * (count + 1)
    for values in contacts.values():
        totals = [a + b for a, b in zip(totals, values, strict=True)]
    ranked = sorted(
        ((c, v) for c, v in contacts.items() if any(v)), key=lambda cv: (-sum(cv[1]), cv[0] or "")
    )[: query.args["limit"]]
    names = labels(query.session, "contacts", [c for c, _ in ranked if c], "name")
    return {
        "as_at": as_at.isoformat(),
        "buckets": _buckets(width, count),
        "rows": [
            {
                "contact_id": contact_id,
                "name": names.get(contact_id or "", "(no contact)"),
                "values": [cents(v) for v in values],
                "total": cents(sum(values, ZERO)),
            }
            for contact_id, values in ranked
        ],
        "totals": [cents(v) for v in totals],
        "total": cents(sum(totals, ZERO)),
    }


def _buckets(width: int, count: int) -> list[dict[str, str]]:
    found = [{"key": "current", "label": "Current"}]
    for k in range(1, count):
        low, high = width * (k - 1) + 1, width * k
        found.append({"key": f"{low}-{high}", "label": f"{low}–{high} days"})
    low = width * (count - 1) + 1
    found.append({"key": f"{low}+", "label": f"Over {low - 1} days"})
    return found


class AgedArgs(TopWidgetArgs):
    bucket_days = fields.Integer(
        load_default=30,
        validate=validate.Range(min=1, max=365),
        metadata={"description": "days per age bucket"},
    )
    buckets = fields.Integer(
        load_default=4,
        validate=validate.Range(min=1, max=12),
        metadata={"description": "overdue buckets (the last is open-ended)"},
    )


RESULT = (
    "{as_at, buckets: [{key, label}] (current first), rows: [{contact_id, name, values: "
    "[amount per bucket], total}] (top N), totals: [per bucket], total}"
)
WIDGETS = [
    Widget(
        "aged_receivables",
        "Aged receivables",
        "invoices",
        "What customers owed as at `to`, by how long overdue.",
        AgedArgs,
        lambda query: aged(query, "SALES"),
        "bar",
        RESULT,
    ),
    Widget(
        "aged_payables",
        "Aged payables",
        "invoices",
        "What was owed to suppliers as at `to`, by how long overdue.",
        AgedArgs,
        lambda query: aged(query, "PURCHASE"),
        "bar",
        RESULT,
    ),
]
