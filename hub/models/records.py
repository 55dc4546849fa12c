"""Canonical records, the change feed, and links to the ids each app knows them by."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, JSONType, UTCDateTime, utcnow, uuid_pk


class Record(Base):
    """One canonical entity instance. Deleting leaves a tombstone (deleted=True)."""

    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_org_entity_id", "org_id", "entity", "id"),
        Index("ix_records_org_entity_updated", "org_id", "entity", "updated_at"),
    )

    id: Mapped[str] = uuid_pk()
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    entity: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    hash: Mapped[str] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the current content was changed at its source (the app's own timestamp for a
    # pulled change): what settles a same-field conflict between two apps.
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Change(Base):
    """An entry of an organization's ordered change feed."""

    __tablename__ = "changes"

    org_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    record_id: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(10))  # create, update, delete
    # Who made the change: "api", or the id of the connection it was pulled from. Routing
    # never offers a change back to its origin.
    origin: Mapped[str] = mapped_column(String(36), default="api")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Link(Base):
    """A hub record's id in one app (one connection), with what was last exchanged."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("connection_id", "entity", "external_id"),
        UniqueConstraint("connection_id", "record_id"),
        Index("ix_links_org_record", "org_id", "record_id"),
    )

    id: Mapped[str] = uuid_pk()
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    connection_id: Mapped[str] = mapped_column(String(36))
    connector: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(200))
    # Hash of the canonical data last exchanged with this app, and that data itself: the
    # base of the three-way merge and what recognises our own write read back (echo).
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    synced_version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
