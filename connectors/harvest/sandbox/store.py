"""The sandbox's state: one Harvest account, its people, projects, tasks and time entries."""

from __future__ import annotations

import copy
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app

EXTENSION = "harvest_sandbox"
Record = dict[str, Any]

DEFAULT_TOKEN = "harvest-sandbox-token"
DEFAULT_ACCOUNT_ID = "424242"
DEFAULTS: dict[str, Any] = {
    "account_id": DEFAULT_ACCOUNT_ID,
    "company": "Sandbox Studio",
    # The account owner, an administrator, and the personal access token the demo uses.
    "owner": {"first_name": "Sam", "last_name": "Owner", "email": "owner@example.com"},
    "token": DEFAULT_TOKEN,
    # Harvest: 100 requests per 15 seconds for the general API, per token.
    "rate_limit": {"requests": 100, "seconds": 15},
    "max_per_page": 2000,
    "timezone": "Australia/Sydney",
    "currency": "AUD",
}
# Where each kind's ids start: Harvest ids are large integers, different for each kind.
ID_BASES = {
    "users": 1782884,
    "clients": 5735774,
    "projects": 14307913,
    "tasks": 8083365,
    "task_assignments": 155502709,
    "time_entries": 636708723,
}


def now() -> datetime:
    """UTC to the second: Harvest's timestamps carry no fraction."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class State:
    """Everything the account holds, behind one re-entrant lock."""

    config: dict[str, Any]
    lock: threading.RLock = field(default_factory=threading.RLock)
    tokens: dict[str, int] = field(default_factory=dict)  # personal access token -> user id
    users: dict[int, Record] = field(default_factory=dict)
    clients: dict[int, Record] = field(default_factory=dict)
    projects: dict[int, Record] = field(default_factory=dict)
    tasks: dict[int, Record] = field(default_factory=dict)
    task_assignments: dict[int, Record] = field(default_factory=dict)
    time_entries: dict[int, Record] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=lambda: dict(ID_BASES))
    calls: dict[str, deque[float]] = field(default_factory=dict)  # per token, for the limit

    def new_id(self, kind: str) -> int:
        self.next_ids[kind] += 1
        return self.next_ids[kind]

    def collection(self, kind: str) -> dict[int, Record]:
        collection: dict[int, Record] = getattr(self, kind)
        return collection

    def add_user(self, **fields: Any) -> Record:
        """A user as POST /users makes one (no checks: callers check first)."""
        stamp = now()
        user: Record = {
            "id": self.new_id("users"),
            "first_name": fields.pop("first_name"),
            "last_name": fields.pop("last_name"),
            "email": fields.pop("email"),
            "telephone": "",
            "timezone": self.config["timezone"],
            "has_access_to_all_future_projects": False,
            "is_contractor": False,
            "is_active": True,
            "weekly_capacity": 126000,
            "default_hourly_rate": None,
            "cost_rate": None,
            "roles": [],
            "access_roles": ["member"],
            "avatar_url": "https://cache.harvestapp.com/assets/profile_images/abraj_albait_towers.png",
            "created_at": stamp,
            "updated_at": stamp,
        }
        user.update(fields)
        self.users[user["id"]] = user
        return user

    def user_by_email(self, email: str) -> Record | None:
        wanted = email.strip().casefold()
        return next((u for u in self.users.values() if u["email"].casefold() == wanted), None)


def merged(config: dict[str, Any] | None) -> dict[str, Any]:
    result = copy.deepcopy(DEFAULTS)
    for key, value in (config or {}).items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = {**result[key], **value}
        else:
            result[key] = copy.deepcopy(value)
    return result


def state_of(app: Flask | None = None) -> State:
    state: State = (app or current_app).extensions[EXTENSION]
    return state
