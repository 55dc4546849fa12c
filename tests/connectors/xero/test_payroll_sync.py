"""Payroll AU through the hub over HTTP: employees, timesheets, refusals, pay run journals."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from connectors.xero import sandbox
from connectors.xero.sandbox.helpers import DEFAULT_SCOPES
from connectors.xero.sandbox.seed_payroll import fill
from connectors.xero.sandbox.store import state_of

PAYROLL_SCOPES = (
    DEFAULT_SCOPES
    + " payroll.employees payroll.timesheets payroll.payruns payroll.payslip payroll.settings"
)
RECONNECT = "Payroll is off for this connection: reconnect and allow payroll access."


@pytest.fixture
def shared() -> tuple[str, ...]:
    return ("company", "employees", "timesheets", "contacts")


def payroll_token(world: Any, scopes: str = PAYROLL_SCOPES) -> dict[str, Any]:
    token = sandbox.issue_token(world.xero, [world.tenant_id], scopes)
    world.token = token
    return {k: token[k] for k in ("access_token", "refresh_token", "expires_at", "scope")}


def payroll(world: Any, method: str, path: str, body: Any = None) -> Any:
    answer = world.http.request(
        method,
        f"{world.url}/payroll.xro/1.0{path}",
        json=body,
        headers={
            "Authorization": f"Bearer {world.token['access_token']}",
            "xero-tenant-id": world.tenant_id,
            "Accept": "application/json",
        },
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def seeded(world: Any, **settings: Any) -> None:
    """The world's AU organisation with the sandbox's seeded payroll, connected with payroll."""
    state = state_of(world.xero)
    with state.lock:
        fill(state, state.orgs[world.tenant_id])
    world.connect(settings, credentials=payroll_token(world))


def notes(world: Any, run_id: str) -> list[str]:
    return [e.message for e in world.entries(run_id, "note")]


def test_employees_and_timesheets_come_in(world: Any) -> None:
    seeded(world)
    outcome = world.sync()
    assert outcome.status == "succeeded", [
        (e.kind, e.entity, e.message) for e in world.entries(outcome.run_id) if e.kind != "note"
    ]
    employees = world.records("employees")
    assert len(employees) == 6
    salaried = [e for e in employees if any("annual_amount" in s for s in e.get("salary", []))]
    assert len(salaried) == 3 and all(e["pay_frequency"] == "FORTNIGHTLY" for e in salaried)
    assert all(e["pay_items"][0]["name"] == "Ordinary Hours" for e in employees)
    sheets = world.records("timesheets")
    assert len(sheets) == 9
    sheet = sheets[0]
    assert len(sheet["lines"][0]["hours"]) == 7
    assert Decimal(sheet["total_hours"]) == sum(Decimal(h) for h in sheet["lines"][0]["hours"])


def test_an_employee_and_a_timesheet_go_to_xero(world: Any) -> None:
    seeded(world)
    assert world.sync().status == "succeeded"
    calendars = payroll(world, "GET", "/PayrollCalendars")["PayrollCalendars"]
    weekly = next(c for c in calendars if c["CalendarType"] == "WEEKLY")
    start = date.fromisoformat(_day(weekly["StartDate"]))
    person = world.create(
        "employees",
        {
            "first_name": "Mia",
            "last_name": "Tran",
            "email": "mia.tran@example.com",
            "birth_date": "1990-04-02",
            "start_date": "2024-01-08",
            "pay_frequency": "WEEKLY",
            "salary": [{"rate_per_hour": "41.50"}],
        },
    )
    hours = ["8", "7.5", "0", "6", "8", "0", "0"]
    world.create(
        "timesheets",
        {
            "employee_id": person["id"],
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=6)).isoformat(),
            "lines": [{"project": "Fitout", "hours": hours}, {"hours": ["1"] + ["0"] * 6}],
        },
    )
    outcome = world.sync()
    assert outcome.status == "succeeded", outcome.message
    employee_id = world.record("employees", person["id"])["external_ids"]["xero"]
    employee = payroll(world, "GET", f"/Employees/{employee_id}")["Employees"][0]
    assert employee["Email"] == "mia.tran@example.com"
    assert employee["PayrollCalendarID"] == weekly["PayrollCalendarID"]
    line = employee["PayTemplate"]["EarningsLines"][0]
    assert Decimal(str(line["RatePerUnit"])) == Decimal("41.50")
    found = [
        t
        for t in payroll(world, "GET", "/Timesheets")["Timesheets"]
        if t["EmployeeID"] == employee_id
    ]
    assert len(found) == 1 and _day(found[0]["StartDate"]) == start.isoformat()
    (sheet_line,) = found[0]["TimesheetLines"]
    assert sheet_line["EarningsRateID"] == employee["OrdinaryEarningsRateID"]
    assert [Decimal(str(u)) for u in sheet_line["NumberOfUnits"]] == [
        Decimal(x) for x in ("9", "7.5", "0", "6", "8", "0", "0")
    ]
    again = world.sync()  # no echo, no second timesheet
    assert again.status == "succeeded"
    assert len(payroll(world, "GET", "/Timesheets")["Timesheets"]) == 10


def _day(value: str) -> str:
    from connectors.xero.values import parse_day

    return str(parse_day(value))


@pytest.mark.parametrize("country", ["UK", "US"])
def test_another_country_is_refused_and_accounting_goes_on(world: Any, country: str) -> None:
    tenant = sandbox.add_organisation(world.xero, "Harbour Bikes (other)", country)
    world.tenant_id = tenant
    world.connect(credentials=payroll_token(world))
    world.create(
        "employees", {"first_name": "Ada", "last_name": "Byrne", "birth_date": "1990-01-01"}
    )
    outcome = world.sync()
    assert outcome.status == "succeeded", outcome.message
    expected = "GB" if country == "UK" else "US"
    message = (
        "Payroll is off for this connection: Xero payroll is not available for "
        f"organisations in {expected}."
    )
    assert message in notes(world, outcome.run_id)
    assert world.records("company")[0]["country_code"] == expected


def test_without_payroll_scopes_payroll_is_off(world: Any) -> None:
    world.connect()  # the default token: accounting scopes only
    world.create(
        "employees", {"first_name": "Ada", "last_name": "Byrne", "birth_date": "1990-01-01"}
    )
    outcome = world.sync()
    assert outcome.status == "succeeded", outcome.message
    assert RECONNECT in notes(world, outcome.run_id)
    assert world.records("company")


def test_a_refused_payroll_call_turns_payroll_off(world: Any) -> None:
    """Scopes that look right but Xero refuses (401): the same note, the run goes on."""
    token = payroll_token(world, DEFAULT_SCOPES + " payroll.settings")
    world.connect(credentials=token)
    world.create(
        "employees", {"first_name": "Ada", "last_name": "Byrne", "birth_date": "1990-01-01"}
    )
    outcome = world.sync()
    assert outcome.status == "succeeded", outcome.message
    assert RECONNECT in notes(world, outcome.run_id)


JOURNAL_SETTINGS = {
    "payroll_journals": True,
    "wages_expense_account": "477",
    "tax_payable_account": "825",
    "wages_payable_account": "850",
}


def _payroll_journals(world: Any) -> list[dict[str, Any]]:
    found = world.get("/ManualJournals")["ManualJournals"]
    return [j for j in found if j["Narration"].startswith("Payroll costs")]


def test_a_posted_pay_run_becomes_one_balanced_journal(world: Any) -> None:
    seeded(world, **JOURNAL_SETTINGS)
    assert world.sync().status == "succeeded"
    (journal,) = _payroll_journals(world)
    posted = [
        r for r in payroll(world, "GET", "/PayRuns")["PayRuns"] if r["PayRunStatus"] == "POSTED"
    ]
    assert len(posted) == 1 and posted[0]["PayRunID"] in journal["Narration"]
    detail = world.get(f"/ManualJournals/{journal['ManualJournalID']}")["ManualJournals"][0]
    amounts = [Decimal(str(line["LineAmount"])) for line in detail["JournalLines"]]
    assert sum(amounts) == 0
    wages = Decimal(str(posted[0]["Wages"]))
    assert (
        wages > 0
        and Decimal(
            str(next(x["LineAmount"] for x in detail["JournalLines"] if x["AccountCode"] == "477"))
        )
        == wages
    )
    # Syncing again, and again with the cursor lost, makes no second journal.
    assert world.sync().status == "succeeded"
    assert world.sync(full=True).status == "succeeded"
    assert len(_payroll_journals(world)) == 1


def test_finalising_the_next_period_adds_its_journal_once(world: Any) -> None:
    seeded(world, **JOURNAL_SETTINGS)
    assert world.sync().status == "succeeded"
    calendars = payroll(world, "GET", "/PayrollCalendars")["PayrollCalendars"]
    weekly = next(c for c in calendars if c["CalendarType"] == "WEEKLY")
    run = payroll(world, "POST", "/PayRuns", [{"PayrollCalendarID": weekly["PayrollCalendarID"]}])
    run_id = run["PayRuns"][0]["PayRunID"]
    payroll(world, "POST", f"/PayRuns/{run_id}", [{"PayRunStatus": "POSTED"}])
    assert world.sync().status == "succeeded"
    assert world.sync().status == "succeeded"
    journals = _payroll_journals(world)
    assert len(journals) == 2 and sum(run_id in j["Narration"] for j in journals) == 1
