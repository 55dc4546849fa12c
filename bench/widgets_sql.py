"""The baselines of bench/widgets.py: one hand-written SQL aggregate per widget.

Each computes the widget's figures over the same projection tables, as someone would write
it by hand for this data (one currency converted through a rate-period join, the ledger
read from its GENERATED journals), and `figure` reduces its rows to one number that the
benchmark checks against the widget's own answer. On SQLite amounts are integers scaled by
10**4 (rates 10**10) and the conversion is done in floating point, hence a tolerance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

Rows = list[Any]


@dataclass(frozen=True)
class Baseline:
    sql: str
    figure: Callable[[Rows], Decimal]  # from the baseline's rows
    answer: Callable[[dict[str, Any]], Decimal]  # the same number from the widget's JSON
    cells: int = 1  # how many rounded figures of the widget `answer` adds up


class Dialect:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sqlite = name == "sqlite"

    def month(self, column: str) -> str:
        if self.sqlite:
            return f"strftime('%Y-%m', {column})"
        return f"to_char({column}, 'YYYY-MM')"

    def money(self, value: Any) -> Decimal:
        if value is None:
            return Decimal(0)
        if self.sqlite:
            return (
                Decimal(repr(value)) / 10000 if isinstance(value, float) else Decimal(value) / 10000
            )
        return Decimal(value)

    def fx_at_end(self) -> str:
        """The USD->AUD rate in force on :end (what the aged widgets value debts at)."""
        rate = "rate / 10000000000.0" if self.sqlite else "rate"
        return (
            f"fx AS (SELECT from_currency AS cur, {rate} AS rate FROM exchange_rates e "
            "WHERE org_id = :org AND to_currency = 'AUD' AND date = (SELECT MAX(date) "
            "FROM exchange_rates WHERE org_id = :org AND to_currency = 'AUD' "
            "AND from_currency = e.from_currency AND date <= :end))"
        )

    def fx(self) -> str:
        """Rate periods of USD->AUD, and the factor that converts a row joined to them."""
        rate = "rate / 10000000000.0" if self.sqlite else "rate"
        return (
            "fx AS (SELECT from_currency AS cur, date AS since, LEAD(date) OVER "
            f"(PARTITION BY from_currency ORDER BY date) AS until, {rate} AS rate "
            "FROM exchange_rates WHERE org_id = :org AND to_currency = 'AUD')"
        )


def _join(alias: str, column: str) -> str:
    return (
        f"LEFT JOIN fx ON fx.cur = {alias}.currency AND {alias}.{column} >= fx.since "
        f"AND (fx.until IS NULL OR {alias}.{column} < fx.until)"
    )


F = "COALESCE(fx.rate, 1)"


def baselines(d: Dialect, facts: dict[str, Any]) -> dict[str, Baseline]:
    bank, compared = facts["bank"], facts["compared"]
    listed = ", ".join(f"'{a}'" for a in compared)
    total = lambda rows, i=-1: sum((d.money(r[i]) for r in rows), Decimal(0))  # noqa: E731
    ledger = "org_id = :org AND source = 'GENERATED'"
    as_at = facts["as_at"]
    ages = " ".join(
        f"WHEN COALESCE(d.due_date, d.issue_date) >= '{as_at - timedelta(days=30 * k)}' THEN {k}"
        for k in range(1, 4)
    )
    aged_sql = lambda doc_type: (  # noqa: E731
        f"WITH {d.fx_at_end()}, "
        "paid AS (SELECT invoice_id AS doc, SUM(amount) AS amount FROM payment_lines "
        "WHERE org_id = :org AND date > :end AND invoice_id IS NOT NULL GROUP BY invoice_id), "
        "alloc AS (SELECT invoice_id AS doc, SUM(amount) AS amount FROM credit_allocations "
        "WHERE org_id = :org AND date > :end GROUP BY invoice_id) "
        "SELECT d.contact_id, CASE WHEN COALESCE(d.due_date, d.issue_date) >= :end THEN 0 "
        f"{ages} ELSE 4 END AS bucket, SUM((COALESCE(d.amount_due, 0) + COALESCE(p.amount, 0) "
        f"+ COALESCE(a.amount, 0)) * {F}) FROM invoice_docs d "
        "LEFT JOIN paid p ON p.doc = d.record_id LEFT JOIN alloc a ON a.doc = d.record_id "
        "LEFT JOIN fx ON fx.cur = d.currency WHERE d.org_id = :org AND d.kind = 'invoice' "
        f"AND d.type = '{doc_type}' AND d.status IN ('AUTHORISED', 'PAID') "
        "AND d.issue_date <= :end GROUP BY d.contact_id, bucket"
    )
    return {
        "accounts_balance": Baseline(
            f"SELECT 'opening', SUM(amount) FROM journal_days WHERE {ledger} "
            f"AND account_id = '{bank}' AND date < :start UNION ALL "
            f"SELECT {d.month('date')}, SUM(amount) FROM journal_days WHERE {ledger} "
            f"AND account_id = '{bank}' AND date >= :start AND date <= :end "
            f"GROUP BY {d.month('date')}",
            total,
            lambda w: Decimal(w["accounts"][0]["total"]),
        ),
        "accounts_comparison": Baseline(
            f"SELECT account_id, 'opening', SUM(amount) FROM journal_days WHERE {ledger} "
            f"AND account_id = '{bank}' AND date < :start GROUP BY account_id UNION ALL "
            f"SELECT account_id, {d.month('date')}, SUM(amount) FROM journal_days "
            f"WHERE {ledger} AND account_id IN ({listed}) AND date >= :start "
            f"AND date <= :end GROUP BY account_id, {d.month('date')}",
            lambda rows: total([r for r in rows if r[0] == bank]),
            lambda w: Decimal(w["accounts"][0]["total"]),
        ),
        "profit_and_loss": Baseline(
            f"SELECT a.type, j.account_id, {d.month('j.date')}, SUM(j.amount) "
            "FROM journal_days j JOIN ledger_accounts a ON a.record_id = j.account_id "
            "WHERE j.org_id = :org AND j.source = 'GENERATED' AND j.date >= :start "
            "AND j.date <= :end AND a.class IN ('REVENUE', 'EXPENSE') "
            f"GROUP BY a.type, j.account_id, {d.month('j.date')}",
            lambda rows: -total(rows),
            lambda w: Decimal(w["net_profit"]["total"]),
        ),
        "expenses_revenue": Baseline(
            f"SELECT a.class, {d.month('j.date')}, SUM(j.amount) FROM journal_days j "
            "JOIN ledger_accounts a ON a.record_id = j.account_id WHERE j.org_id = :org "
            "AND j.source = 'GENERATED' AND j.date >= :start AND j.date <= :end "
            f"AND a.class IN ('REVENUE', 'EXPENSE') GROUP BY a.class, {d.month('j.date')}",
            lambda rows: -total([r for r in rows if r[0] == "REVENUE"]),
            lambda w: Decimal(w["revenue"]["total"]),
        ),
        "balance_sheet": Baseline(
            "SELECT j.account_id, a.class, "
            "SUM(CASE WHEN j.date <= :end THEN j.amount END), "
            "SUM(CASE WHEN j.date <= :before THEN j.amount END), "
            "SUM(CASE WHEN j.date >= :fy AND j.date <= :end THEN j.amount END), "
            "SUM(CASE WHEN j.date >= :fy_before AND j.date <= :before THEN j.amount END) "
            "FROM journal_days j LEFT JOIN ledger_accounts a ON a.record_id = j.account_id "
            "WHERE j.org_id = :org AND j.source = 'GENERATED' AND j.date <= :end "
            "GROUP BY j.account_id, a.class",
            lambda rows: total([r for r in rows if r[1] == "ASSET"], 2),
            lambda w: Decimal(w["assets"]["values"][0]),
        ),
        "invoices_list": Baseline(
            f"WITH {d.fx()} SELECT d.contact_id, COUNT(*), SUM(d.total * {F}) AS invoiced, "
            f"SUM(d.amount_paid * {F}), SUM(d.amount_credited * {F}), "
            f"SUM(d.amount_due * {F}) FROM invoice_docs d {_join('d', 'issue_date')} "
            "WHERE d.org_id = :org AND d.kind = 'invoice' AND d.type = 'SALES' "
            "AND d.status IN ('AUTHORISED', 'PAID') AND d.issue_date >= :start "
            "AND d.issue_date <= :end GROUP BY d.contact_id ORDER BY invoiced DESC",
            lambda rows: total(rows, 2),
            lambda w: Decimal(w["totals"]["total_invoiced"]),
        ),
        "invoices_summary": Baseline(
            f"WITH {d.fx()} SELECT CASE WHEN d.status IN ('DRAFT', 'SUBMITTED') THEN 'draft' "
            "WHEN d.status = 'PAID' THEN 'paid' WHEN d.due_date < :end THEN 'overdue' "
            f"ELSE 'awaiting' END AS slice, COUNT(*), SUM(d.total * {F}), "
            f"SUM(d.amount_due * {F}) FROM invoice_docs d {_join('d', 'issue_date')} "
            "WHERE d.org_id = :org AND d.kind = 'invoice' AND d.type = 'SALES' "
            "AND d.status IN ('DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID') "
            "AND d.issue_date >= :start AND d.issue_date <= :end GROUP BY slice",
            lambda rows: total(rows, 2),
            lambda w: Decimal(w["total"]),
        ),
        "aged_receivables": Baseline(
            aged_sql("SALES"), lambda rows: total(rows), lambda w: Decimal(w["total"])
        ),
        "aged_payables": Baseline(
            aged_sql("PURCHASE"), lambda rows: total(rows), lambda w: Decimal(w["total"])
        ),
        "sales_growth": Baseline(
            f"WITH {d.fx()} SELECT l.item_id, {d.month('l.issue_date')}, "
            f"SUM(l.net_amount * {F}) FROM invoice_lines l {_join('l', 'issue_date')} "
            "WHERE l.org_id = :org AND l.kind = 'invoice' AND l.type = 'SALES' "
            "AND l.status IN ('AUTHORISED', 'PAID') AND l.issue_date >= :start "
            "AND l.issue_date <= :end AND l.item_id IS NOT NULL "
            f"GROUP BY l.item_id, {d.month('l.issue_date')}",
            total,
            lambda w: sum((Decimal(v) for v in w["totals"]), Decimal(0)),
            cells=12,
        ),
        "cash_flow": Baseline(
            f"WITH {d.fx()} SELECT p.type, {d.month('p.date')}, SUM(p.amount * {F}) "
            f"FROM payment_lines p {_join('p', 'date')} WHERE p.org_id = :org "
            f"AND p.date >= :start AND p.date <= :end GROUP BY p.type, {d.month('p.date')}",
            lambda rows: (
                total([r for r in rows if r[0] == "RECEIVE"])
                - total([r for r in rows if r[0] == "SPEND"])
            ),
            lambda w: Decimal(w["totals"]["net"]),
        ),
        "employees_list": Baseline(
            "SELECT e.record_id, e.name, SUM(s.annual_amount) FROM (SELECT record_id, "
            "annual_amount, ROW_NUMBER() OVER (PARTITION BY record_id, pay_item "
            "ORDER BY effective_from DESC) AS rn FROM salary_lines WHERE org_id = :org "
            "AND (effective_from IS NULL OR effective_from <= :end)) s "
            "JOIN employee_docs e ON e.record_id = s.record_id WHERE s.rn = 1 "
            "GROUP BY e.record_id, e.name ORDER BY e.name",
            total,
            lambda w: Decimal(w["totals"]["annual_salary"]),
        ),
        "timesheets": Baseline(
            f"SELECT employee_id, {d.month('date')}, SUM(hours) FROM timesheet_lines "
            "WHERE org_id = :org AND date >= :start AND date <= :end "
            f"AND status <> 'REJECTED' GROUP BY employee_id, {d.month('date')}",
            total,
            lambda w: Decimal(w["total"]),
        ),
    }
