"""Sales growth per product: quantity or value sold (or purchased) per item and period.

Lines of approved invoices (AUTHORISED or PAID) issued in the range that name an item;
whole months are read from their running totals (`sales_months`), only the days of a
partial month at either end from the lines.
Net value is the line amount less its tax; gross value includes the tax. Credit notes are
not subtracted (Xero's "Sales by item" does not either).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from marshmallow import fields, validate
from sqlalchemy import func, select

from hub.models.widgets import InvoiceLine, SalesMonth
from hub.widgets import periods
from hub.widgets.context import Query, labels
from hub.widgets.money import ZERO, cents, grouping
from hub.widgets.params import TopWidgetArgs
from hub.widgets.registry import Widget

LINES = InvoiceLine.__table__
MONTHS = SalesMonth.__table__
ONE_DAY = timedelta(days=1)
FILTERS = tuple(
    f"{figure}_{side}"
    for side in ("sold", "purchased")
    for figure in ("quantity", "net_value", "gross_value")
)


def sales_growth(query: Query) -> dict[str, Any]:
    figure, _, side = query.args["filter"].rpartition("_")
    wanted = [str(i) for i in query.args.get("item_ids") or ()]
    totals: dict[tuple[Any, ...], Decimal] = {}
    for source, first, last in _pieces(query):
        for key, value in _sums(query, source, first, last, figure, side, wanted).items():
            totals[key] = totals.get(key, ZERO) + value
    dates = query.dates()
    index = {day: n for n, day in enumerate(dates)}
    items: dict[str, list[Decimal]] = {}
    for (item_id, day), value in totals.items():
        items.setdefault(item_id, [ZERO] * len(dates))[index[day]] += value
    order = wanted or sorted(items, key=lambda i: (-sum(items[i], ZERO), i))
    top = [i for i in order if i in items or wanted][: query.args["limit"]]
    names = labels(query.session, "items", top, "name", "code")
    codes = labels(query.session, "items", top, "code")
    show = units if figure == "quantity" else cents
    overall = [ZERO] * len(dates)
    for values in items.values():
        overall = [a + b for a, b in zip(overall, values, strict=True)]
    result: dict[str, Any] = {
        "filter": query.args["filter"],
        "dates": [d.isoformat() for d in dates],
        "items": [
            {
                "item_id": item_id,
                "code": codes.get(item_id),
                "name": names.get(item_id, ""),
                "values": [show(v) for v in items.get(item_id, [ZERO] * len(dates))],
                "total": show(sum(items.get(item_id, ()), ZERO)),
            }
            for item_id in top
        ],
        "totals": [show(v) for v in overall],
    }
    if figure == "quantity":
        result["currency"] = None
    return result


def _pieces(query: Query) -> list[tuple[str, date, date]]:
    """Which table serves which days: whole months from sales_months, the rest from lines.

    Month totals serve month, quarter and year periods, unless a rate changes inside a
    month of the range (a month's total then needs more than one rate).
    """
    start, end = query.start, query.end
    if query.period in ("day", "week") or not query.converter.month_aligned(start, end):
        return [("lines", start, end)]
    first = start if start.day == 1 else periods.shift(periods.trunc(start, "month"), "month", 1)
    month_of_end = periods.trunc(end, "month")
    last = end if end == periods.last_day(month_of_end, "month") else month_of_end - ONE_DAY
    if first > last:
        return [("lines", start, end)]
    pieces = [("months", first, last)]
    if start < first:
        pieces.append(("lines", start, first - ONE_DAY))
    if last < end:
        pieces.append(("lines", last + ONE_DAY, end))
    return pieces


def _sums(
    query: Query, source: str, first: date, last: date, figure: str, side: str, wanted: list[str]
) -> dict[tuple[Any, ...], Decimal]:
    """Per (item, period start): the figure over [first, last] from one table, converted."""
    if source == "lines":
        table, day, currency = LINES, LINES.c.issue_date, LINES.c.currency
        where = [
            LINES.c.kind == "invoice",
            LINES.c.status.in_(("AUTHORISED", "PAID")),
            LINES.c.item_id.is_not(None),
        ]
    else:
        table, day, currency = MONTHS, MONTHS.c.month, func.nullif(MONTHS.c.currency, "")
        where = []
    where += [
        table.c.org_id.in_(query.org_ids),
        table.c.type == ("SALES" if side == "sold" else "PURCHASE"),
        day >= first,
        day <= last,
    ]
    if wanted:
        where.append(table.c.item_id.in_(wanted))
    period = query.period_of(day).label("period")
    if figure == "quantity":  # units are not money: nothing to convert
        statement = (
            select(table.c.org_id, table.c.item_id, period, func.sum(table.c.quantity))
            .where(*where)
            .group_by(table.c.org_id, table.c.item_id, period)
        )
        found: dict[tuple[Any, ...], Decimal] = {}
        for _, item_id, start, amount in query.session.execute(statement):
            found[(item_id, start)] = found.get((item_id, start), ZERO) + (amount or ZERO)
        return found
    fx = query.fx(table.c.org_id, currency, day, start=first).label("fx")
    columns = [table.c.net_amount] + ([table.c.tax_amount] if figure == "gross_value" else [])
    keys = (table.c.org_id, currency.label("currency"), fx, table.c.item_id, period)
    if source == "months" and query.period == "month":
        # Month totals by month: one row per group already, nothing to add up in SQL.
        statement = select(*keys, *columns).where(*where)
    else:
        statement = (
            select(*keys, *[func.sum(column) for column in columns])
            .where(*where)
            .group_by(*grouping(table.c.org_id, currency, fx, table.c.item_id, period))
        )
    amounts = columns
    folded = query.converter.fold(query.session.execute(statement), len(amounts))
    return {key: sum(sums, ZERO) for key, sums in folded.items()}


def units(value: Decimal) -> str:
    """A quantity without trailing zeros: "12", "2.5"."""
    return format(value.normalize(), "f") if value else "0"


class SalesGrowthArgs(TopWidgetArgs):
    filter = fields.String(
        load_default="net_value_sold",
        validate=validate.OneOf(FILTERS),
        metadata={"description": "what to add up per item: quantity, net or gross value"},
    )
    item_ids = fields.List(
        fields.UUID(),
        validate=validate.Length(max=50),
        metadata={"description": "these items (repeat the parameter); default: the top N"},
    )


WIDGETS = [
    Widget(
        "sales_growth",
        "Sales growth per product",
        "sales",
        "Quantity or value sold (or purchased) per item and period; the top N items over "
        "the range unless items are chosen.",
        SalesGrowthArgs,
        sales_growth,
        "line",
        "{filter, dates, items: [{item_id, code, name, values, total}], totals: [all items]}",
    )
]
