"""`/v2/users`: the account's people. Administrators manage them; anyone may read `/me`.

Lists are newest first (by creation), filtered by `is_active` and `updated_since`. A user
with time entries cannot be deleted (archive it with `is_active: false`). Messages of
refused writes are inferred: "First name can't be blank", "Email has already been taken".
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, request

from . import wire
from .api import Ctx, body, endpoint, find, forbidden, unprocessable
from .store import Record, State, now

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ACCESS_ROLES = (
    "administrator manager member project_creator billable_rates_manager "
    "managed_projects_invoice_drafter managed_projects_invoice_manager client_and_task_manager "
    "time_and_expenses_manager estimates_manager"
).split()
TEXTS = ("first_name", "last_name", "email", "telephone", "timezone")
FLAGS = ("has_access_to_all_future_projects", "is_contractor", "is_active")
DECIMALS = ("default_hourly_rate", "cost_rate")


def _read(given: Record, user: Record) -> None:
    """Copy what was sent onto `user`, reading each field's type."""
    for key in TEXTS:
        if key in given:
            user[key] = "" if given[key] is None else str(given[key]).strip()
    for key in FLAGS:
        if key in given:
            user[key] = wire.boolean(given[key], key)
    for key in DECIMALS:
        if key in given:
            user[key] = None if given[key] in (None, "") else wire.decimal(given[key], key)
    if "weekly_capacity" in given:
        user["weekly_capacity"] = wire.integer(given["weekly_capacity"], "weekly_capacity")
    for key in ("roles", "access_roles"):
        if key in given:
            values = given[key]
            if isinstance(values, str):
                values = [v.strip() for v in values.split(",") if v.strip()]
            if not isinstance(values, list):
                raise wire.BadParameter(f"{key} must be an array of strings")
            user[key] = [str(v) for v in values]


def _check(state: State, user: Record) -> None:
    for key, label in (
        ("first_name", "First name"),
        ("last_name", "Last name"),
        ("email", "Email"),
    ):
        if not user.get(key):
            raise unprocessable(f"{label} can't be blank")
    if not EMAIL.match(user["email"]):
        raise unprocessable("Email is invalid")
    other = state.user_by_email(user["email"])
    if other is not None and other["id"] != user.get("id"):
        raise unprocessable("Email has already been taken")
    unknown = [r for r in user["access_roles"] if r not in ACCESS_ROLES]
    if unknown:
        raise unprocessable(f"Access roles {', '.join(unknown)} is not a valid access role")


def create(state: State, given: Record) -> Record:
    draft: Record = {"access_roles": ["member"], "roles": []}
    _read(given, draft)
    draft.setdefault("email", "")
    _check(state, {"first_name": "", "last_name": "", **draft})
    return state.add_user(**draft)


def _listed(state: State) -> list[Record]:
    rows = list(state.users.values())
    if "is_active" in request.args:
        active = wire.boolean(request.args["is_active"], "is_active")
        rows = [u for u in rows if u["is_active"] == active]
    if request.args.get("updated_since"):
        since = wire.a_datetime(request.args["updated_since"], "updated_since")
        rows = [u for u in rows if u["updated_at"] >= since]
    return sorted(rows, key=lambda u: (u["created_at"], u["id"]), reverse=True)


@endpoint("/users/me", ["GET"])
def me(ctx: Ctx) -> Response:
    return wire.json_response(ctx.user)


@endpoint("/users", ["GET"], admin=True)
def list_users(ctx: Ctx) -> Response:
    rows = _listed(ctx.state)
    return wire.json_response(wire.page("users", rows, ctx.state.config["max_per_page"]))


@endpoint("/users/<user_id>", ["GET"])
def get_user(ctx: Ctx, user_id: str) -> Response:
    user = find(ctx.state.users, user_id)
    if user["id"] != ctx.user["id"] and not ctx.is_admin:
        raise forbidden()
    return wire.json_response(user)


@endpoint("/users", ["POST"], admin=True)
def post_user(ctx: Ctx) -> Response:
    return wire.json_response(create(ctx.state, body()), 201)


@endpoint("/users/<user_id>", ["PATCH"], admin=True)
def patch_user(ctx: Ctx, user_id: str) -> Response:
    user = find(ctx.state.users, user_id)
    changed: dict[str, Any] = dict(user)
    _read(body(), changed)
    _check(ctx.state, changed)
    changed["updated_at"] = now()
    user.update(changed)
    return wire.json_response(user)


@endpoint("/users/<user_id>", ["DELETE"], admin=True)
def delete_user(ctx: Ctx, user_id: str) -> Response:
    user = find(ctx.state.users, user_id)
    if any(e["_user_id"] == user["id"] for e in ctx.state.time_entries.values()):
        raise unprocessable("This user has time entries and cannot be deleted; archive it instead")
    del ctx.state.users[user["id"]]
    for token, owner in list(ctx.state.tokens.items()):
        if owner == user["id"]:
            del ctx.state.tokens[token]
    return Response(status=200)  # Harvest answers a delete with an empty 200
