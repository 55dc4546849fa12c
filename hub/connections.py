"""Connecting apps: credentials encrypted at rest, validated settings, the direction matrix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.config import secret_keys
from hub.models import DIRECTIONS, Connection, Link, utcnow
from hub.sdk.connector import Capability, Connector
from hub.sdk.secrets import SecretBox


class ConnectionError_(ValueError):
    """A connect, configure or disconnect request that cannot be carried out."""

    def __init__(self, message: str, errors: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.errors = dict(errors or {})


def secret_box(config: Mapping[str, Any]) -> SecretBox:
    return SecretBox(secret_keys(config))


def default_matrix(connector: type[Connector]) -> dict[str, str]:
    """Everything the connector can do, on: its full capability per entity."""
    return {entity: spec.capability.value for entity, spec in connector.entities.items()}


def validate_matrix(connector: type[Connector], matrix: Mapping[str, str]) -> dict[str, str]:
    """Refuse a direction beyond what the connector can do, naming each bad cell."""
    errors: dict[str, list[str]] = {}
    result = {entity: "off" for entity in connector.entities}
    for entity, direction in matrix.items():
        capability: Capability | None = connector.capability(entity)
        if direction not in DIRECTIONS:
            errors[entity] = [f"Must be one of: {', '.join(DIRECTIONS)}."]
        elif capability is None:
            errors[entity] = [f"{connector.title} does not share {entity}."]
        elif not capability.allows(direction):
            errors[entity] = [
                f"{connector.title} can only {capability.value} {entity}, not {direction}."
            ]
        else:
            result[entity] = direction
    if errors:
        raise ConnectionError_("The direction matrix asks for more than the app can do.", errors)
    return result


def validate_settings(connector: type[Connector], settings: Mapping[str, Any]) -> dict[str, Any]:
    if connector.settings_schema is None:
        return {}
    schema = connector.settings_schema()
    try:
        return schema.dump(schema.load(dict(settings)))
    except ValidationError as exc:
        raise ConnectionError_("Invalid settings.", exc.messages_dict) from exc


def connect(
    session: Session,
    app: Flask,
    org_id: str,
    connector: type[Connector],
    *,
    credentials: Mapping[str, Any],
    settings: Mapping[str, Any] | None = None,
    tenant_id: str | None = None,
    tenant_name: str | None = None,
    matrix: Mapping[str, str] | None = None,
) -> Connection:
    """Create (or re-authorise) the organization's connection to `connector`."""
    box = secret_box(app.config)
    existing = session.scalar(
        select(Connection).where(
            Connection.org_id == org_id, Connection.connector == connector.name
        )
    )
    # Secret settings (an access key) are credentials: checked with the settings, stored
    # encrypted with the credentials, never in the plain settings. Either place is accepted.
    secret = connector.secret_settings()
    credentials = {**credentials, **{k: v for k, v in (settings or {}).items() if k in secret}}
    # A reconnect may keep the settings it had; a new connection must have valid ones.
    if settings is not None or existing is None:
        given = {k: v for k, v in (settings or {}).items() if k not in secret}
        checked = validate_settings(
            connector, {**given, **{k: v for k, v in credentials.items() if k in secret}}
        )
        checked_settings = {k: v for k, v in checked.items() if k not in secret}
    else:
        checked_settings = existing.settings
    checked_matrix = validate_matrix(connector, matrix or default_matrix(connector))
    if tenant_id is not None:
        owner = session.scalar(
            select(Connection).where(
                Connection.connector == connector.name, Connection.tenant_id == tenant_id
            )
        )
        if owner is not None and owner.org_id != org_id:
            raise ConnectionError_(
                f"This {connector.title} account is already connected to another organization."
            )
    if existing is not None:
        if existing.tenant_id and tenant_id and existing.tenant_id != tenant_id:
            raise ConnectionError_(
                f"This organization is connected to another {connector.title} account; "
                "disconnect it first."
            )
        existing.credentials = box.encrypt_json(dict(credentials))
        existing.credentials_version += 1
        existing.status, existing.status_message = "connected", None
        existing.tenant_id = tenant_id or existing.tenant_id
        existing.tenant_name = tenant_name or existing.tenant_name
        if settings is not None:
            existing.settings = checked_settings
        existing.updated_at = utcnow()
        session.flush()
        return existing
    connection = Connection(
        org_id=org_id,
        connector=connector.name,
        tenant_id=tenant_id,
        tenant_name=tenant_name,
        credentials=box.encrypt_json(dict(credentials)),
        settings=checked_settings,
        matrix=checked_matrix,
        matching={},
        sync_interval=int(app.config["SYNC_INTERVAL"]),
        next_sync_at=utcnow(),
    )
    session.add(connection)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent connect of the same app or tenant
        raise ConnectionError_(f"{connector.title} is already connected.") from exc
    return connection


def credentials_of(app: Flask, connection: Connection) -> dict[str, Any]:
    if not connection.credentials:
        return {}
    return secret_box(app.config).decrypt_json(connection.credentials)


def save_credentials(
    session: Session, app: Flask, connection_id: str, credentials: Mapping[str, Any]
) -> None:
    """Store rotated credentials at once, under the row's lock, in their own transaction.

    A refresh token that rotates is valid once: losing the new one locks the hub out, so it
    is committed before the caller does anything else that might fail.
    """
    row = session.scalar(select(Connection).where(Connection.id == connection_id).with_for_update())
    if row is None:
        return
    row.credentials = secret_box(app.config).encrypt_json(dict(credentials))
    row.credentials_version += 1
    row.updated_at = utcnow()
    session.commit()


def set_status(
    session: Session, connection: Connection, status: str, message: str | None = None
) -> None:
    connection.status, connection.status_message = status, message
    connection.updated_at = utcnow()


def disconnect(session: Session, connection: Connection) -> None:
    """Forget the connection and its links; the hub's records stay."""
    session.query(Link).filter(Link.connection_id == connection.id).delete()
    session.delete(connection)
    session.flush()
