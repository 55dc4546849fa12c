"""Payroll costs as journals: each posted pay run becomes one balanced Xero manual journal.

Posting a pay run finalises its period. When the `payroll_journals` setting is on, the
timesheets read of a sync also reads posted pay runs and sends each one's costs to the
configured accounts. Exactly one journal per pay run: the journal's Narration names the pay
run, and a journal with that Narration already in Xero is never sent again (whatever the
cursor says: a lost cursor or a second sync finds it); the write carries an
Idempotency-Key too, so a retried call is a replay, not a second journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from hub.sdk import SkipRecord

from . import values
from .client import XeroClient

ZERO = Decimal(0)
MAX_REMEMBERED = 200  # pay runs kept in the cursor to spare a lookup each sync


def narration(run: Mapping[str, Any]) -> str:
    start = values.parse_day(run.get("PayRunPeriodStartDate"))
    end = values.parse_day(run.get("PayRunPeriodEndDate"))
    return f"Payroll costs {start} to {end} (pay run {run['PayRunID']})"


def lines(run: Mapping[str, Any], settings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Signed lines (debit +): wages and reimbursements as expense, PAYG withheld and the
    rest (net pay and deductions owed on) as liabilities, super as its own pair. Balanced by
    construction: the wages payable line is what the others leave."""
    total = {k: values.dec(run.get(k)) or ZERO for k in ("Wages", "Tax", "Super", "Reimbursement")}
    found = [
        (settings["wages_expense_account"], "Wages and salaries", total["Wages"]),
        (settings["wages_expense_account"], "Reimbursements", total["Reimbursement"]),
        (settings["tax_payable_account"], "PAYG withheld", -total["Tax"]),
        (
            settings["wages_payable_account"],
            "Net wages and deductions payable",
            -(total["Wages"] + total["Reimbursement"] - total["Tax"]),
        ),
    ]
    expense, payable = settings.get("super_expense_account"), settings.get("super_payable_account")
    if total["Super"] and expense and payable:
        found += [
            (expense, "Superannuation", total["Super"]),
            (payable, "Superannuation payable", -total["Super"]),
        ]
    return [
        {"AccountCode": code, "Description": text, "LineAmount": amount}
        for code, text, amount in found
        if amount != ZERO
    ]


def _exists(accounting: XeroClient, text: str) -> bool:
    quoted = text.replace('"', '\\"')
    body = accounting.get("/ManualJournals", {"where": f'Narration=="{quoted}"'})
    return any(j.get("Status") != "DELETED" for j in body.get("ManualJournals") or [])


def journal(run: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    day = values.parse_day(run.get("PaymentDate")) or values.parse_day(
        run.get("PayRunPeriodEndDate")
    )
    return {
        "Narration": narration(run),
        "Date": day,
        "Status": "POSTED",
        "LineAmountTypes": "NoTax",
        "JournalLines": lines(run, settings),
    }


def send(
    client: XeroClient,
    accounting: XeroClient,
    settings: Mapping[str, Any],
    state: dict[str, Any],
    problems: list[str],
) -> list[str]:
    """Journal every posted pay run not journalled yet; the pay run ids done, for the cursor.
    Xero's refusal (an account code that does not exist...) goes to `problems` and the pay
    run is tried again next sync."""
    done: list[str] = list(state.get("journalled") or [])
    body = client.get("/PayRuns", {"where": 'PayRunStatus=="POSTED"'})
    for run in body.get("PayRuns") or []:
        run_id = str(run["PayRunID"])
        if run_id in done:
            continue
        text = narration(run)
        if not _exists(accounting, text):
            element = journal(run, settings)
            if len(element["JournalLines"]) >= 2:
                try:
                    accounting.send(
                        "PUT",
                        "/ManualJournals",
                        {"ManualJournals": [element]},
                        [f"payrun-{run_id}"],
                    )
                except SkipRecord as exc:
                    problems.append(
                        f"The payroll journal for {text} was refused: {exc.user_message}"
                    )
                    continue
        done.append(run_id)
    return done[-MAX_REMEMBERED:]
