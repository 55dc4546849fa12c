"""Ledger widgets: account balances and comparison, profit and loss, expenses vs revenue.

All read `journal_days` (journal lines summed per account and day). Figures are shown in
each account's natural sign, as Xero's reports show them: ASSET and EXPENSE accounts
positive when in debit, LIABILITY, EQUITY and REVENUE accounts positive when in credit.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from marshmallow import fields, validate
from sqlalchemy import func, null, select

from hub.models.widgets import JournalDay, LedgerAccount
from hub.widgets.context import Query
from hub.widgets.errors import WidgetError
from hub.widgets.money import ZERO, cents, grouping
from hub.widgets.params import WidgetArgs
from hub.widgets.registry import Widget

DAYS = JournalDay.__table__
ACCOUNTS = LedgerAccount.__table__
CLASS = ACCOUNTS.c["class"]  # a Python keyword: the model's attribute is class_
CREDIT_NORMAL = frozenset({"LIABILITY", "EQUITY", "REVENUE"})
PROFIT_AND_LOSS = ("REVENUE", "EXPENSE")
# Xero's profit and loss layout: section -> account types (class decides the untyped).
SECTIONS = (
    ("income", "Income", ("REVENUE", "SALES")),
    ("cost_of_sales", "Less cost of sales", ("DIRECT_COSTS",)),
    ("other_income", "Plus other income", ("OTHER_INCOME",)),
    ("expenses", "Less operating expenses", ("EXPENSE", "OVERHEADS", "DEPRECIATION")),
)


def sign(class_: str | None) -> int:
    return -1 if class_ in CREDIT_NORMAL else 1


def accounts_of(query: Query, ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """The chart of the selected organizations (or some accounts of it), by account id."""
    statement = select(ACCOUNTS).where(ACCOUNTS.c.org_id.in_(query.org_ids))
    if ids is not None:
        statement = statement.where(ACCOUNTS.c.record_id.in_(ids))
    return {
        row["record_id"]: {
            "id": row["record_id"],
            "organization_id": row["org_id"],
            "code": row["code"],
            "name": row["name"],
            "class": row["class"],
            "type": row["type"],
            "system_account": row["system_account"],
        }
        for row in query.session.execute(statement).mappings()
    }


def movements(query: Query, where: list[Any], by: Any) -> dict[tuple[Any, ...], Decimal]:
    """Converted sums of journal days in the range, per (`by`, period start)."""
    period = query.period_of(DAYS.c.date).label("period")
    fx = query.fx(DAYS.c.org_id, None, DAYS.c.date).label("fx")
    statement = (
        select(DAYS.c.org_id, null(), fx, by, period, func.sum(DAYS.c.amount))
        .select_from(DAYS.join(ACCOUNTS, ACCOUNTS.c.record_id == DAYS.c.account_id, isouter=True))
        .where(
            DAYS.c.org_id.in_(query.org_ids),
            query.ledger_sources(DAYS.c.org_id, DAYS.c.source),
            DAYS.c.date >= query.start,
            DAYS.c.date <= query.end,
            *where,
        )
        .group_by(*grouping(DAYS.c.org_id, fx, by, period))
    )
    folded = query.converter.fold(query.session.execute(statement), 1)
    return {key: sums[0] for key, sums in folded.items()}


def _opening(query: Query, ids: list[str]) -> dict[str, Decimal]:
    """Balances of some accounts before the range starts."""
    fx = query.fx(DAYS.c.org_id, None, DAYS.c.date, start=None).label("fx")
    statement = (
        select(DAYS.c.org_id, null(), fx, DAYS.c.account_id, func.sum(DAYS.c.amount))
        .where(
            DAYS.c.org_id.in_(query.org_ids),
            query.ledger_sources(DAYS.c.org_id, DAYS.c.source),
            DAYS.c.account_id.in_(ids),
            DAYS.c.date < query.start,
        )
        .group_by(*grouping(DAYS.c.org_id, fx, DAYS.c.account_id))
    )
    return {
        key[0]: sums[0]
        for key, sums in query.converter.fold(query.session.execute(statement), 1).items()
    }


def series(query: Query, ids: list[str], field: str) -> list[dict[str, Any]]:
    """Per account and period: the movement (P&L accounts) or the closing balance."""
    accounts = accounts_of(query, ids)
    unknown = [i for i in ids if i not in accounts]
    if unknown:
        raise WidgetError(field, f"No account {unknown[0]} in the selected organizations.")
    moves = movements(query, [DAYS.c.account_id.in_(ids)], DAYS.c.account_id)
    balance_ids = [i for i in ids if accounts[i]["class"] not in PROFIT_AND_LOSS]
    running = _opening(query, balance_ids) if balance_ids else {}
    dates = query.dates()
    result = []
    for account_id in ids:
        account = accounts[account_id]
        factor, cumulative = sign(account["class"]), account_id in balance_ids
        balance, values = running.get(account_id, ZERO), []
        for day in dates:
            move = moves.get((account_id, day), ZERO)
            balance += move
            values.append(factor * (balance if cumulative else move))
        total = values[-1] if cumulative else sum(values, ZERO)
        result.append(
            {
                **{
                    k: account[k]
                    for k in ("id", "organization_id", "code", "name", "class", "type")
                },
                "values": [cents(v) for v in values],
                "total": cents(total),
            }
        )
    return result


def accounts_balance(query: Query) -> dict[str, Any]:
    ids = [str(query.args["account_id"])]
    dates = [d.isoformat() for d in query.dates()]
    return {"dates": dates, "accounts": series(query, ids, "account_id")}


def accounts_comparison(query: Query) -> dict[str, Any]:
    ids = list(dict.fromkeys(str(i) for i in query.args["account_ids"]))
    dates = [d.isoformat() for d in query.dates()]
    return {"dates": dates, "accounts": series(query, ids, "account_ids")}


def profit_and_loss(query: Query) -> dict[str, Any]:
    accounts = accounts_of(query)
    moves = movements(query, [CLASS.in_(PROFIT_AND_LOSS)], DAYS.c.account_id)
    dates = query.dates()
    by_section: dict[str, list[str]] = defaultdict(list)
    for account_id in sorted(
        {k[0] for k in moves}, key=lambda a: (accounts[a]["code"] or "", accounts[a]["name"])
    ):
        account = accounts[account_id]
        key = next((s for s, _, types in SECTIONS if account["type"] in types), None)
        by_section[key or ("income" if account["class"] == "REVENUE" else "expenses")].append(
            account_id
        )
    sections, section_values = [], {}
    for key, title, _ in SECTIONS:
        rows, totals = [], [ZERO] * len(dates)
        for account_id in by_section[key]:
            account = accounts[account_id]
            values = [sign(account["class"]) * moves.get((account_id, d), ZERO) for d in dates]
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            rows.append(
                {
                    **{k: account[k] for k in ("id", "organization_id", "code", "name", "type")},
                    "values": [cents(v) for v in values],
                    "total": cents(sum(values, ZERO)),
                }
            )
        section_values[key] = totals
        sections.append(_line(key, title, totals) | {"accounts": rows})
    gross = [
        a - b
        for a, b in zip(section_values["income"], section_values["cost_of_sales"], strict=True)
    ]
    net = [
        g + o - e
        for g, o, e in zip(
            gross, section_values["other_income"], section_values["expenses"], strict=True
        )
    ]
    return {
        "dates": [d.isoformat() for d in dates],
        "sections": sections,
        "gross_profit": _line("gross_profit", "Gross profit", gross),
        "net_profit": _line("net_profit", "Net profit", net),
    }


def expenses_revenue(query: Query) -> dict[str, Any]:
    moves = movements(query, [CLASS.in_(PROFIT_AND_LOSS)], CLASS)
    dates = query.dates()
    revenue = [-moves.get(("REVENUE", d), ZERO) for d in dates]
    expenses = [moves.get(("EXPENSE", d), ZERO) for d in dates]
    net = [r - e for r, e in zip(revenue, expenses, strict=True)]
    return {
        "dates": [d.isoformat() for d in dates],
        "revenue": _line("revenue", "Revenue", revenue),
        "expenses": _line("expenses", "Expenses", expenses),
        "net": _line("net", "Net", net),
    }


def _line(key: str, title: str, values: list[Decimal]) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "values": [cents(v) for v in values],
        "total": cents(sum(values, ZERO)),
    }


class AccountBalanceArgs(WidgetArgs):
    account_id = fields.UUID(required=True, metadata={"description": "the account"})


class AccountsComparisonArgs(WidgetArgs):
    account_ids = fields.List(
        fields.UUID(),
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata={"description": "the accounts to compare (repeat the parameter)"},
    )


SERIES = (
    "{dates: [period start], accounts: [{id, organization_id, code, name, class, type, "
    "values: [amount per period], total}]}"
)
WIDGETS = [
    Widget(
        "accounts_balance",
        "Account balance",
        "accounting",
        "One account per period: its movement for revenue and expense accounts, its closing "
        "balance for the others.",
        AccountBalanceArgs,
        accounts_balance,
        "line",
        SERIES,
    ),
    Widget(
        "accounts_comparison",
        "Accounts comparison",
        "accounting",
        "Several accounts side by side per period (movements or closing balances).",
        AccountsComparisonArgs,
        accounts_comparison,
        "bar",
        SERIES,
    ),
    Widget(
        "profit_and_loss",
        "Profit and loss",
        "accounting",
        "Income, cost of sales, other income and operating expenses per account and period, "
        "with gross and net profit, laid out as Xero's Profit and Loss.",
        WidgetArgs,
        profit_and_loss,
        "statement",
        "{dates, sections: [{key, title, values, total, accounts: [{id, code, name, type, "
        "values, total}]}], gross_profit: {values, total}, net_profit: {values, total}}",
    ),
    Widget(
        "expenses_revenue",
        "Expenses vs revenue",
        "accounting",
        "Revenue and expenses per period, and their difference.",
        WidgetArgs,
        expenses_revenue,
        "bar",
        "{dates, revenue: {values, total}, expenses: {values, total}, net: {values, total}}",
    ),
]
