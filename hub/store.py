"""The canonical record store: upserts with hash and version, tombstones, the change feed.

Every write goes through here, so that a record change and its change-feed entry are
always written in the same transaction, and an unchanged record (same content hash)
never produces a change: that is also what stops echoes when an app returns our own write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

import schema
from hub.ids import new_id
from hub.jsontext import CanonicalData, content_hash
from hub.models import Change, Link, Organization, Record, utcnow
from hub.widgets.projection import project


class StoreError(Exception):
    """Base of the errors the store raises for a request it refuses."""


class NotFound(StoreError):
    pass


class VersionConflict(StoreError):
    def __init__(self, current_version: int) -> None:
        super().__init__(f"Version conflict: the record is at version {current_version}.")
        self.current_version = current_version


class RecordDeleted(StoreError):
    pass


class InvalidReferences(StoreError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("Some references do not point to a record of this organization.")
        self.errors = errors


@dataclass(frozen=True)
class Written:
    """The outcome of writing one record: its id, version and what happened."""

    record_id: str
    version: int
    op: str  # create, update, delete, unchanged


class Store:
    """Reads and writes the canonical records of one organization."""

    def __init__(self, session: Session, org_id: str) -> None:
        self.session = session
        self.org_id = org_id

    # -- reads ---------------------------------------------------------------------------

    def get(self, entity: str, record_id: str) -> Record | None:
        row = self.session.get(Record, record_id)
        if row is None or row.org_id != self.org_id or row.entity != entity:
            return None
        return row

    def get_many(self, entity: str, ids: Iterable[str]) -> dict[str, Record]:
        ids = list(set(ids))
        found: dict[str, Record] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.session.scalars(
                select(Record).where(
                    Record.org_id == self.org_id, Record.entity == entity, Record.id.in_(chunk)
                )
            )
            found.update((row.id, row) for row in rows)
        return found

    def list(
        self,
        entity: str,
        *,
        limit: int,
        after_id: str | None = None,
        updated_since: datetime | None = None,
        include_deleted: bool = False,
    ) -> list[Record]:
        """A page in id order (ids are time-ordered): stable while records change."""
        query = select(Record).where(Record.org_id == self.org_id, Record.entity == entity)
        if after_id:
            query = query.where(Record.id > after_id)
        if updated_since is not None:
            query = query.where(Record.updated_at >= updated_since)
        if not include_deleted:
            query = query.where(Record.deleted.is_(False))
        return list(self.session.scalars(query.order_by(Record.id).limit(limit)))

    def external_ids(self, record_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """For each record, the id every linked app knows it by, keyed by connector."""
        result: dict[str, dict[str, str]] = {rid: {} for rid in record_ids}
        if not record_ids:
            return result
        rows = self.session.execute(
            select(Link.record_id, Link.connector, Link.external_id).where(
                Link.org_id == self.org_id, Link.record_id.in_(list(record_ids))
            )
        )
        for record_id, connector, external_id in rows:
            result[record_id][connector] = external_id
        return result

    def changes(self, since: int, limit: int) -> list[Change]:
        query = (
            select(Change)
            .where(Change.org_id == self.org_id, Change.seq > since)
            .order_by(Change.seq)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def check_refs(self, entity: str, data: dict[str, Any]) -> None:
        """Refuse references to records that are missing, deleted, of another entity or org."""
        wanted: dict[str, list[tuple[str, str]]] = {}
        for path, target, value in schema.iter_refs(entity, data):
            if value:
                wanted.setdefault(value, []).append((path, target))
        if not wanted:
            return
        rows = self.session.execute(
            select(Record.id, Record.entity, Record.deleted).where(
                Record.org_id == self.org_id, Record.id.in_(list(wanted))
            )
        )
        found = {rid: (ent, deleted) for rid, ent, deleted in rows}
        errors: dict[str, list[str]] = {}
        for value, uses in wanted.items():
            for path, target in uses:
                entity_found, deleted = found.get(value, (None, False))
                if entity_found != target:
                    message = f"No {target} record with id {value} in this organization."
                elif deleted:
                    message = f"The {target} record {value} is deleted."
                else:
                    continue
                errors.setdefault(_field_path(path), []).append(message)
        if errors:
            raise InvalidReferences(errors)

    # -- writes --------------------------------------------------------------------------

    def create(
        self,
        entity: str,
        data: dict[str, Any],
        *,
        origin: str = "api",
        record_id: str | None = None,
    ) -> Record:
        now = utcnow()
        row = Record(
            id=record_id or new_id(),
            org_id=self.org_id,
            entity=entity,
            data=data,
            version=1,
            hash=content_hash(data),
            deleted=False,
            created_at=now,
            updated_at=now,
            changed_at=now,
        )
        self.session.add(row)
        self.session.flush()
        # Widgets' typed projection, in this same transaction (a no-op for most entities).
        project(self.session, self.org_id, entity, [(row.id, data, True)])
        self._append_changes([(row.id, entity, 1, "create")], origin, now)
        return row

    def replace(
        self,
        entity: str,
        record_id: str,
        data: dict[str, Any],
        *,
        expected_version: int | None = None,
        origin: str = "api",
    ) -> tuple[Record, bool]:
        """Replace a record's data; returns the record and whether anything changed."""
        row = self._writable(entity, record_id, expected_version)
        digest = content_hash(data)
        if digest == row.hash:
            return row, False
        now = utcnow()
        row.data, row.hash, row.version, row.updated_at = data, digest, row.version + 1, now
        row.changed_at = now
        self.session.flush()
        project(self.session, self.org_id, entity, [(row.id, data, False)])
        self._append_changes([(row.id, entity, row.version, "update")], origin, now)
        return row, True

    def delete(
        self,
        entity: str,
        record_id: str,
        *,
        expected_version: int | None = None,
        origin: str = "api",
    ) -> Record:
        """Leave a tombstone: the record stays, flagged deleted, so apps learn of it."""
        row = self._writable(entity, record_id, expected_version)
        now = utcnow()
        row.deleted, row.version, row.updated_at = True, row.version + 1, now
        self.session.flush()
        project(self.session, self.org_id, entity, [(row.id, None, False)])
        self._append_changes([(row.id, entity, row.version, "delete")], origin, now)
        return row

    def write_many(
        self,
        entity: str,
        items: Sequence[tuple[str | None, dict[str, Any]]],
        *,
        origin: str,
        changed_at: Sequence[datetime | None] | None = None,
    ) -> list[Written]:
        """Upsert many records at once: (id or None, data) pairs, data already validated.

        Rows whose hash is unchanged are left alone and produce no change entry.
        """
        now = utcnow()
        existing = self._hashes(entity, [rid for rid, _ in items if rid])
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        changes: list[tuple[str, str, int, str]] = []
        results: list[Written] = []
        for index, (record_id, raw) in enumerate(items):
            source_time = (changed_at[index] if changed_at else None) or now
            data = CanonicalData(raw)
            digest = data.digest
            current = existing.get(record_id) if record_id else None
            if current is None:
                rid = record_id or new_id()
                inserts.append(
                    {
                        "id": rid,
                        "org_id": self.org_id,
                        "entity": entity,
                        "data": data,
                        "version": 1,
                        "hash": digest,
                        "deleted": False,
                        "created_at": now,
                        "updated_at": now,
                        "changed_at": source_time,
                    }
                )
                changes.append((rid, entity, 1, "create"))
                results.append(Written(rid, 1, "create"))
                existing[rid] = (digest, 1, False)
            elif current[0] == digest and not current[2]:
                results.append(Written(record_id, current[1], "unchanged"))
            else:
                version = current[1] + 1
                updates.append(
                    {
                        "b_id": record_id,
                        "data": data,
                        "hash": digest,
                        "version": version,
                        "deleted": False,
                        "updated_at": now,
                        "changed_at": source_time,
                    }
                )
                changes.append((record_id, entity, version, "update"))
                results.append(Written(record_id, version, "update"))
                existing[record_id] = (digest, version, False)
        # Core statements on the table: the ORM's bulk path costs more than the write itself.
        table = Record.__table__
        if inserts:
            self.session.execute(insert(table), inserts)
        if updates:
            statement = (
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values({name: bindparam(name) for name in updates[0] if name != "b_id"})
            )
            self.session.execute(statement, updates)
        project(
            self.session,
            self.org_id,
            entity,
            [(row["id"], row["data"], True) for row in inserts]
            + [(row["b_id"], row["data"], False) for row in updates],
        )
        self._append_changes(changes, origin, now)
        return results

    # -- internals -----------------------------------------------------------------------

    def _writable(self, entity: str, record_id: str, expected_version: int | None) -> Record:
        row = self.get(entity, record_id)
        if row is None:
            raise NotFound(f"No {entity} record with id {record_id}.")
        if expected_version is not None and expected_version != row.version:
            raise VersionConflict(row.version)
        if row.deleted:
            raise RecordDeleted(f"The {entity} record {record_id} is deleted.")
        return row

    def _hashes(self, entity: str, ids: list[str]) -> dict[str, tuple[str, int, bool]]:
        found: dict[str, tuple[str, int, bool]] = {}
        for start in range(0, len(ids), 500):
            rows = self.session.execute(
                select(Record.id, Record.hash, Record.version, Record.deleted).where(
                    Record.org_id == self.org_id,
                    Record.entity == entity,
                    Record.id.in_(ids[start : start + 500]),
                )
            )
            found.update(
                (rid, (digest, version, deleted)) for rid, digest, version, deleted in rows
            )
        return found

    def _append_changes(
        self, changes: Sequence[tuple[str, str, int, str]], origin: str, at: datetime
    ) -> None:
        """Number the changes from the organization's counter, under its row lock."""
        if not changes:
            return
        top = self.session.execute(
            update(Organization)
            .where(Organization.id == self.org_id)
            .values(change_seq=Organization.change_seq + len(changes))
            .returning(Organization.change_seq)
        ).scalar_one()
        first = top - len(changes) + 1
        self.session.execute(
            insert(Change.__table__),
            [
                {
                    "org_id": self.org_id,
                    "seq": first + i,
                    "record_id": rid,
                    "entity": ent,
                    "version": version,
                    "op": op,
                    "origin": origin,
                    "at": at,
                }
                for i, (rid, ent, version, op) in enumerate(changes)
            ],
        )


def _field_path(path: str) -> str:
    """`lines[0].item_id` -> `lines.0.item_id`, the way validation errors name fields."""
    return path.replace("[", ".").replace("]", "").replace("..", ".")
