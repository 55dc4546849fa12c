"""Cash flow from payments: money received and spent per period, and the net.

Payments (not DELETED) dated in the range, optionally into or out of one bank account. A
payment without a type is placed by the document it pays: a customer invoice or a supplier
credit note brings money in, a bill or a customer credit note sends it out.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields
from sqlalchemy import case, func, select

from hub.models.widgets import InvoiceDoc, PaymentLine
from hub.widgets.context import Query
from hub.widgets.money import ZERO, cents, grouping
from hub.widgets.params import WidgetArgs
from hub.widgets.registry import Widget

PAYMENTS = PaymentLine.__table__
DOCS = InvoiceDoc.__table__


def cash_flow(query: Query) -> dict[str, Any]:
    document = DOCS.c.record_id == func.coalesce(PAYMENTS.c.invoice_id, PAYMENTS.c.credit_note_id)
    money_in = (DOCS.c.kind == "invoice") == (DOCS.c.type == "SALES")
    # Looked up only for payments without a type: a scalar subquery inside the CASE.
    by_document = (
        select(case((money_in, "RECEIVE"), else_="SPEND")).where(document).scalar_subquery()
    )
    direction = case(
        (PAYMENTS.c.type.is_not(None), PAYMENTS.c.type),
        else_=func.coalesce(by_document, "SPEND"),
    ).label("direction")
    period = query.period_of(PAYMENTS.c.date).label("period")
    fx = query.fx(PAYMENTS.c.org_id, PAYMENTS.c.currency, PAYMENTS.c.date).label("fx")
    where = [
        PAYMENTS.c.org_id.in_(query.org_ids),
        PAYMENTS.c.date >= query.start,
        PAYMENTS.c.date <= query.end,
    ]
    if query.args.get("account_id"):
        where.append(PAYMENTS.c.account_id == str(query.args["account_id"]))
    statement = (
        select(PAYMENTS.c.org_id, PAYMENTS.c.currency, fx, direction, period)
        .add_columns(func.sum(PAYMENTS.c.amount))
        .where(*where)
        .group_by(*grouping(PAYMENTS.c.org_id, PAYMENTS.c.currency, fx, direction, period))
    )
    folded = query.converter.fold(query.session.execute(statement), 1)
    dates = query.dates()
    received = [folded.get(("RECEIVE", d), [ZERO])[0] for d in dates]
    spent = [folded.get(("SPEND", d), [ZERO])[0] for d in dates]
    net = [r - s for r, s in zip(received, spent, strict=True)]
    return {
        "dates": [d.isoformat() for d in dates],
        "received": [cents(v) for v in received],
        "spent": [cents(v) for v in spent],
        "net": [cents(v) for v in net],
        "totals": {
            "received": cents(sum(received, ZERO)),
            "spent": cents(sum(spent, ZERO)),
            "net": cents(sum(net, ZERO)),
        },
    }


class CashFlowArgs(WidgetArgs):
    account_id = fields.UUID(metadata={"description": "only this bank account (default: all)"})


WIDGETS = [
    Widget(
        "cash_flow",
        "Cash flow",
        "cash",
        "Payments received and made per period, and the net cash movement.",
        CashFlowArgs,
        cash_flow,
        "bar",
        "{dates, received: [per period], spent: [...], net: [...], totals: {received, spent, net}}",
    )
]
