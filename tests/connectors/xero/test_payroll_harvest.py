"""End to end through the hub: hours logged in Harvest land on the Xero employee's timesheet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import requests

from connectors.harvest import sandbox as harvest_sandbox
from connectors.harvest.connector import HarvestConnector
from connectors.xero import sandbox
from connectors.xero.sandbox.helpers import DEFAULT_SCOPES
from connectors.xero.sandbox.seed_payroll import fill
from connectors.xero.sandbox.store import state_of
from connectors.xero.values import parse_day
from hub.connections import connect
from hub.models import Connection
from hub.sdk.sandbox import serve_in_thread
from hub.sync import matching
from hub.sync.runner import run_sync

PAYROLL_SCOPES = DEFAULT_SCOPES + " payroll.employees payroll.timesheets payroll.settings"
TOKEN, ACCOUNT = harvest_sandbox.DEFAULT_TOKEN, harvest_sandbox.DEFAULT_ACCOUNT_ID


@pytest.fixture
def shared() -> tuple[str, ...]:
    return ("employees", "timesheets")


@pytest.fixture
def harvest() -> Iterator[tuple[Any, str]]:
    app = harvest_sandbox.create_app(None)
    harvest_sandbox.seed(app, people=0, weeks=1)
    server = serve_in_thread(app)
    try:
        yield app, server.url
    finally:
        server.stop()


def _harvest(url: str, method: str, path: str, body: dict[str, Any]) -> Any:
    headers = {
        "Authorization": f"Bearer {TOKEN}",
        "Harvest-Account-Id": ACCOUNT,
        "User-Agent": "Tests (tests@example.com)",
    }
    answer = requests.request(method, f"{url}/v2{path}", json=body, headers=headers, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_hours_logged_in_harvest_appear_on_the_xero_timesheet(
    world: Any, harvest: tuple[Any, str]
) -> None:
    state = state_of(world.xero)
    with state.lock:
        fill(state, state.orgs[world.tenant_id])
    token = sandbox.issue_token(world.xero, [world.tenant_id], PAYROLL_SCOPES)
    world.token = token
    keys = ("access_token", "refresh_token", "expires_at", "scope")
    world.connect(credentials={k: token[k] for k in keys})
    assert world.sync().status == "succeeded"
    headers = {
        "Authorization": f"Bearer {token['access_token']}",
        "xero-tenant-id": world.tenant_id,
        "Accept": "application/json",
    }
    employees = world.http.get(f"{world.url}/payroll.xro/1.0/Employees", headers=headers).json()
    weekly = world.http.get(f"{world.url}/payroll.xro/1.0/PayrollCalendars", headers=headers)
    calendar = next(c for c in weekly.json()["PayrollCalendars"] if c["CalendarType"] == "WEEKLY")
    person = next(
        e for e in employees["Employees"] if e["PayrollCalendarID"] == calendar["PayrollCalendarID"]
    )

    # The same person in Harvest, by email, logging hours this week (a period with no
    # Xero timesheet yet: the seed's cover the three weeks before).
    box, url = harvest
    user = _harvest(
        url,
        "POST",
        "/users",
        {
            "first_name": person["FirstName"],
            "last_name": person["LastName"],
            "email": person["Email"],
        },
    )
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    project = min(harvest_sandbox.state_of(box).projects)
    task = next(iter(harvest_sandbox.state_of(box).tasks))
    for offset, hours in ((0, "7.5"), (0, "0.5")):
        day = monday + timedelta(days=offset)
        body = {"user_id": user["id"], "project_id": project, "task_id": task}
        _harvest(
            url, "POST", "/time_entries", {**body, "spent_date": day.isoformat(), "hours": hours}
        )

    world.app.extensions["hub.registry"].add("harvest", HarvestConnector)
    with world.app.extensions["hub.db"].session() as session:
        row = connect(
            session,
            world.app,
            world.org,
            HarvestConnector,
            credentials={"access_token": TOKEN, "account_id": ACCOUNT},
            settings={"base_url": f"{url}/v2", "pay_period": "weekly"},
            tenant_id=ACCOUNT,
            tenant_name="Sandbox Studio",
        )
        harvest_id = row.id
    run_sync(world.app, harvest_id)  # suggests the Harvest user as the Xero employee (email)
    with world.app.extensions["hub.db"].session() as session:
        connection = session.get(Connection, harvest_id)
        assert connection is not None
        matching.confirm(session, connection, "employees")
        matching.confirm(session, connection, "timesheets")  # nothing to match: hours only
        session.commit()
    second = run_sync(world.app, harvest_id)
    assert second.status == "succeeded", second.message
    same = [e for e in world.records("employees") if e.get("email") == person["Email"]]
    assert len(same) == 1  # the Harvest user linked to the Xero employee, not duplicated
    assert set(same[0]["external_ids"]) == {"xero", "harvest"}

    outcome = world.sync()
    problems = [e.message for e in world.entries(outcome.run_id) if e.kind != "note"]
    assert outcome.status == "succeeded", problems
    sheets = world.http.get(f"{world.url}/payroll.xro/1.0/Timesheets", headers=headers).json()
    mine = [
        t
        for t in sheets["Timesheets"]
        if t["EmployeeID"] == person["EmployeeID"]
        and parse_day(t["StartDate"]) == monday.isoformat()
    ]
    assert len(mine) == 1
    assert parse_day(mine[0]["EndDate"]) == (monday + timedelta(days=6)).isoformat()
    units = [Decimal(str(u)) for line in mine[0]["TimesheetLines"] for u in line["NumberOfUnits"]]
    assert units == [Decimal(8)] + [Decimal(0)] * 6
