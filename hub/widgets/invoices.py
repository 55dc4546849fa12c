"""Invoice widgets: totals per customer or supplier (top N), and a summary by status.

Only approved invoices count in totals (AUTHORISED and PAID, as in Xero's reports); the
summary also shows drafts. Invoices are taken by issue date within `from`..`to`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import fields, validate
from sqlalchemy import case, func, select

from hub.models.widgets import InvoiceDoc
from hub.widgets.context import Query, labels
from hub.widgets.money import ZERO, cents, grouping
from hub.widgets.params import TopWidgetArgs, WidgetArgs, entity_field
from hub.widgets.registry import Widget

DOCS = InvoiceDoc.__table__
APPROVED = ("AUTHORISED", "PAID")
TYPES = {"customers": "SALES", "suppliers": "PURCHASE"}
FIGURES = ("total_invoiced", "total_paid", "total_credited", "total_due")
ORDERS = ("name", "invoices", *FIGURES)


def _approved_invoices(query: Query) -> list[Any]:
    return [
        DOCS.c.org_id.in_(query.org_ids),
        DOCS.c.kind == "invoice",
        DOCS.c.type == TYPES[query.args["entity"]],
        DOCS.c.issue_date >= query.start,
        DOCS.c.issue_date <= query.end,
    ]


def invoices_list(query: Query) -> dict[str, Any]:
    fx = query.fx(DOCS.c.org_id, DOCS.c.currency, DOCS.c.issue_date).label("fx")
    sums = [DOCS.c.total, DOCS.c.amount_paid, DOCS.c.amount_credited, DOCS.c.amount_due]
    statement = (
        select(
            DOCS.c.org_id,
            DOCS.c.currency,
            fx,
            DOCS.c.contact_id,
            func.count(),
            *[func.sum(column) for column in sums],
        )
        .where(*_approved_invoices(query), DOCS.c.status.in_(APPROVED))
        .group_by(*grouping(DOCS.c.org_id, DOCS.c.currency, fx, DOCS.c.contact_id))
    )
    rows = query.session.execute(statement).all()
    converter = query.converter
    converter.check((r[0], r[1], r[2]) for r in rows)
    contacts: dict[str | None, dict[str, Any]] = {}
    for org_id, currency, fx_day, contact_id, count, *amounts in rows:
        entry = contacts.get(contact_id)
        if entry is None:
            entry = contacts[contact_id] = {
                "contact_id": contact_id,
                "organization_id": org_id,
                "invoices": 0,
                **dict.fromkeys(FIGURES, ZERO),
                "fx": {},
            }
        entry["invoices"] += count
        own = converter.currency_of(org_id, currency) or ""
        in_own = entry["fx"].get(own)
        if in_own is None:
            in_own = entry["fx"][own] = [ZERO, ZERO]
        in_own[0] += amounts[0] or ZERO
        in_own[1] += amounts[3] or ZERO
        rate = converter.factor(org_id, currency, fx_day)
        for name, amount in zip(FIGURES, amounts, strict=True):
            if amount is not None:
                entry[name] += amount if rate is None else amount * rate
    order = query.args["order_by"]
    ranked = list(contacts.values())
    if order == "name":
        names = labels(query.session, "contacts", [c for c in contacts if c], "name")
        ranked.sort(key=lambda e: (names.get(e["contact_id"], "~").lower(), e["contact_id"] or ""))
    else:
        ranked.sort(key=lambda e: (-e[order], e["contact_id"] or ""))
    top = ranked[: query.args["limit"]]
    if order != "name":
        names = labels(query.session, "contacts", [e["contact_id"] for e in top], "name")
    return {
        "entity": query.args["entity"],
        "order_by": order,
        "rows": [_row(entry, names) for entry in top],
        "totals": {
            "contacts": len(contacts),
            "invoices": sum(e["invoices"] for e in contacts.values()),
            **{name: cents(sum((e[name] for e in contacts.values()), ZERO)) for name in FIGURES},
        },
    }


def _row(entry: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    fx = entry.pop("fx")
    return {
        **entry,
        "name": names.get(entry["contact_id"] or "", "(no contact)"),
        **{name: cents(entry[name]) for name in FIGURES},
        "fx_totals": [
            {"currency": c or None, "total_invoiced": cents(t), "total_due": cents(d)}
            for c, (t, d) in sorted(fx.items())
        ],
    }


SLICES = (
    ("draft", "Draft", ("DRAFT", "SUBMITTED")),
    ("awaiting_payment", "Awaiting payment", ("AUTHORISED",)),
    ("overdue", "Overdue", ("AUTHORISED",)),
    ("paid", "Paid", ("PAID",)),
)


def invoices_summary(query: Query) -> dict[str, Any]:
    fx = query.fx(DOCS.c.org_id, DOCS.c.currency, DOCS.c.issue_date).label("fx")
    slice_ = case(
        (DOCS.c.status.in_(("DRAFT", "SUBMITTED")), "draft"),
        (DOCS.c.status == "PAID", "paid"),
        (DOCS.c.due_date < query.end, "overdue"),
        else_="awaiting_payment",
    ).label("slice")
    statement = (
        select(
            DOCS.c.org_id,
            DOCS.c.currency,
            fx,
            slice_,
            func.count(),
            func.sum(DOCS.c.total),
            func.sum(DOCS.c.amount_due),
        )
        .where(
            *_approved_invoices(query),
            DOCS.c.status.in_(("DRAFT", "SUBMITTED", *APPROVED)),
        )
        .group_by(*grouping(DOCS.c.org_id, DOCS.c.currency, fx, slice_))
    )
    rows = query.session.execute(statement).all()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[3]] = counts.get(row[3], 0) + row[4]
    folded = query.converter.fold(([*r[:4], r[5], r[6]] for r in rows), 2)
    slices = []
    for key, label, _ in SLICES:
        total, due = folded.get((key,), [ZERO, ZERO])
        slices.append(
            {
                "key": key,
                "label": label,
                "invoices": counts.get(key, 0),
                "total": cents(total),
                "amount_due": cents(due),
            }
        )
    grand: Decimal = sum((v[0] for v in folded.values()), ZERO)
    return {"entity": query.args["entity"], "slices": slices, "total": cents(grand)}


class InvoicesListArgs(TopWidgetArgs):
    entity = entity_field()
    order_by = fields.String(
        load_default="total_invoiced",
        validate=validate.OneOf(ORDERS),
        metadata={"description": "order of the rows: by name, count or a total (largest first)"},
    )


class InvoicesSummaryArgs(WidgetArgs):
    entity = entity_field()


WIDGETS = [
    Widget(
        "invoices_list",
        "Invoices per customer or supplier",
        "invoices",
        "Approved invoices (or bills) issued in the range, totalled per contact in the "
        "reporting currency and per original currency; the top N by the chosen order, with "
        "totals over every contact.",
        InvoicesListArgs,
        invoices_list,
        "table",
        "{entity, order_by, rows: [{contact_id, organization_id, name, invoices, "
        "total_invoiced, total_paid, total_credited, total_due, fx_totals: [{currency, "
        "total_invoiced, total_due}]}], totals: {contacts, invoices, total_invoiced, ...}}",
    ),
    Widget(
        "invoices_summary",
        "Invoices summary",
        "invoices",
        "Invoices (or bills) issued in the range by state as at `to`: draft, awaiting "
        "payment, overdue and paid.",
        InvoicesSummaryArgs,
        invoices_summary,
        "pie",
        "{entity, slices: [{key, label, invoices, total, amount_due}], total}",
    ),
]
