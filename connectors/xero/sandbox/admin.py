"""A small admin API under /sandbox/admin: apps, users, webhooks, seeding, lock dates.

Xero has nothing like it; it lets a demo or another process set the sandbox up over HTTP.
When `admin_token` is configured, calls must send it in `X-Sandbox-Admin`.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from . import dates, helpers, webhooks
from .seed import seed as run_seed
from .store import state_of

bp = Blueprint("xero_admin", __name__, url_prefix="/sandbox/admin")


@bp.before_request
def _guard() -> Response | None:
    token = state_of().config.get("admin_token")
    given = request.headers.get("X-Sandbox-Admin", "")
    if token and not hmac.compare_digest(given, token):
        return Response("admin token required", status=401)
    return None


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


@bp.post("/clients")
def add_client() -> Response:
    body = _body()
    client = helpers.add_client(
        current_app,
        body["client_id"],
        body.get("client_secret"),
        body.get("redirect_uris", []),
        body.get("name", "Sandbox app"),
    )
    return jsonify({"client_id": client.client_id, "name": client.name})


@bp.post("/users")
def add_user() -> Response:
    """A user and their organisations: `{email, password, name, organisations: [...]}`."""
    body = _body()
    user = helpers.add_user(current_app, body["email"], body.get("password", "password"))
    tenants = [
        helpers.add_organisation(current_app, org["name"], org.get("country", "AU"), user.email)
        for org in body.get("organisations", [])
    ]
    return jsonify({"user_id": user.user_id, "tenant_ids": tenants})


@bp.post("/organisations/<tenant_id>/lock-dates")
def lock_dates(tenant_id: str) -> Response:
    body = _body()
    state = state_of()
    with state.lock:
        org = state.orgs[tenant_id]
        for key in ("PeriodLockDate", "EndOfYearLockDate"):
            if key in body:
                org.settings[key] = dates.parse_date(body[key]) if body[key] else None
    return jsonify({"tenant_id": tenant_id})


@bp.post("/webhooks")
def subscribe() -> Response:
    """`{url, key[, client_id]}`: create or change the app's webhook (runs the ITR)."""
    body = _body()
    sub = webhooks.subscribe(current_app, body["url"], body["key"], body.get("client_id"))
    return jsonify({"id": sub.id, "client_id": sub.client_id, "status": sub.status})


@bp.get("/webhooks")
def subscriptions() -> Response:
    state = state_of()
    with state.lock:
        rows = [
            {
                "id": s.id,
                "client_id": s.client_id,
                "url": s.url,
                "status": s.status,
                "queued": len(s.queue),
                "attempts": s.attempts,
                "posts": len(s.log),
            }
            for s in state.extras.get("webhooks", {}).values()
        ]
    return jsonify(rows)


@bp.post("/webhooks/deliver")
def deliver() -> Response:
    return jsonify({"delivered": webhooks.deliver_pending(current_app)})


@bp.post("/seed")
def seed() -> Response:
    """`{organisations, contacts, invoices, seed, owner}` -> the seeded tenant ids."""
    body = _body()
    tenants = run_seed(
        current_app,
        organisations=int(body.get("organisations", 1)),
        contacts=int(body.get("contacts", 200)),
        invoices=int(body.get("invoices", 2000)),
        seed=int(body.get("seed", 0)),
        owner=body.get("owner", helpers.DEFAULT_OWNER),
    )
    return jsonify({"tenant_ids": tenants})
