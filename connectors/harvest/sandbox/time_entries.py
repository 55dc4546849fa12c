"""`/v2/time_entries`: hours a user tracked on a day against a project's task.

An entry created without `hours` starts a timer (one running timer per user); approved
(`is_closed`) or invoiced entries are locked. Lists are newest `spent_date` first, then
newest created; members see their own entries only. 422 messages are inferred.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask import Response, request

from . import wire
from .api import Ctx, body, endpoint, find, forbidden, not_found, unprocessable
from .store import Record, State, now

CENT = Decimal("0.01")
REQUIRED = {"project_id": "Project", "task_id": "Task", "spent_date": "Spent date"}
LOCKED = {
    "closed": "Item Approved and Locked for this Time Period",
    "billed": "Item Invoiced and Locked for this Time Period",
}


def _hours(entry: Record) -> Decimal:
    """Tracked hours; a running timer counts the time since it started."""
    hours: Decimal = entry["hours"]
    if entry["timer_started_at"] is not None:
        elapsed = Decimal((now() - entry["timer_started_at"]).total_seconds()) / 3600
        hours += elapsed
    return hours.quantize(CENT, ROUND_HALF_UP)


def _billable_rate(project: Record, assignment: Record, user: Record) -> Any:
    """The rate the project bills by: its own, the task's or the person's."""
    by = project["bill_by"]
    if by == "Project":
        return project["hourly_rate"]
    if by == "Tasks":
        return assignment.get("hourly_rate")
    return user["default_hourly_rate"] if by == "People" else None


def view(state: State, entry: Record, listed: bool = False) -> Record:
    user = state.users[entry["_user_id"]]
    project = state.projects[entry["_project_id"]]
    task = state.tasks[entry["_task_id"]]
    assignment = state.task_assignments.get(entry["_assignment_id"]) or {}
    hours = _hours(entry)
    locked = LOCKED["billed"] if entry["is_billed"] else LOCKED["closed"]
    out: Record = {
        "id": entry["id"],
        "spent_date": entry["spent_date"],
        "hours": hours,
        "hours_without_timer": entry["hours"],
        "rounded_hours": hours,
        "notes": entry["notes"],
        "is_locked": entry["is_closed"] or entry["is_billed"],
        "locked_reason": locked if entry["is_closed"] or entry["is_billed"] else None,
        "approval_status": "approved" if entry["is_closed"] else "unsubmitted",
        "is_closed": entry["is_closed"],
        "is_billed": entry["is_billed"],
        "timer_started_at": entry["timer_started_at"],
        "started_time": None,
        "ended_time": None,
        "is_running": entry["timer_started_at"] is not None,
        "billable": entry["billable"],
        "budgeted": project["budget"] is not None,
        "billable_rate": _billable_rate(project, assignment, user) if entry["billable"] else None,
        "cost_rate": user["cost_rate"],
        "created_at": entry["created_at"],
        "updated_at": entry["updated_at"],
        "user": {"id": user["id"], "name": f"{user['first_name']} {user['last_name']}"},
        "client": dict(project["client"]),
        "project": {"id": project["id"], "name": project["name"], "code": project["code"]},
        "task": {"id": task["id"], "name": task["name"]},
        "external_reference": None,
        "invoice": None,
    }
    if not listed:  # Harvest leaves these out of lists
        out["user_assignment"] = {"id": entry["_user_id"], "is_active": user["is_active"]}
        out["task_assignment"] = {k: assignment.get(k) for k in ("id", "billable", "is_active")}
    return out


def _visible(ctx: Ctx, entry: Record) -> Record:
    if not ctx.is_admin and entry["_user_id"] != ctx.user["id"]:
        raise not_found()
    return entry


def _filters(rows: list[Record]) -> list[Record]:
    args = request.args
    for name, key in (
        ("user_id", "_user_id"),
        ("project_id", "_project_id"),
        ("task_id", "_task_id"),
    ):
        if args.get(name):
            wanted = wire.integer(args[name], name)
            rows = [e for e in rows if e[key] == wanted]
    if args.get("is_billed"):
        billed = wire.boolean(args["is_billed"], "is_billed")
        rows = [e for e in rows if e["is_billed"] == billed]
    if args.get("is_running"):
        running = wire.boolean(args["is_running"], "is_running")
        rows = [e for e in rows if (e["timer_started_at"] is not None) == running]
    if args.get("updated_since"):
        since = wire.a_datetime(args["updated_since"], "updated_since")
        rows = [e for e in rows if e["updated_at"] >= since]
    if args.get("from"):
        first = wire.a_date(args["from"], "from")
        rows = [e for e in rows if e["spent_date"] >= first]
    if args.get("to"):
        last = wire.a_date(args["to"], "to")
        rows = [e for e in rows if e["spent_date"] <= last]
    return rows


def _place(state: State, entry: Record, given: Record) -> None:
    """Read project, task, date, hours and notes onto `entry`, with Harvest's checks."""
    for key, label in REQUIRED.items():
        if key in given and given[key] in (None, ""):
            raise unprocessable(f"{label} can't be blank")
    project_id = wire.integer(given.get("project_id", entry.get("_project_id")), "project_id")
    task_id = wire.integer(given.get("task_id", entry.get("_task_id")), "task_id")
    project = state.projects.get(project_id)
    if project is None or not project["is_active"]:
        raise unprocessable("Project is not valid")
    assignment = next(
        (
            a
            for a in state.task_assignments.values()
            if a["project"]["id"] == project_id and a["task"]["id"] == task_id and a["is_active"]
        ),
        None,
    )
    if assignment is None:
        raise unprocessable("Task is not assigned to the project")
    if "spent_date" in given:
        entry["spent_date"] = wire.a_date(given["spent_date"], "spent_date")
    if "hours" in given and given["hours"] not in (None, ""):
        hours = wire.decimal(given["hours"], "hours").quantize(CENT, ROUND_HALF_UP)
        if not Decimal(0) <= hours <= Decimal(24):
            raise unprocessable("Hours must be between 0 and 24")
        entry["hours"] = hours
    if "notes" in given:
        entry["notes"] = given["notes"]
    entry.update(_project_id=project_id, _task_id=task_id, _assignment_id=assignment["id"])
    entry["billable"] = bool(project["is_billable"] and assignment["billable"])


