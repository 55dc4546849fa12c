"""Balance sheet at two dates, with current year earnings and retained earnings computed.

Assets, liabilities and equity are the balances of their accounts at each date. Revenue
and expense accounts are not listed: their balance since the start of the financial year
(company `financial_year_end`, 31 December by default) is the Current Year Earnings line,
and their balance before it is added to Retained Earnings (the equity account whose
`system_account` is RETAINEDEARNINGS, or a line of its own), as Xero does. Assets less
liabilities then equal equity.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from marshmallow import fields
from sqlalchemy import Date, and_, case, func, null, select

from hub.widgets.context import Query
from hub.widgets.ledger import ACCOUNTS, CLASS, DAYS, PROFIT_AND_LOSS, accounts_of, sign
from hub.widgets.money import ZERO, cents, grouping
from hub.widgets.params import WidgetArgs
from hub.widgets.registry import Widget

SIDES = (("assets", "ASSET"), ("liabilities", "LIABILITY"))
TYPE_TITLES = {
    "BANK": "Bank",
    "CURRENT_ASSET": "Current assets",
    "FIXED_ASSET": "Fixed assets",
    "INVENTORY": "Inventory",
    "NON_CURRENT_ASSET": "Non-current assets",
    "PREPAYMENT": "Prepayments",
    "CURRENT_LIABILITY": "Current liabilities",
    "LIABILITY": "Liabilities",
    "NON_CURRENT_LIABILITY": "Non-current liabilities",
    "PAYG_LIABILITY": "PAYG liabilities",
    "EQUITY": "Equity",
}


def _balances(query: Query, dates: list[date]) -> dict[tuple[Any, ...], list[Decimal]]:
    """Per account: its balance at each date, then (P&L accounts) the part in the FY."""
    columns = []
    for day in dates:
        columns.append(func.sum(case((DAYS.c.date <= day, DAYS.c.amount))))
    for day in dates:
        year_start = query.per_org(
            DAYS.c.org_id, {o: query.year_start(o, day) for o in query.org_ids}, Date
        )
        in_year = and_(DAYS.c.date >= year_start, DAYS.c.date <= day)
        columns.append(func.sum(case((and_(CLASS.in_(PROFIT_AND_LOSS), in_year), DAYS.c.amount))))
    fx = query.fx(DAYS.c.org_id, None, DAYS.c.date, start=None).label("fx")
    statement = (
        select(DAYS.c.org_id, null(), fx, DAYS.c.account_id, *columns)
        .select_from(DAYS.join(ACCOUNTS, ACCOUNTS.c.record_id == DAYS.c.account_id, isouter=True))
        .where(
            DAYS.c.org_id.in_(query.org_ids),
            query.ledger_sources(DAYS.c.org_id, DAYS.c.source),
            DAYS.c.date <= max(dates),
        )
        .group_by(*grouping(DAYS.c.org_id, fx, DAYS.c.account_id))
    )
    rows = query.session.execute(statement)
    return query.converter.fold(rows, 2 * len(dates))


def balance_sheet(query: Query) -> dict[str, Any]:
    dates = [query.end, query.args.get("compare_to") or _year_before(query.end)]
    n = len(dates)
    accounts = accounts_of(query)
    balances = _balances(query, dates)
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {
        "ASSET": {},
        "LIABILITY": {},
        "EQUITY": {},
    }
    current, retained = [ZERO] * n, [ZERO] * n
    unclassified = [ZERO] * n
    for (account_id,), sums in balances.items():
        account = accounts.get(account_id)
        at_dates, in_year = sums[:n], sums[n:]
        if account is None or account["class"] is None:
            unclassified = [a + b for a, b in zip(unclassified, at_dates, strict=True)]
            continue
        if account["class"] in PROFIT_AND_LOSS:  # credit-normal profit: minus the debits
            current = [c - y for c, y in zip(current, in_year, strict=True)]
            retained = [r - (b - y) for r, b, y in zip(retained, at_dates, in_year, strict=True)]
            continue
        values = [sign(account["class"]) * b for b in at_dates]
        if all(v == 0 for v in values):
            continue
        row = {k: account[k] for k in ("id", "organization_id", "code", "name", "system_account")}
        groups[account["class"]].setdefault(account["type"] or account["class"], []).append(
            row | {"values": values}
        )
    equity_rows = groups["EQUITY"].setdefault("EQUITY", [])
    target = next((r for r in equity_rows if r["system_account"] == "RETAINEDEARNINGS"), None)
    if target is None:
        chart = [a for a in accounts.values() if a["system_account"] == "RETAINEDEARNINGS"]
        keys = ("id", "organization_id", "code", "name")
        base = {k: chart[0][k] for k in keys} if chart else {"id": None, "code": None}
        target = {"name": "Retained Earnings", **base, "values": [ZERO] * n}
        equity_rows.append(target)
    target["values"] = [v + r for v, r in zip(target["values"], retained, strict=True)]
    target["computed"] = True
    equity_rows.append(
        {
            "id": None,
            "code": None,
            "name": "Current Year Earnings",
            "values": current,
            "computed": True,
        }
    )
    sections = {key: _section(groups[class_], n) for key, class_ in SIDES}
    sections["equity"] = _section(groups["EQUITY"], n)
    net = [
        a - b
        for a, b in zip(
            sections["assets"]["_total"], sections["liabilities"]["_total"], strict=True
        )
    ]
    result: dict[str, Any] = {"dates": [d.isoformat() for d in dates]}
    for key, section in sections.items():
        section.pop("_total")
        result[key] = section
    result["net_assets"] = [cents(v) for v in net]
    result["current_year_earnings"] = [cents(v) for v in current]
    result["retained_earnings"] = [cents(v) for v in retained]
    if any(unclassified):  # lines on accounts the hub has not seen: shown, never dropped
        result["unclassified"] = [cents(v) for v in unclassified]
    return result


def _section(types: dict[str, list[dict[str, Any]]], width: int) -> dict[str, Any]:
    total = [ZERO] * width
    out = []
    for type_, rows in sorted(types.items()):
        if not rows:
            continue
        subtotal = [ZERO] * width
        for row in rows:
            subtotal = [a + b for a, b in zip(subtotal, row["values"], strict=True)]
        total = [a + b for a, b in zip(total, subtotal, strict=True)]
        out.append(
            {
                "type": type_,
                "title": TYPE_TITLES.get(type_, type_.replace("_", " ").capitalize()),
                "accounts": [
                    {k: v for k, v in row.items() if k != "system_account"}
                    | {"values": [cents(v) for v in row["values"]]}
                    for row in sorted(rows, key=lambda r: (r.get("code") or "~", r["name"]))
                ],
                "values": [cents(v) for v in subtotal],
            }
        )
    return {"types": out, "values": [cents(v) for v in total], "_total": total}


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class BalanceSheetArgs(WidgetArgs):
    compare_to = fields.Date(
        metadata={"description": "the second date (default: a year before `to`)"}
    )


WIDGETS = [
    Widget(
        "balance_sheet",
        "Balance sheet",
        "accounting",
        "Assets, liabilities and equity at `to` and at `compare_to`, with Current Year "
        "Earnings and Retained Earnings computed from revenue and expense accounts.",
        BalanceSheetArgs,
        balance_sheet,
        "statement",
        "{dates: [to, compare_to], assets|liabilities|equity: {values, types: [{type, title, "
        "values, accounts: [{id, code, name, values, computed?}]}]}, net_assets, "
        "current_year_earnings, retained_earnings, unclassified?}",
    )
]
