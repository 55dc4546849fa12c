"""Through the hub engine: Harvest users and hours arrive as employees and timesheets with
their references right, and employees made in the hub become Harvest users."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from connectors.harvest import sandbox
from hub.models import Change, RunEntry

from .conftest import Hub

if TYPE_CHECKING:
    from conftest import Harvest

TODAY = date.today()
WEEK_START = TODAY - timedelta(days=TODAY.weekday())


def _changes(hub: Hub) -> int:
    with hub.app.extensions["hub.db"].session() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def test_users_and_hours_arrive_with_references_right(
    app: Flask, client: FlaskClient, make_org: Any, make_harvest: Callable[..., Harvest]
) -> None:
    box = make_harvest(people=3, weeks=2, seed=4)
    hub = Hub(app, client, make_org, box)
    hub.connect()
    hub.sync()
    employees = {r.data["email"]: r for r in hub.records("employees")}
    emails = {u["id"]: u["email"] for u in box.state.users.values()}
    assert set(employees) == set(emails.values())
    timesheets = hub.records("timesheets")
    # One timesheet per person and week worked: three people, two weeks (this week's only
    # when today is not a Monday, as the seed tracks time up to yesterday).
    weeks = 2 if TODAY.weekday() else 1
    assert len(timesheets) == 3 * weeks
    for sheet in timesheets:
        entries = [
            e
            for e in box.state.time_entries.values()
            if employees[emails[e["_user_id"]]].id == sheet.data["employee_id"]
            and sheet.data["start_date"] <= e["spent_date"].isoformat() <= sheet.data["end_date"]
        ]
        assert entries, sheet.data
        assert Decimal(sheet.data["total_hours"]) == sum(e["hours"] for e in entries)
        assert date.fromisoformat(sheet.data["start_date"]).weekday() == 0
    before = _changes(hub)
    hub.sync()
    assert _changes(hub) == before  # nothing changed, nothing bounced

    # New hours in Harvest change that person's timesheet at the next sync.
    user = next(u for u in box.state.users.values() if u["email"] != "owner@example.com")
    box.entry(user["id"], WEEK_START, "1.25", task="Design")
    hub.sync()
    mine = [
        s
        for s in hub.records("timesheets")
        if s.data["employee_id"] == employees[user["email"]].id
        and s.data["start_date"] == WEEK_START.isoformat()
    ]
    assert len(mine) == 1
    design = [line for line in mine[0].data["lines"] if line["task"] == "Design"]
    assert any(line["hours"][0] != "0" for line in design)


def test_an_employee_made_in_the_hub_becomes_a_harvest_user(hub: Hub) -> None:
    made = hub.api(
        "POST",
        "/employees",
        json={
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.com",
            "birth_date": "1990-12-10",
            "phones": [{"type": "MOBILE", "number": "0400 123 456"}],
            "status": "ACTIVE",
        },
    )
    hub.api("POST", "/employees", json={"first_name": "No", "last_name": "Email"})
    hub.connect()
    hub.sync()
    # The hub and Harvest both hold people: nothing goes across before the review.
    assert sandbox.state_of(hub.box.app).user_by_email("ada@example.com") is None
    path = f"/connections/{hub.connection}"
    matches = hub.api("GET", f"{path}/matches")["data"]
    assert [m["external_label"] for m in matches] == ["Sam Owner"]
    hub.api("POST", f"{path}/matching/employees/confirm")
    outcome = hub.sync()

    user = sandbox.state_of(hub.box.app).user_by_email("ada@example.com")
    assert user is not None and (user["first_name"], user["telephone"]) == ("Ada", "0400 123 456")
    emails = sorted(r.data.get("email") or "" for r in hub.records("employees"))
    assert emails == ["", "ada@example.com", "owner@example.com"]  # the owner came in
    with hub.app.extensions["hub.db"].session() as session:
        entries = session.scalars(select(RunEntry).where(RunEntry.run_id == outcome.run_id))
        held = [e.message for e in entries if e.entity == "employees"]
    assert any("needs an email address" in m for m in held)

    hub.api("PATCH", f"/employees/{made['id']}", json={"last_name": "King"})
    hub.sync()
    assert user["last_name"] == "King"
    assert len(hub.box.state.users) == 2  # updated, never made twice
    before = _changes(hub)
    hub.sync()
    assert _changes(hub) == before
