"""The sandbox's settings: defaults, merged with what `create_app(config)` is given."""

from __future__ import annotations

import copy
from typing import Any

DEMO_CLIENT = {
    "client_id": "sandbox-client",
    "client_secret": "sandbox-secret",
    "name": "Hub sandbox app",
    "redirect_uris": [
        "http://localhost:5000/connections/xero/callback",
        "http://127.0.0.1:5000/connections/xero/callback",
    ],
}

DEMO_USER = {
    "email": "demo@example.com",
    "password": "demo",
    "name": "Demo User",
    "organisations": [{"name": "Demo Company (AU)", "country": "AU"}],
}

DEFAULTS: dict[str, Any] = {
    # OAuth lifetimes, in seconds (Xero: 30 min access, 60 days refresh, 30 min grace).
    "access_token_ttl": 1800,
    "refresh_token_ttl": 60 * 86_400,
    "refresh_grace": 1800,
    "code_ttl": 300,  # unconfirmed: 5 min per one source, 30 s per another
    "jwt_secret": "xero-sandbox-signing-key",
    "clients": [DEMO_CLIENT],
    "users": [DEMO_USER],
    # Per-organisation (per app) budgets and the app-wide one.
    "limits": {"minute": 60, "day": 5000, "concurrent": 5, "app_minute": 10_000},
    # Unconfirmed header values and Retry-After for the concurrency and app limits.
    "concurrent_problem": "concurrent",
    "concurrent_retry_after": 1,
    "app_minute_problem": "appminute",
    "page_size": 100,
    "max_page_size": 1000,
    "idempotency_ttl": 360,
    "idempotency_max_length": 128,
    # Unconfirmed: whether a DRAFT manual journal must balance (the spec's example says so).
    "draft_journals_must_balance": True,
    "attachment_max_bytes": 10 * 1024 * 1024,  # 10 MB vs 25 MB: Xero's pages disagree
    # Webhooks: subscriptions are {"client_id", "url", "key"}; see webhooks.py.
    "webhooks": [],
    "webhook_intent_to_receive": True,
    "webhook_thread": False,
    "webhook_poll_seconds": 1.0,
    "webhook_timeout": 5.0,
    "webhook_retry_seconds": [0, 900],  # first retry at once, then every 15 minutes
    "webhook_give_up_after": 86_400,
    # The address clients use for this sandbox; used in webhook `resourceUrl`s. When
    # unset, the first request's host URL is used.
    "public_url": None,
    # When set, /sandbox/admin calls must send it in the X-Sandbox-Admin header.
    "admin_token": None,
}


def merged(config: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults overlaid with `config`; `limits` is merged key by key."""
    result = copy.deepcopy(DEFAULTS)
    for key, value in (config or {}).items():
        if key == "limits" and isinstance(value, dict):
            result["limits"].update(value)
        else:
            result[key] = copy.deepcopy(value)
    return result
