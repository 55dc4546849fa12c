"""The connector against the sandbox: users as employees, entries grouped into timesheets."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from freezegun import freeze_time
from marshmallow import ValidationError

import schema
from connectors.harvest import sandbox
from connectors.harvest.settings import HarvestSettings
from hub.sdk import ConfigurationError, Notes, ReauthorizationRequired, SkipRecord, WriteOp

from .conftest import connector_for

if TYPE_CHECKING:
    from conftest import Harvest

MONDAY = date(2026, 3, 2)


def _all(connector: Any, entity: str, cursor: Any = None) -> tuple[list[Any], Any]:
    records, last = [], cursor
    for page in connector.read(entity, cursor):
        records += page.records
        last = page.cursor
    return records, last


def test_users_are_read_as_employees_with_a_cursor(harvest: Harvest) -> None:
    with freeze_time("2026-03-02 09:00:00"):
        ava = sandbox.add_user(
            harvest.app, "Ava", "King", "ava@example.com", telephone="0400 111 222"
        )
        bo = sandbox.add_user(harvest.app, "Bo", "Hall", "bo@example.com")
    connector = connector_for(harvest)
    records, cursor = _all(connector, "employees")
    by_id = {r.id: r for r in records}
    assert by_id[str(ava["id"])].data == {
        "first_name": "Ava",
        "last_name": "King",
        "email": "ava@example.com",
        "phones": [{"type": "DEFAULT", "number": "0400 111 222"}],
    }
    assert by_id[str(bo["id"])].data["phones"] == []
    assert by_id[str(ava["id"])].label == "Ava King" and len(records) == 3
    for record in records:
        schema.load("employees", record.data)  # canonical as it stands
    owner = sandbox.owner(harvest.app)
    # The cursor is the newest update read (the owner's, made when the sandbox was).
    assert cursor == owner["updated_at"].strftime("%Y-%m-%dT%H:%M:%SZ")
    with freeze_time("2030-01-01 00:00:00"):
        harvest.call("PATCH", f"/users/{ava['id']}", json={"last_name": "Kingsley"})
    again, moved = _all(connector, "employees", cursor)
    # updated_since is inclusive: the user at the cursor is read again, Bo is not.
    assert {r.id: r.data["last_name"] for r in again} == {
        str(ava["id"]): "Kingsley",
        str(owner["id"]): "Owner",
    }
    assert moved == "2030-01-01T00:00:00Z"


def test_entries_become_timesheets_per_user_and_week(harvest: Harvest) -> None:
    mia = sandbox.add_user(harvest.app, "Mia", "Lee", "mia@example.com")
    harvest.entry(mia["id"], MONDAY, "7.5")
    harvest.entry(mia["id"], MONDAY, "0.5", task="Design")
    harvest.entry(mia["id"], MONDAY + timedelta(days=2), "6.25")
    harvest.entry(mia["id"], MONDAY + timedelta(days=8), "3")  # the next week
    sandbox.approve(harvest.app, mia["id"], MONDAY, MONDAY + timedelta(days=6))
    connector = connector_for(harvest)
    records, _ = _all(connector, "timesheets")
    assert sorted(r.id for r in records) == [f"{mia['id']}:2026-03-02", f"{mia['id']}:2026-03-09"]
    first = next(r for r in records if r.id.endswith("03-02"))
    assert first.data == {
        "employee_id": str(mia["id"]),
        "start_date": "2026-03-02",
        "end_date": "2026-03-08",
        "status": "APPROVED",
        "total_hours": "14.25",
        "lines": [
            {"project": "Website Rebuild", "task": "Design", "hours": ["0.5"] + ["0"] * 6},
            {
                "project": "Website Rebuild",
                "task": "Development",
                "hours": ["7.5", "0", "6.25", "0", "0", "0", "0"],
            },
        ],
    }
    assert first.label == "Mia Lee, 2026-03-02 to 2026-03-08"
    second = next(r for r in records if r.id.endswith("03-09"))
    assert second.data["status"] == "DRAFT" and second.data["total_hours"] == "3"
    for record in records:  # canonical once the engine has put a hub id in the reference
        hub_id = str(uuid.uuid4())
        assert schema.validate("timesheets", {**record.data, "employee_id": hub_id}) == {}


def test_fortnightly_periods_start_on_the_anchor_and_name_a_pay_item(harvest: Harvest) -> None:
    leo = sandbox.add_user(harvest.app, "Leo", "Hall", "leo@example.com")
    harvest.entry(leo["id"], date(2026, 3, 10), "8")
    connector = connector_for(
        harvest, pay_period="fortnightly", anchor_date="2026-02-23", pay_item="Ordinary Hours"
    )
    [record], _ = _all(connector, "timesheets")
    assert (record.data["start_date"], record.data["end_date"]) == ("2026-03-09", "2026-03-22")
    assert record.data["lines"][0]["hours"] == ["0", "8"] + ["0"] * 12
    assert record.data["lines"][0]["pay_item"] == "Ordinary Hours"
    with pytest.raises(ValidationError) as refused:
        HarvestSettings().load({"pay_period": "fortnightly"})
    assert "anchor_date" in refused.value.messages
    weekly = connector_for(harvest, week_starts_on="wednesday")
    [record], _ = _all(weekly, "timesheets")
    assert (record.data["start_date"], record.data["end_date"]) == ("2026-03-04", "2026-03-10")


def test_incremental_reads_reread_changed_and_recent_periods(harvest: Harvest) -> None:
    ivy = sandbox.add_user(harvest.app, "Ivy", "Moss", "ivy@example.com")
    with freeze_time("2026-03-20 09:00:00"):
        old = harvest.entry(ivy["id"], MONDAY, "5")
        recent = harvest.entry(ivy["id"], date(2026, 3, 16), "4")
        connector = connector_for(harvest, lookback_days=4)
        records, cursor = _all(connector, "timesheets")
        assert len(records) == 2 and cursor["seen"] == {"2026-03-16": [ivy["id"]]}
    with freeze_time("2026-03-21 09:00:00"):
        harvest.call("PATCH", f"/time_entries/{old['id']}", json={"hours": "6"})
        harvest.call("DELETE", f"/time_entries/{recent['id']}")
        harvest.paths.clear()
        records, cursor = _all(connector, "timesheets", cursor)
    by_id = {r.id: r for r in records}
    assert by_id[f"{ivy['id']}:2026-03-02"].data["total_hours"] == "6"
    # The entry deleted in a recent week takes its timesheet with it.
    assert by_id[f"{ivy['id']}:2026-03-16"].deleted
    assert cursor["since"] == "2026-03-21T09:00:00Z" and cursor["seen"] == {}
    reads = [p for p in harvest.paths if p.startswith("/v2/time_entries")]
    assert len(reads) == 3  # the changes, the changed week, the recent week


def test_fetch_reads_one_timesheet_or_user(harvest: Harvest) -> None:
    zoe = sandbox.add_user(harvest.app, "Zoe", "Park", "zoe@example.com")
    harvest.entry(zoe["id"], MONDAY + timedelta(days=1), "2")
    connector = connector_for(harvest)
    found = connector.fetch("timesheets", f"{zoe['id']}:2026-03-02")
    assert found is not None and found.data["total_hours"] == "2"
    assert connector.fetch("timesheets", f"{zoe['id']}:2026-03-09") is None
    assert connector.fetch("employees", str(zoe["id"])).data["email"] == "zoe@example.com"
    assert connector.fetch("employees", "12345") is None


def test_writes_create_update_and_archive_users(harvest: Harvest) -> None:
    connector = connector_for(harvest)
    notes = Notes()
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "birth_date": "1990-12-10",
        "phones": [
            {"type": "DEFAULT", "number": "02 9999 0000"},
            {"type": "MOBILE", "number": "0400 1"},
        ],
    }
    prepared = connector.prepare("employees", data, notes, "rec-1")
    assert prepared["phones"] == [{"type": "MOBILE", "number": "0400 1"}]
    assert notes.items == [
        (
            "employees",
            "rec-1",
            "Harvest keeps one telephone number: 0400 1 was sent, 1 other number(s) were not.",
        )
    ]
    [made] = connector.write("employees", [WriteOp("rec-1", "create", prepared)])
    assert made.ok and made.data["phones"] == [{"type": "DEFAULT", "number": "0400 1"}]
    user = harvest.state.users[int(made.external_id)]
    assert (user["email"], user["telephone"], user["is_active"]) == (
        "ada@example.com",
        "0400 1",
        True,
    )

    changed = {"last_name": "King", "status": "TERMINATED", "termination_date": "2026-06-30"}
    [updated] = connector.write(
        "employees", [WriteOp("rec-1", "update", changed, made.external_id)]
    )
    assert updated.ok and (user["last_name"], user["is_active"]) == ("King", False)
    twin = {"first_name": "Other", "last_name": "Ada", "email": "ADA@example.com"}
    [refused] = connector.write("employees", [WriteOp("rec-2", "create", twin)])
    assert refused.error is not None and refused.error.startswith("Email has already been taken")
    assert "matching review" in refused.error
    with pytest.raises(SkipRecord):
        connector.prepare("employees", {"first_name": "No", "last_name": "Mail"}, notes, "rec-3")


def test_credentials_are_required_and_checked(make_harvest: Callable[..., Harvest]) -> None:
    box = make_harvest()
    with pytest.raises(ConfigurationError):
        connector_for(box, credentials={"access_token": sandbox.DEFAULT_TOKEN})
    wrong = connector_for(box, credentials={"access_token": "nope", "account_id": "424242"})
    with pytest.raises(ReauthorizationRequired) as refused:
        _all(wrong, "employees")
    assert "nope" not in refused.value.user_message + refused.value.log_message
