"""Connections (an organization's enabled connector), their cursors, runs and sync state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, JSONType, UTCDateTime, utcnow, uuid_pk

STATUSES = ("connected", "reauthorize", "paused", "error")
DIRECTIONS = ("off", "pull", "push", "both")


class Connection(Base):
    """One organization's enabled connector: credentials, settings, matrix, status."""

    __tablename__ = "connections"
    __table_args__ = (
        UniqueConstraint("org_id", "connector"),
        UniqueConstraint("connector", "tenant_id"),
    )

    id: Mapped[str] = uuid_pk()
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    connector: Mapped[str] = mapped_column(String(40))
    # The app's own tenant (a Xero organisation, a shop domain): one connection each.
    tenant_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    tenant_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="connected")
    status_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    credentials: Mapped[str] = mapped_column(Text, default="")  # encrypted JSON
    settings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    matrix: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    # Per entity: "confirmed" once first-connection matching is settled.
    matching: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    history_cutoff: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sync_interval: Mapped[int] = mapped_column(Integer, default=900)
    next_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The org's change-feed seq this connection has been offered up to (push side).
    push_seq: Mapped[int] = mapped_column(Integer, default=0)
    credentials_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Cursor(Base):
    """Where the last pull of one entity stopped; moved only after its page is committed."""

    __tablename__ = "cursors"

    connection_id: Mapped[str] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), primary_key=True
    )
    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncRun(Base):
    """One execution of pull and/or push for a connection, with what it did."""

    __tablename__ = "sync_runs"
    __table_args__ = (Index("ix_sync_runs_org_started", "org_id", "started_at"),)

    id: Mapped[str] = uuid_pk()
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(String(20), default="manual")
    status: Mapped[str] = mapped_column(String(20), default="running")
    counts: Mapped[dict[str, dict[str, int]]] = mapped_column(JSONType, default=dict)
    api_calls: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RunEntry(Base):
    """A per-record note, error or conflict left by a sync run."""

    __tablename__ = "run_entries"

    id: Mapped[str] = uuid_pk()
    run_id: Mapped[str] = mapped_column(ForeignKey("sync_runs.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(20))  # note, error, conflict, waiting
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    external_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    message: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Pending(Base):
    """A record that could not be exchanged yet: waiting for a reference, or rejected.

    Pull side (direction "pull"): the app's record, kept until its references resolve.
    Push side (direction "push"): a hub record the app refused (retried when its hash
    changes) or one waiting for a referenced record to be linked first.
    """

    __tablename__ = "pending"
    __table_args__ = (UniqueConstraint("connection_id", "direction", "entity", "key"),)

    id: Mapped[str] = uuid_pk()
    org_id: Mapped[str] = mapped_column(String(36))
    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))  # external id (pull) or record id (push)
    reason: Mapped[str] = mapped_column(String(20))  # waiting, rejected
    message: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Match(Base):
    """A suggested pairing of a hub record and an app record, before the first sync."""

    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("connection_id", "entity", "external_id"),)

    id: Mapped[str] = uuid_pk()
    org_id: Mapped[str] = mapped_column(String(36))
    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    entity: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(200))
    external_label: Mapped[str] = mapped_column(String(300), default="")
    external_data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    record_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # suggested, accepted, create_new (the app record becomes a new hub record)
    decision: Mapped[str] = mapped_column(String(20), default="suggested")


class WebhookEvent(Base):
    """A webhook delivery seen, by the app's event id: the same event twice is ignored."""

    __tablename__ = "webhook_events"
    __table_args__ = (UniqueConstraint("connection_id", "event_id"),)

    id: Mapped[str] = uuid_pk()
    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _pushes(matrix: dict[str, str] | None) -> set[str]:
    return {e for e, d in (matrix or {}).items() if d in ("push", "both")}


@event.listens_for(Connection.matrix, "set", active_history=True)
def _offer_the_whole_feed_again(
    target: Connection, value: dict[str, str], old: Any, _initiator: Any
) -> None:
    """An entity newly shared TO the app must get its older records too, not only what
    changes from now on: its feed position goes back to the start (records the app already
    holds are skipped by their links, so only the missing ones are sent)."""
    before = old if isinstance(old, dict) else {}
    if _pushes(value) - _pushes(before) and target.push_seq:
        target.push_seq = 0
