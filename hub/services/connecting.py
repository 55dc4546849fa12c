"""Connecting from forms: secret settings kept as encrypted credentials, app defaults, revoke.

The convention: a connector's settings schema declares every value a user types, and the
fields flagged `metadata={"secret": True}` are credentials (an API key, an access key, a
webhook signing key). They are validated together with the other settings by the same
schema, then split off and stored encrypted with the connection's credentials; plain
settings never hold them. OAuth connectors get their tokens from `finish_connect` instead,
and may still declare secret settings (kept across reconnects).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from marshmallow import ValidationError, fields
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.connections import ConnectionError_, connect, credentials_of, disconnect, secret_box
from hub.models import Connection, utcnow
from hub.sdk.connector import Connector, Context

log = logging.getLogger("hub.services")

MASK = "********"


def declared_fields(connector: type[Connector]) -> dict[str, fields.Field]:
    if connector.settings_schema is None:
        return {}
    return dict(connector.settings_schema._declared_fields)


def secret_fields(connector: type[Connector]) -> list[str]:
    """Names of the secret settings, in declaration order."""
    return [n for n, f in declared_fields(connector).items() if f.metadata.get("secret")]


def split_settings(
    connector: type[Connector], values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate settings and secrets with the connector's schema: (settings, secrets)."""
    if connector.settings_schema is None:
        return {}, {}
    schema = connector.settings_schema()
    try:
        loaded = schema.load(dict(values))
    except ValidationError as exc:
        raise ConnectionError_("Invalid settings.", exc.messages_dict) from exc
    dumped = schema.dump(loaded)
    secret = set(secret_fields(connector))
    settings = {k: v for k, v in dumped.items() if k not in secret}
    # load_only secrets are not dumped: take what was loaded.
    secrets = {k: dumped.get(k, loaded.get(k)) for k in secret}
    return settings, {k: v for k, v in secrets.items() if v not in (None, "")}


def app_defaults(connector: type[Connector], config: Mapping[str, Any]) -> dict[str, Any]:
    """Settings prefilled from the marketplace's registration with the app (HUB_APPS):
    e.g. the sandbox URLs of the demo. Secrets are never taken from there."""
    registration = (config.get("APPS") or {}).get(connector.name) or {}
    secret = set(secret_fields(connector))
    return {
        k: v for k, v in registration.items() if k in declared_fields(connector) and k not in secret
    }


def tenant_of(connector: type[Connector], settings: Mapping[str, Any]) -> tuple[str | None, str]:
    """The app account a key-based connection reaches: the first URL setting (the app's
    address), so one app account belongs to one organization."""
    for name, field in declared_fields(connector).items():
        if isinstance(field, fields.Url) and settings.get(name):
            url = str(settings[name]).rstrip("/")
            return url, urlsplit(url).netloc or url
    return None, connector.title


def pull_only_matrix(connector: type[Connector]) -> dict[str, str]:
    """A new connection reads from the app and writes nothing to it until the user says so."""
    return {
        entity: "pull" if spec.capability.allows("pull") else "off"
        for entity, spec in connector.entities.items()
    }


def connect_with_settings(
    session: Session,
    app: Flask,
    org_id: str,
    connector: type[Connector],
    values: Mapping[str, Any] | None,
    *,
    credentials: Mapping[str, Any] | None = None,
    tenant_id: str | None = None,
    tenant_name: str | None = None,
    matrix: Mapping[str, str] | None = None,
) -> Connection:
    """Connect (or reconnect) with form values; secret settings join the credentials.

    `values` None on a reconnect keeps the stored settings; the secret settings the
    connection held are carried into the new credentials.
    """
    existing = session.scalar(
        select(Connection).where(
            Connection.org_id == org_id, Connection.connector == connector.name
        )
    )
    carried: dict[str, Any] = {}
    if existing is not None:
        old = credentials_of(app, existing)
        carried = {k: old[k] for k in secret_fields(connector) if k in old}
    settings: dict[str, Any] | None = None
    secrets: dict[str, Any] = {}
    if values is not None or existing is None:
        # A secret left blank on a reconnect keeps the one the connection holds.
        settings, secrets = split_settings(connector, {**carried, **(values or {})})
    if tenant_id is None and settings is not None and connector.auth == "keys":
        tenant_id, tenant_name = tenant_of(connector, settings)
    row = connect(
        session,
        app,
        org_id,
        connector,
        credentials={**carried, **(credentials or {}), **secrets},
        # hub.connections validates what it stores; the secrets are part of what is valid,
        # then taken out below, in the same transaction, before anything commits.
        settings=None if settings is None else {**settings, **secrets},
        tenant_id=tenant_id,
        tenant_name=tenant_name,
        matrix=matrix,
    )
    if settings is not None:
        row.settings = settings
        session.flush()
    return row


def stored_secrets(app: Flask, connector: type[Connector], row: Connection) -> set[str]:
    """Which secret settings the connection holds (their values are never shown)."""
    credentials = credentials_of(app, row)
    return {k for k in secret_fields(connector) if credentials.get(k) or row.settings.get(k)}


def update_settings(
    session: Session,
    app: Flask,
    row: Connection,
    connector: type[Connector],
    values: Mapping[str, Any],
) -> None:
    """Save edited settings; a secret left blank (or masked) keeps its stored value."""
    credentials = credentials_of(app, row)
    secret = secret_fields(connector)
    current = {**row.settings, **{k: credentials[k] for k in secret if k in credentials}}
    changed = {k: v for k, v in values.items() if not (k in secret and v in (MASK, "", None))}
    settings, secrets = split_settings(connector, {**current, **changed})
    row.settings = settings
    if any(credentials.get(k) != v for k, v in secrets.items()):
        # Only when a secret changed: rewriting credentials read earlier could undo a token
        # the engine rotated meanwhile.
        row.credentials = secret_box(app.config).encrypt_json({**credentials, **secrets})
        row.credentials_version += 1
    row.updated_at = utcnow()
    session.flush()


def disconnect_and_revoke(
    session: Session, app: Flask, row: Connection, connector: type[Connector]
) -> bool:
    """Revoke the credentials at the app (best effort), then forget the connection.

    Returns whether the app confirmed the revocation; the hub forgets the tokens anyway.
    """
    revoked = True
    try:
        instance = connector(
            Context(
                settings=row.settings,
                credentials=credentials_of(app, row),
                tenant_id=row.tenant_id,
            )
        )
        instance.revoke()
    except Exception:  # an unreachable app must not keep a user from disconnecting
        log.warning("revoking %s connection %s failed", row.connector, row.id, exc_info=True)
        revoked = False
    disconnect(session, row)
    return revoked