def _stop_others(state: State, user_id: int) -> None:
    for other in state.time_entries.values():
        if other["_user_id"] == user_id and other["timer_started_at"] is not None:
            other["hours"] = _hours(other)
            other["timer_started_at"], other["updated_at"] = None, now()


def create(state: State, caller: Record, given: Record) -> Record:
    for key, label in REQUIRED.items():
        if given.get(key) in (None, ""):
            raise unprocessable(f"{label} can't be blank")
    user_id = wire.integer(given.get("user_id") or caller["id"], "user_id")
    if user_id != caller["id"] and "administrator" not in caller["access_roles"]:
        raise forbidden()
    user = state.users.get(user_id)
    if user is None or not user["is_active"]:
        raise unprocessable("User is not valid")
    stamp = now()
    entry: Record = {"_user_id": user_id, "hours": Decimal(0), "notes": None}
    entry.update(is_closed=False, is_billed=False, timer_started_at=None)
    _place(state, entry, given)
    if given.get("hours") in (None, ""):
        _stop_others(state, user_id)  # a new timer stops the one running
        entry["timer_started_at"] = stamp
    entry.update(id=state.new_id("time_entries"), created_at=stamp, updated_at=stamp)
    state.time_entries[entry["id"]] = entry
    return entry


def _editable(ctx: Ctx, entry_id: str) -> Record:
    entry = _visible(ctx, find(ctx.state.time_entries, entry_id))
    if entry["is_closed"] or entry["is_billed"]:
        raise unprocessable("This time entry is locked and cannot be changed")
    return entry


@endpoint("/time_entries", ["GET"])
def list_entries(ctx: Ctx) -> Response:
    rows = [
        e
        for e in ctx.state.time_entries.values()
        if ctx.is_admin or e["_user_id"] == ctx.user["id"]
    ]
    rows = sorted(
        _filters(rows), key=lambda e: (e["spent_date"], e["created_at"], e["id"]), reverse=True
    )
    page = wire.page("time_entries", rows, ctx.state.config["max_per_page"])
    page["time_entries"] = [view(ctx.state, e, listed=True) for e in page["time_entries"]]
    return wire.json_response(page)


@endpoint("/time_entries/<entry_id>", ["GET"])
def get_entry(ctx: Ctx, entry_id: str) -> Response:
    entry = _visible(ctx, find(ctx.state.time_entries, entry_id))
    return wire.json_response(view(ctx.state, entry))


@endpoint("/time_entries", ["POST"])
def post_entry(ctx: Ctx) -> Response:
    return wire.json_response(view(ctx.state, create(ctx.state, ctx.user, body())), 201)


@endpoint("/time_entries/<entry_id>", ["PATCH"])
def patch_entry(ctx: Ctx, entry_id: str) -> Response:
    entry = _editable(ctx, entry_id)
    changed: dict[str, Any] = dict(entry)
    _place(ctx.state, changed, body())
    changed["updated_at"] = now()
    entry.update(changed)
    return wire.json_response(view(ctx.state, entry))


@endpoint("/time_entries/<entry_id>", ["DELETE"])
def delete_entry(ctx: Ctx, entry_id: str) -> Response:
    entry = _editable(ctx, entry_id)
    del ctx.state.time_entries[entry["id"]]
    return Response(status=200)


@endpoint("/time_entries/<entry_id>/stop", ["PATCH"])
def stop_entry(ctx: Ctx, entry_id: str) -> Response:
    entry = _editable(ctx, entry_id)
    if entry["timer_started_at"] is None:
        raise unprocessable("Time entry is not running")
    entry["hours"], entry["timer_started_at"], entry["updated_at"] = _hours(entry), None, now()
    return wire.json_response(view(ctx.state, entry))


@endpoint("/time_entries/<entry_id>/restart", ["PATCH"])
def restart_entry(ctx: Ctx, entry_id: str) -> Response:
    entry = _editable(ctx, entry_id)
    if entry["timer_started_at"] is not None:
        raise unprocessable("Time entry is already running")
    _stop_others(ctx.state, entry["_user_id"])
    entry["timer_started_at"] = entry["updated_at"] = now()
    return wire.json_response(view(ctx.state, entry))


def approve(state: State, user_id: int, first: date, last: date) -> int:
    """Timesheet approval (Harvest has no API for it): close the user's entries in a range."""
    closed = 0
    for entry in state.time_entries.values():
        if entry["_user_id"] == user_id and first <= entry["spent_date"] <= last:
            if not entry["is_closed"]:
                entry["is_closed"], entry["updated_at"] = True, now()
                closed += 1
    return closed
