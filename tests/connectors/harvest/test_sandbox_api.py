"""The Harvest sandbox over HTTP: auth, permissions, paging, filters, entries and limits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from freezegun import freeze_time

from connectors.harvest import sandbox

if TYPE_CHECKING:
    from conftest import Harvest

INVALID = {
    "error": "invalid_token",
    "error_description": (
        "The access token provided is expired, revoked, malformed or invalid for other reasons."
    ),
}
MONDAY = date(2026, 3, 2)


def test_a_token_needs_its_account_id(harvest: Harvest) -> None:
    assert harvest.call("GET", "/users/me").json()["email"] == "owner@example.com"
    for headers in ({"Harvest-Account-Id": "1"}, {"Authorization": "Bearer nope"}):
        answer = harvest.call("GET", "/users/me", headers=headers)
        assert (answer.status_code, answer.json()) == (401, INVALID)
    missing = harvest.http.get(f"{harvest.base}/users/me", headers={"Authorization": "Bearer x"})
    assert missing.status_code == 401


def test_members_see_themselves_and_their_own_time_only(harvest: Harvest) -> None:
    member = sandbox.add_user(harvest.app, "Mia", "Lee", "mia@example.com", token="mia-token")
    other = sandbox.add_user(harvest.app, "Leo", "Hall", "leo@example.com")
    harvest.entry(other["id"], MONDAY, "2")
    mine = harvest.entry(member["id"], MONDAY, "3")
    assert harvest.call("GET", "/users", token="mia-token").status_code == 403
    assert harvest.call("GET", "/users/me", token="mia-token").json()["id"] == member["id"]
    entries = harvest.call("GET", "/time_entries", token="mia-token").json()["time_entries"]
    assert [e["id"] for e in entries] == [mine["id"]]
    assert len(harvest.call("GET", "/time_entries").json()["time_entries"]) == 2


def test_lists_page_with_links_and_next_page(harvest: Harvest) -> None:
    for n in range(5):
        sandbox.add_user(harvest.app, f"P{n}", "Test", f"p{n}@example.com")
    first = harvest.call("GET", "/users", params={"per_page": 2, "is_active": "true"}).json()
    assert (first["page"], first["total_pages"], first["total_entries"]) == (1, 3, 6)
    assert (first["next_page"], first["previous_page"]) == (2, None)
    # Newest first: the last user made leads.
    assert [u["first_name"] for u in first["users"]] == ["P4", "P3"]
    names = []
    url: str | None = f"{harvest.base}/users?per_page=2"
    while url:
        body = harvest.http.get(url, headers=harvest.headers(), timeout=10).json()
        names += [u["first_name"] for u in body["users"]]
        url = body["links"]["next"]
    assert names == ["P4", "P3", "P2", "P1", "P0", "Sam"]
    assert "is_active=true" in first["links"]["next"]
    too_many = harvest.call("GET", "/users", params={"per_page": 2001})
    assert too_many.status_code == 422 and "per_page" in too_many.json()["message"]


def test_updated_since_and_date_filters(harvest: Harvest) -> None:
    user = sandbox.add_user(harvest.app, "Ava", "King", "ava@example.com")
    with freeze_time("2026-03-03 09:00:00"):
        early = harvest.entry(user["id"], MONDAY, "4")
    with freeze_time("2026-03-05 09:00:00"):
        late = harvest.entry(user["id"], MONDAY + timedelta(days=7), "5.25")
    since = harvest.call("GET", "/time_entries", params={"updated_since": "2026-03-04T00:00:00Z"})
    assert [e["id"] for e in since.json()["time_entries"]] == [late["id"]]
    ranged = harvest.call("GET", "/time_entries", params={"from": "2026-03-01", "to": "2026-03-08"})
    assert [e["id"] for e in ranged.json()["time_entries"]] == [early["id"]]
    assert late["hours"] == 5.25 and late["updated_at"] == "2026-03-05T09:00:00Z"
    bad = harvest.call("GET", "/time_entries", params={"updated_since": "yesterday"})
    assert bad.status_code == 422


def test_time_entries_are_checked_and_locked_once_approved(harvest: Harvest) -> None:
    user = sandbox.add_user(harvest.app, "Noah", "Ryan", "noah@example.com")
    project = min(harvest.state.projects)
    meetings = next(t for t in harvest.state.tasks.values() if t["name"] == "Meetings")
    refused = {
        "spent_date": "Spent date can't be blank",
        "hours": "Hours must be between 0 and 24",
        "task": "Task is not assigned to the project",  # Meetings is not a default task
    }
    base = {"user_id": user["id"], "project_id": project, "task_id": meetings["id"]}
    answers = {
        "spent_date": harvest.call("POST", "/time_entries", json={**base, "hours": 1}),
        "hours": harvest.call(
            "POST",
            "/time_entries",
            json={
                **base,
                "task_id": min(harvest.state.tasks),
                "spent_date": "2026-03-02",
                "hours": 25,
            },
        ),
        "task": harvest.call("POST", "/time_entries", json={**base, "spent_date": "2026-03-02"}),
    }
    assert {k: (a.status_code, a.json()["message"]) for k, a in answers.items()} == {
        k: (422, m) for k, m in refused.items()
    }
    entry = harvest.entry(user["id"], MONDAY, "7.5", notes="Build")
    assert sandbox.approve(harvest.app, user["id"], MONDAY, MONDAY + timedelta(days=6)) == 1
    fetched = harvest.call("GET", f"/time_entries/{entry['id']}").json()
    assert (
        fetched["is_closed"] and fetched["is_locked"] and fetched["approval_status"] == "approved"
    )
    changed = harvest.call("PATCH", f"/time_entries/{entry['id']}", json={"hours": 8})
    assert changed.status_code == 422 and "locked" in changed.json()["message"]
    gone = harvest.call("DELETE", f"/time_entries/{entry['id']}")
    assert gone.status_code == 422


def test_a_timer_runs_until_stopped(harvest: Harvest) -> None:
    user = sandbox.add_user(harvest.app, "Ella", "Wood", "ella@example.com")
    project, task = min(harvest.state.projects), min(harvest.state.tasks)
    with freeze_time("2026-03-02 09:00:00") as clock:
        started = harvest.call(
            "POST",
            "/time_entries",
            json={
                "user_id": user["id"],
                "project_id": project,
                "task_id": task,
                "spent_date": "2026-03-02",
            },
        ).json()
        assert started["is_running"] and started["timer_started_at"] == "2026-03-02T09:00:00Z"
        clock.tick(timedelta(minutes=90))
        running = harvest.call("GET", "/time_entries", params={"is_running": "true"}).json()
        assert running["time_entries"][0]["hours"] == 1.5
        stopped = harvest.call("PATCH", f"/time_entries/{started['id']}/stop").json()
    assert not stopped["is_running"] and stopped["hours"] == 1.5


def test_users_are_unique_by_email_and_kept_while_they_have_time(harvest: Harvest) -> None:
    made = harvest.call(
        "POST",
        "/users",
        json={"first_name": "Zoe", "last_name": "Park", "email": "zoe@example.com"},
    )
    assert made.status_code == 201 and made.json()["access_roles"] == ["member"]
    again = harvest.call(
        "POST", "/users", json={"first_name": "Z", "last_name": "P", "email": "ZOE@example.com"}
    )
    assert (again.status_code, again.json()) == (422, {"message": "Email has already been taken"})
    user = made.json()
    harvest.entry(user["id"], MONDAY, "1")
    assert harvest.call("DELETE", f"/users/{user['id']}").status_code == 422
    archived = harvest.call("PATCH", f"/users/{user['id']}", json={"is_active": False}).json()
    assert archived["is_active"] is False
    listed = harvest.call("GET", "/users", params={"is_active": "false"}).json()["users"]
    assert [u["id"] for u in listed] == [user["id"]]
    assert harvest.call("GET", "/users/99").json() == {"status": 404, "error": "Not Found"}


def test_the_rate_limit_answers_429_with_retry_after(make_harvest: Callable[..., Harvest]) -> None:
    box = make_harvest({"rate_limit": {"requests": 3, "seconds": 15}})
    with freeze_time("2026-03-02 09:00:00") as clock:
        assert [box.call("GET", "/users/me").status_code for _ in range(3)] == [200] * 3
        clock.tick(5)
        refused = box.call("GET", "/users/me")
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "10"
        clock.tick(10)
        assert box.call("GET", "/users/me").status_code == 200


def test_the_seed_repeats_and_approves_older_weeks(make_harvest: Callable[..., Harvest]) -> None:
    def summary(number: int) -> list[tuple[int, str, Decimal]]:
        app = sandbox.create_app()
        sandbox.seed(app, people=3, weeks=4, seed=number, today=date(2026, 3, 18))
        entries = sandbox.state_of(app).time_entries.values()
        return [(e["id"], e["spent_date"].isoformat(), e["hours"]) for e in entries]

    assert summary(1) == summary(1) and summary(1) != summary(2)
    box = make_harvest(people=3, weeks=4, seed=1, today=date(2026, 3, 18))
    entries = box.call("GET", "/time_entries").json()["time_entries"]
    closed = {e["spent_date"] for e in entries if e["is_closed"]}
    # Four weeks back from Wednesday 18 March: the two oldest weeks are approved.
    assert min(closed) == "2026-02-23" and max(closed) == "2026-03-06"
    assert max(e["spent_date"] for e in entries) == "2026-03-17"
    assert len(box.call("GET", "/users").json()["users"]) == 4
