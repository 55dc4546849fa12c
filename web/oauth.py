"""OAuth connect: the state kept while the user is at the app's consent page, and the return.

The state is random, bound to this browser's session and to one pending attempt stored
(encrypted, for ten minutes, used once) in Redis with what the connector must keep: its
PKCE verifier. A callback whose state is not this session's latest attempt connects
nothing.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    request,
    session,
    url_for,
)

from hub.connections import secret_box
from hub.jobs.queues import redis_for
from hub.sdk.errors import ConnectorError
from web.access import console_blueprint, is_admin, load_membership

bp = console_blueprint("oauth", __name__)

TTL = 600  # seconds a user may spend at the app's consent page
PREFIX = "hub:web:oauth:"


def redirect_uri(connector: str) -> str:
    """The callback registered with the app: fixed per connector, on the hub's address."""
    return f"{str(current_app.config['BASE_URL']).rstrip('/')}/connections/{connector}/callback"


def _store(kind: str, value: dict[str, Any]) -> str:
    token = secrets.token_urlsafe(32)
    sealed = secret_box(current_app.config).encrypt_json(value)
    redis_for(current_app).set(f"{PREFIX}{kind}:{token}", sealed, ex=TTL)
    return token


def _take(kind: str, token: str, *, keep: bool = False) -> dict[str, Any] | None:
    redis = redis_for(current_app)
    key = f"{PREFIX}{kind}:{token}"
    sealed = redis.get(key) if keep else redis.getdel(key)
    if not sealed:
        return None
    return secret_box(current_app.config).decrypt_json(sealed.decode())


def begin(
    org_id: str, connector: Any, options: dict[str, Any], settings: dict[str, Any] | None
) -> str:
    """Start an attempt: returns the app's consent URL to send the browser to.

    `settings` (None on a reconnect) are kept with the attempt for the new connection.
    """
    state = secrets.token_urlsafe(32)
    app_registration = current_app.config["APPS"].get(connector.name) or {}
    url, kept = connector.begin_connect(
        app_registration, redirect_uri(connector.name), state, options
    )
    pending = {
        "org_id": org_id,
        "user_id": g.user.id,
        "connector": connector.name,
        "kept": kept,
        "settings": settings,
    }
    redis_for(current_app).set(
        f"{PREFIX}state:{state}", secret_box(current_app.config).encrypt_json(pending), ex=TTL
    )
    session["oauth_state"] = state
    return str(url)


def stash_choice(pending: dict[str, Any], credentials: dict[str, Any], tenants: list[Any]) -> str:
    """Keep the credentials while the user picks which of the app's accounts to connect."""
    token = _store(
        "choice",
        {
            **{k: pending[k] for k in ("org_id", "user_id", "connector", "settings")},
            "credentials": credentials,
            "tenants": [{"id": t.id, "name": t.name} for t in tenants],
        },
    )
    session["oauth_choice"] = token
    return token


def load_choice(connector: str) -> dict[str, Any] | None:
    """The pending choice of this session, for this connector and organization."""
    token = session.get("oauth_choice")
    if not token:
        return None
    choice = _take("choice", token, keep=True)
    if choice is None or choice["connector"] != connector or choice["user_id"] != g.user.id:
        return None
    if choice["org_id"] != g.org_id:
        return None
    return choice


def drop_choice() -> None:
    token = session.pop("oauth_choice", None)
    if token:
        redis_for(current_app).delete(f"{PREFIX}choice:{token}")


@bp.get("/connections/<connector>/callback")
def callback(connector: str) -> Any:
    """The app sends the browser back here with a code (or an error) and our state."""
    state = request.args.get("state", "")
    expected = session.pop("oauth_state", None)
    if not state or not expected or not hmac.compare_digest(state, str(expected)):
        abort(400, "This answer does not belong to a connection attempt of yours; start again.")
    pending = _take("state", state)
    if pending is None or pending["connector"] != connector or pending["user_id"] != g.user.id:
        abort(400, "This connection attempt has expired; start again from the marketplace.")
    g.org_id = pending["org_id"]
    load_membership(g.org_id)
    if not is_admin():
        abort(403, "Only the organization's admins can connect apps.")
    registry = current_app.extensions["hub.registry"]
    try:
        connector_class = registry.get(connector)
    except KeyError:
        abort(404)
    back = url_for("marketplace.index", org=g.org_id)
    if request.args.get("error"):
        reason = request.args.get("error_description") or request.args["error"]
        flash(f"{connector_class.title} did not connect: {reason}.", "error")
        return redirect(back)
    try:
        credentials, tenants = connector_class.finish_connect(
            current_app.config["APPS"].get(connector) or {},
            redirect_uri(connector),
            request.args.to_dict(),
            pending["kept"],
        )
    except ConnectorError as exc:
        flash(f"{connector_class.title} did not connect: {exc.user_message}", "error")
        return redirect(back)
    if not tenants:
        flash(f"The {connector_class.title} sign-in reaches no account to connect.", "error")
        return redirect(back)
    if len(tenants) > 1:
        stash_choice(pending, credentials, tenants)
        return redirect(url_for("connect.choose", org=g.org_id, connector=connector))
    from web.connect import finish

    return finish(
        connector_class, credentials, tenants[0].id, tenants[0].name, pending.get("settings")
    )
