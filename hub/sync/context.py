"""What one sync run works with: the session, connection, connector, store, links, run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hub.models import Connection, Pending, utcnow
from hub.sdk.connector import Connector, Notes
from hub.store import Store
from hub.sync.links import Links
from hub.sync.run import RunRecorder


@dataclass
class SyncContext:
    app: Flask
    session: Session
    connection: Connection
    connector: Connector
    recorder: RunRecorder
    full: bool = False
    changed: set[str] = field(default_factory=set)  # entities this run changed in the hub
    notes: Notes = field(default_factory=Notes)

    def __post_init__(self) -> None:
        self.store = Store(self.session, self.connection.org_id)
        self.links = Links(self.session, self.connection)
        self._held: dict[tuple[str, str], set[str]] = {}

    def direction(self, entity: str) -> str:
        return self.connection.matrix.get(entity, "off")

    def pulls(self, entity: str) -> bool:
        return self.direction(entity) in ("pull", "both")

    def pushes(self, entity: str) -> bool:
        return self.direction(entity) in ("push", "both")

    def commit(self) -> None:
        self.flush_notes()
        self.recorder.checkpoint(self.connector.api_calls)
        self.session.commit()

    def reset(self) -> None:
        """Forget an unfinished page: roll it back and drop what was cached about it."""
        self.session.rollback()
        self.links.forget()
        self._held.clear()
        self.notes.items.clear()

    def flush_notes(self) -> None:
        for entity, key, message in self.notes.items:
            self.recorder.entry("note", entity, message, record_id=key)
        self.notes.items.clear()

    # -- pending records -----------------------------------------------------------------

    def pending(self, direction: str, entity: str) -> dict[str, Pending]:
        rows = self.session.scalars(
            select(Pending).where(
                Pending.connection_id == self.connection.id,
                Pending.direction == direction,
                Pending.entity == entity,
            )
        )
        found = {row.key: row for row in rows}
        self._held[(direction, entity)] = set(found)
        return found

    def _held_keys(self, direction: str, entity: str) -> set[str]:
        """Keys held for (direction, entity), read once per run and kept up to date."""
        if (direction, entity) not in self._held:
            self.pending(direction, entity)
        return self._held[(direction, entity)]

    def hold(
        self,
        direction: str,
        entity: str,
        key: str,
        reason: str,
        message: str,
        *,
        payload: dict[str, Any] | None = None,
        digest: str | None = None,
        existing: Pending | None = None,
    ) -> None:
        """Keep a record that could not be exchanged, with why; never drop it."""
        self._held_keys(direction, entity).add(key)
        if existing is None:
            existing = self.session.scalar(
                select(Pending).where(
                    Pending.connection_id == self.connection.id,
                    Pending.direction == direction,
                    Pending.entity == entity,
                    Pending.key == key,
                )
            )
        if existing is None:
            self.session.add(
                Pending(
                    org_id=self.connection.org_id,
                    connection_id=self.connection.id,
                    direction=direction,
                    entity=entity,
                    key=key,
                    reason=reason,
                    message=message,
                    payload=payload,
                    hash=digest,
                    attempts=1,
                    updated_at=utcnow(),
                )
            )
        else:
            existing.reason, existing.message, existing.payload = reason, message, payload
            existing.hash, existing.attempts = digest, existing.attempts + 1
            existing.updated_at = utcnow()

    def release(self, direction: str, entity: str, keys: list[str]) -> None:
        """Forget holds that are settled; no query when nothing of the entity is held."""
        held = self._held_keys(direction, entity)
        keys = [key for key in keys if key in held]
        held.difference_update(keys)
        if keys:
            self.session.execute(
                delete(Pending).where(
                    Pending.connection_id == self.connection.id,
                    Pending.direction == direction,
                    Pending.entity == entity,
                    Pending.key.in_(keys),
                )
            )
