"""`create_app(config)`: the Flask app that stands in for Harvest's API v2, and helpers."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask, Response

# Resource modules register their routes on the blueprint when imported.
from . import api, projects, time_entries, users  # noqa: F401
from .store import EXTENSION, Record, State, merged, state_of


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A Harvest account with its owner (an administrator) and the owner's token."""
    app = Flask(__name__)
    state = State(merged(config))
    app.extensions[EXTENSION] = state
    owner = state.add_user(**state.config["owner"], access_roles=["administrator"])
    state.tokens[state.config["token"]] = owner["id"]
    app.register_blueprint(api.bp)

    @app.errorhandler(404)
    def _not_found(_error: Exception) -> Response:
        return api.not_found().response()

    @app.errorhandler(405)
    def _not_allowed(_error: Exception) -> Response:
        return api.not_found().response()

    return app


def add_user(
    app: Flask,
    first_name: str,
    last_name: str,
    email: str,
    *,
    admin: bool = False,
    token: str | None = None,
    **fields: Any,
) -> Record:
    """A user (through the API's own checks); `token` gives them a personal access token."""
    state = state_of(app)
    with state.lock:
        given = {"first_name": first_name, "last_name": last_name, "email": email, **fields}
        given["access_roles"] = ["administrator"] if admin else ["member"]
        user = users.create(state, given)
        if token:
            state.tokens[token] = user["id"]
        return user


def approve(app: Flask, user_id: int, first: date, last: date) -> int:
    """Approve a user's timesheet for a range of days (closes and locks the entries)."""
    state = state_of(app)
    with state.lock:
        return time_entries.approve(state, user_id, first, last)


def owner(app: Flask) -> Record:
    """The account owner: the user the default token belongs to."""
    state = state_of(app)
    return state.users[state.tokens[state.config["token"]]]
