"""Settings: embedded defaults, then HUB_* environment variables, then an explicit mapping."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Every setting the hub reads, with its default and what it does. README.md lists the same
# table; tests/test_docs.py fails when the two drift apart.
SETTINGS: dict[str, tuple[Any, str]] = {
    "DATABASE_URL": (None, "SQLAlchemy URL; default: SQLite file instance/hub.db"),
    "REDIS_URL": (None, "Redis URL for jobs and locks; default: in-process fakeredis"),
    "SECRET_KEY": (
        "dev-only-secret-key-change-me",
        "signs sessions and encrypts credentials; comma-separate keys to rotate",
    ),
    "INSTANCE_PATH": (str(ROOT / "instance"), "folder for the SQLite file and local state"),
    "BASE_URL": ("http://127.0.0.1:5000", "public address of the hub (OAuth and webhook URLs)"),
    "LOG_LEVEL": ("INFO", "DEBUG, INFO, WARNING or ERROR"),
    "API_DEFAULT_LIMIT": (100, "page size of API lists when no limit is given"),
    "API_MAX_LIMIT": (1000, "largest page size an API list accepts"),
    "SCHEDULER_INTERVAL": (30, "seconds between two scheduler ticks"),
    "SYNC_INTERVAL": (900, "default seconds between automatic syncs of a connection"),
    "APPS": (
        "",
        "JSON: per app, the marketplace's client id/secret and base URLs; "
        "default: the local sandboxes",
    ),
}

# The marketplace's registration with each app when HUB_APPS is not set: the sandboxes that
# `make run` starts, with their demo clients.
SANDBOX_APPS: dict[str, dict[str, Any]] = {
    "xero": {
        "client_id": "sandbox-client",
        "client_secret": "sandbox-secret",
        "identity_url": "http://127.0.0.1:5101",
        "login_url": "http://127.0.0.1:5101",
        "api_url": "http://127.0.0.1:5101",
    },
    "vtiger": {"url": "http://127.0.0.1:5102"},
    "shopify": {
        "api_key": "sandbox-api-key",
        "api_secret": "sandbox-api-secret",
        "base_url": "http://127.0.0.1:5103/shops/{shop}.myshopify.com",
    },
}

TRUE = {"1", "true", "yes", "on"}


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in TRUE
    if isinstance(default, int):
        return int(value)
    return value


def load_config(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build the settings dict; the only place the hub reads os.environ."""
    config: dict[str, Any] = {name: default for name, (default, _) in SETTINGS.items()}
    for name, (default, _) in SETTINGS.items():
        raw = os.environ.get(f"HUB_{name}")
        if raw not in (None, ""):
            config[name] = _coerce(raw, default)
    if overrides:
        config.update(overrides)
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{Path(config['INSTANCE_PATH']) / 'hub.db'}"
    config["DATABASE_URL"] = normalise_database_url(config["DATABASE_URL"])
    config["APPS"] = _apps(config["APPS"])
    return config


def _apps(value: Any) -> dict[str, dict[str, Any]]:
    if isinstance(value, dict):
        return value
    if not value:
        return {name: dict(app) for name, app in SANDBOX_APPS.items()}
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise ValueError(f"HUB_APPS is not valid JSON: {exc}") from exc
    if not isinstance(parsed, dict):
        raise ValueError("HUB_APPS must be a JSON object: {app name: {setting: value}}")
    return parsed


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_keys(config: Mapping[str, Any]) -> list[str]:
    """The secret keys, newest first; older ones still decrypt what they encrypted."""
    return [k.strip() for k in str(config["SECRET_KEY"]).split(",") if k.strip()]
