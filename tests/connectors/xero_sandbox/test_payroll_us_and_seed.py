"""Legacy US work locations and pay schedules, and the seeded AU payroll."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import requests
from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token
from xero_python.payrollau import PayrollAuApi
from xero_python.payrollau.models import PayRunStatus, TimesheetStatus

from connectors.xero import sandbox
from connectors.xero.sandbox.seed import seed
from connectors.xero.sandbox.store import state_of

if TYPE_CHECKING:
    from conftest import Sandbox

PAYROLL_SCOPES = "payroll.employees payroll.timesheets payroll.payruns payroll.settings"


def _us(xero: Sandbox) -> tuple[str, str]:
    tenant = sandbox.add_organisation(xero.app, "Acme Inc (US)", "US")
    return tenant, str(sandbox.issue_token(xero.app, [tenant], PAYROLL_SCOPES)["access_token"])


def call(
    box: Sandbox, method: str, path: str, tenant: str, token: str, **kwargs: Any
) -> requests.Response:
    url = f"{box.url}/payroll.xro/1.0{path}"
    return box.http.request(method, url, headers=box.headers(tenant, token), **kwargs)


def test_work_locations_have_one_primary(xero: Sandbox) -> None:
    tenant, token = _us(xero)
    first = {"StreetAddress": "1 Main St", "City": "Austin", "State": "TX", "Zip": "73301"}
    made = call(xero, "POST", "/WorkLocations", tenant, token, json=[first])
    assert made.status_code == 200
    austin = made.json()["WorkLocations"][0]
    assert austin["IsPrimary"] is True and austin["WorkLocationID"]
    second = {
        "StreetAddress": "500 Pine St",
        "SuiteOrAptOrUnit": "Suite 4",
        "City": "Seattle",
        "State": "WA",
        "Zip": "98101-1234",
        "Latitude": 47.61,
        "Longitude": -122.33,
        "IsPrimary": True,
    }
    seattle = call(xero, "POST", "/WorkLocations", tenant, token, json=[second])
    assert seattle.json()["WorkLocations"][0]["Longitude"] == -122.33
    listed = call(xero, "GET", "/worklocations", tenant, token).json()["WorkLocations"]
    assert {w["City"]: w["IsPrimary"] for w in listed} == {"Austin": False, "Seattle": True}

    bad = call(xero, "POST", "/WorkLocations", tenant, token, json=[{"City": "X", "State": "ZZ"}])
    assert bad.status_code == 400
    messages = [m["Message"] for m in bad.json()["Elements"][0]["ValidationErrors"]]
    assert messages == [
        "'ZZ' is not a valid value for State.",
        "Street Address must be specified.",
        "State must be specified.",
        "Zip must be specified.",
    ]


def test_pay_schedules_are_created_listed_and_checked(xero: Sandbox) -> None:
    tenant, token = _us(xero)
    schedule = {
        "PayScheduleName": "Biweekly",
        "ScheduleType": "BIWEEKLY",
        "StartDate": "2026-03-02",
        "PaymentDate": "/Date(1773273600000+0000)/",
    }
    made = call(xero, "POST", "/PaySchedules", tenant, token, json=[schedule])
    body = made.json()["PaySchedules"][0]
    assert body["StartDate"] == "/Date(1772409600000+0000)/"
    assert body["UpdatedDateUTC"].startswith("/Date(")
    fetched = call(xero, "GET", f"/PaySchedules/{body['PayScheduleID']}", tenant, token)
    assert fetched.json()["PaySchedules"][0]["PayScheduleName"] == "Biweekly"
    again = call(
        xero,
        "POST",
        "/PaySchedules",
        tenant,
        token,
        json=[{**schedule, "ScheduleType": "FORTNIGHTLY"}],
    )
    messages = [m["Message"] for m in again.json()["Elements"][0]["ValidationErrors"]]
    assert messages == [
        "'FORTNIGHTLY' is not a valid value for ScheduleType.",
        "Schedule Type must be specified.",
        "Please enter a unique Pay Schedule Name.",
    ]
    # The AU resources are not there for a US organisation.
    assert call(xero, "GET", "/PayrollCalendars", tenant, token).status_code == 403


def test_seeded_au_organisations_have_a_payroll_to_read(xero: Sandbox) -> None:
    tenants = seed(xero.app, organisations=2, contacts=5, invoices=10, seed=3)
    token = sandbox.issue_token(xero.app, tenants, PAYROLL_SCOPES)
    configuration = Configuration()
    configuration.oauth2_token = OAuth2Token(client_id="sandbox-client", client_secret="x")
    client = ApiClient(configuration, oauth2_token_getter=lambda: token)
    api = PayrollAuApi(client, base_url=f"{xero.url}/payroll.xro/1.0")
    au, nz = tenants
    try:
        calendars = {c.name: c for c in api.get_payroll_calendars(au).payroll_calendars}
        assert set(calendars) == {"Weekly", "Fortnightly"}
        monday = date.today() - timedelta(days=date.today().weekday(), weeks=3)
        # The first weekly period is posted, so the weekly calendar has moved on a week.
        assert calendars["Weekly"].start_date == monday + timedelta(weeks=1)
        assert calendars["Fortnightly"].start_date == monday
        employees = api.get_employees(au).employees
        on = Counter(e.payroll_calendar_id for e in employees)
        assert on[calendars["Weekly"].payroll_calendar_id] == 3
        assert on[calendars["Fortnightly"].payroll_calendar_id] == 3
        statuses = Counter(t.status for t in api.get_timesheets(au).timesheets)
        assert statuses == {
            TimesheetStatus.PROCESSED: 3,
            TimesheetStatus.APPROVED: 3,
            TimesheetStatus.DRAFT: 3,
        }
        [run] = api.get_pay_runs(au).pay_runs
        assert run.pay_run_status == PayRunStatus.POSTED and run.wages > Decimal(0)
        assert len(api.get_pay_run(au, run.pay_run_id).pay_runs[0].payslips) == 3
        assert len(api.get_leave_applications(au).leave_applications) == 1
    finally:
        client.rest_client.pool_manager.clear()
    refused = call(xero, "GET", "/Employees", nz, token["access_token"])
    assert refused.status_code == 403


def test_the_same_seed_gives_the_same_payroll() -> None:
    def names(number: int) -> list[tuple[str, str]]:
        app = sandbox.create_app({"users": []})
        [tenant] = seed(app, contacts=5, invoices=10, seed=number)
        book = state_of(app).extras["payroll"][tenant]
        return [(e["EmployeeID"], e["LastName"]) for e in book.employees.values()]

    assert names(5) == names(5)
    assert names(5) != names(6)
