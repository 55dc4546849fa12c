"""`/v2/clients`, `/v2/projects`, `/v2/tasks` and a project's `task_assignments`.

Time can only be tracked to a task assigned to the project; a new project gets every task
marked `is_default`, as in Harvest. Lists are newest first. Messages are inferred.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

from . import wire
from .api import Ctx, body, endpoint, find, unprocessable
from .store import Record, State, now

BILL_BY = ("Project", "Tasks", "People", "none")
BUDGET_BY = ("project", "project_cost", "task", "task_fees", "person", "none")


def _stamp(state: State, kind: str, record: Record) -> Record:
    record["id"] = state.new_id(kind)
    record["created_at"] = record["updated_at"] = now()
    state.collection(kind)[record["id"]] = record
    return record


def _required(given: Record, *names: str) -> None:
    for name in names:
        if given.get(name) in (None, ""):
            raise unprocessable(f"{name.replace('_', ' ').capitalize()} can't be blank")


def _listed(state: State, kind: str, **filters: Any) -> list[Record]:
    rows = list(state.collection(kind).values())
    if "is_active" in request.args:
        active = wire.boolean(request.args["is_active"], "is_active")
        rows = [r for r in rows if r["is_active"] == active]
    if request.args.get("updated_since"):
        since = wire.a_datetime(request.args["updated_since"], "updated_since")
        rows = [r for r in rows if r["updated_at"] >= since]
    for key, value in filters.items():
        rows = [r for r in rows if value is None or r[key]["id"] == value]
    return sorted(rows, key=lambda r: (r["created_at"], r["id"]), reverse=True)


def add_client(state: State, given: Record) -> Record:
    _required(given, "name")
    client = {
        "name": str(given["name"]),
        "is_active": wire.boolean(given.get("is_active", True), "is_active"),
        "address": given.get("address"),
        "statement_key": None,
        "currency": given.get("currency") or state.config["currency"],
    }
    return _stamp(state, "clients", client)


def assign(state: State, project: Record, task: Record, given: Record | None = None) -> Record:
    given = given or {}
    assignment = {
        "project": {"id": project["id"], "name": project["name"], "code": project["code"]},
        "task": {"id": task["id"], "name": task["name"]},
        "is_active": wire.boolean(given.get("is_active", True), "is_active"),
        "billable": wire.boolean(given.get("billable", task["billable_by_default"]), "billable"),
        "hourly_rate": given.get("hourly_rate") or task["default_hourly_rate"],
        "budget": None,
    }
    return _stamp(state, "task_assignments", assignment)


def add_project(state: State, given: Record) -> Record:
    _required(given, "client_id", "name", "is_billable", "bill_by", "budget_by")
    client = state.clients.get(wire.integer(given["client_id"], "client_id"))
    if client is None:
        raise unprocessable("Client can't be blank")
    if given["bill_by"] not in BILL_BY or given["budget_by"] not in BUDGET_BY:
        raise unprocessable("Bill by or budget by is not included in the list")
    project = {
        "client": {"id": client["id"], "name": client["name"], "currency": client["currency"]},
        "name": str(given["name"]),
        "code": given.get("code") or "",
        "is_active": wire.boolean(given.get("is_active", True), "is_active"),
        "is_billable": wire.boolean(given["is_billable"], "is_billable"),
        "is_fixed_fee": wire.boolean(given.get("is_fixed_fee", False), "is_fixed_fee"),
        "bill_by": given["bill_by"],
        "budget_by": given["budget_by"],
        "budget": given.get("budget"),
        "hourly_rate": given.get("hourly_rate"),
        "starts_on": given.get("starts_on"),
        "ends_on": given.get("ends_on"),
        "notes": given.get("notes") or "",
    }
    _stamp(state, "projects", project)
    for task in state.tasks.values():
        if task["is_default"] and task["is_active"]:
            assign(state, project, task)
    return project


def add_task(state: State, given: Record) -> Record:
    _required(given, "name")
    name = str(given["name"]).strip()
    if any(t["name"].casefold() == name.casefold() for t in state.tasks.values()):
        raise unprocessable("Name has already been taken")
    rate = given.get("default_hourly_rate")
    task = {
        "name": name,
        "billable_by_default": wire.boolean(given.get("billable_by_default", True), "billable"),
        "default_hourly_rate": None if rate in (None, "") else wire.decimal(rate, "rate"),
        "is_default": wire.boolean(given.get("is_default", False), "is_default"),
        "is_active": wire.boolean(given.get("is_active", True), "is_active"),
    }
    return _stamp(state, "tasks", task)


def _listing(ctx: Ctx, plural: str, rows: list[Record]) -> Response:
    return wire.json_response(wire.page(plural, rows, ctx.state.config["max_per_page"]))


@endpoint("/clients", ["GET"])
def list_clients(ctx: Ctx) -> Response:
    return _listing(ctx, "clients", _listed(ctx.state, "clients"))


@endpoint("/clients", ["POST"], admin=True)
def post_client(ctx: Ctx) -> Response:
    return wire.json_response(add_client(ctx.state, body()), 201)


@endpoint("/projects", ["GET"])
def list_projects(ctx: Ctx) -> Response:
    client = request.args.get("client_id")
    client_id = wire.integer(client, "client_id") if client else None
    return _listing(ctx, "projects", _listed(ctx.state, "projects", client=client_id))


@endpoint("/projects/<project_id>", ["GET"])
def get_project(ctx: Ctx, project_id: str) -> Response:
    return wire.json_response(find(ctx.state.projects, project_id))


@endpoint("/projects", ["POST"], admin=True)
def post_project(ctx: Ctx) -> Response:
    return wire.json_response(add_project(ctx.state, body()), 201)


@endpoint("/tasks", ["GET"])
def list_tasks(ctx: Ctx) -> Response:
    return _listing(ctx, "tasks", _listed(ctx.state, "tasks"))


@endpoint("/tasks/<task_id>", ["GET"])
def get_task(ctx: Ctx, task_id: str) -> Response:
    return wire.json_response(find(ctx.state.tasks, task_id))


@endpoint("/tasks", ["POST"], admin=True)
def post_task(ctx: Ctx) -> Response:
    return wire.json_response(add_task(ctx.state, body()), 201)


@endpoint("/projects/<project_id>/task_assignments", ["GET"])
def list_task_assignments(ctx: Ctx, project_id: str) -> Response:
    project = find(ctx.state.projects, project_id)
    rows = [
        a for a in _listed(ctx.state, "task_assignments") if a["project"]["id"] == project["id"]
    ]
    return _listing(ctx, "task_assignments", rows)


@endpoint("/projects/<project_id>/task_assignments", ["POST"], admin=True)
def post_task_assignment(ctx: Ctx, project_id: str) -> Response:
    project = find(ctx.state.projects, project_id)
    given = body()
    _required(given, "task_id")
    task = ctx.state.tasks.get(wire.integer(given["task_id"], "task_id"))
    if task is None:
        raise unprocessable("Task can't be blank")
    if any(
        a["project"]["id"] == project["id"] and a["task"]["id"] == task["id"]
        for a in ctx.state.task_assignments.values()
    ):
        raise unprocessable("Task has already been taken")
    return wire.json_response(assign(ctx.state, project, task, given), 201)
