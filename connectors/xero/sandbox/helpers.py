"""Shortcuts for tests and demos: users, organisations and tokens without the browser."""

from __future__ import annotations

import time
import uuid
from typing import Any

from flask import Flask

from . import tokens
from .store import Client, Org, User, state_of

DEFAULT_SCOPES = (
    "openid profile email offline_access accounting.transactions accounting.contacts "
    "accounting.settings accounting.attachments accounting.journals.read"
)
DEFAULT_OWNER = "owner@example.com"


def add_client(
    app: Flask,
    client_id: str,
    client_secret: str | None,
    redirect_uris: list[str],
    name: str = "Sandbox app",
) -> Client:
    """Register an OAuth app; no secret makes it a PKCE app."""
    state = state_of(app)
    with state.lock:
        return state.add_client(client_id, client_secret, redirect_uris, name)


def add_user(app: Flask, email: str, password: str = "password", name: str = "") -> User:
    state = state_of(app)
    with state.lock:
        return state.user_by_email(email) or state.add_user(email, password, name)


def add_organisation(
    app: Flask, name: str = "Test Organisation", country: str = "AU", owner: str = DEFAULT_OWNER
) -> str:
    """Create an organisation (AU, NZ, UK or US) owned by `owner`; returns its tenant id."""
    user = add_user(app, owner)
    state = state_of(app)
    with state.lock:
        return state.add_org(user, name, country).id


def organisation(app: Flask, tenant_id: str) -> Org:
    """The organisation's live state, e.g. to set `settings["PeriodLockDate"]` in a test."""
    return state_of(app).orgs[tenant_id]


def issue_token(
    app: Flask,
    tenant_ids: list[str],
    scopes: str = DEFAULT_SCOPES,
    client_id: str | None = None,
) -> dict[str, Any]:
    """Connect the tenants' owner to the app and mint tokens, as a finished consent would.

    Returns the token endpoint's body plus `expires_at` (epoch seconds), the shape
    xero-python's `OAuth2Token.update_token(**token)` takes.
    """
    state = state_of(app)
    with state.lock:
        client = state.clients[client_id] if client_id else next(iter(state.clients.values()))
        owners = [u for u in state.users.values() if set(tenant_ids) <= set(u.org_ids)]
        if not owners:
            raise LookupError("no single user owns all of these organisations")
        auth_event_id = str(uuid.uuid4())
        tokens.grant(state, owners[0], client, list(tenant_ids), auth_event_id)
        body = tokens.issue(state, client, owners[0], frozenset(scopes.split()), auth_event_id)
    body["expires_at"] = time.time() + body["expires_in"]
    return body
