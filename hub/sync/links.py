"""Links between hub records and the ids one app knows them by, looked up in batches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

import schema
from hub.ids import new_id
from hub.jsontext import CanonicalData
from hub.models import Connection, Link, utcnow


class Links:
    """The links of one connection."""

    def __init__(self, session: Session, connection: Connection) -> None:
        self.session = session
        self.connection = connection
        self._hub: dict[tuple[str, str], str] = {}  # (entity, external id) -> record id
        self._external: dict[str, str] = {}  # record id -> external id

    def by_external(self, entity: str, external_ids: Iterable[str]) -> dict[str, Link]:
        ids = list(set(external_ids))
        found: dict[str, Link] = {}
        for start in range(0, len(ids), 500):
            rows = self.session.scalars(
                select(Link).where(
                    Link.connection_id == self.connection.id,
                    Link.entity == entity,
                    Link.external_id.in_(ids[start : start + 500]),
                )
            )
            found.update((row.external_id, row) for row in rows)
        return found

    def by_record(self, record_ids: Iterable[str]) -> dict[str, Link]:
        ids = list(set(record_ids))
        found: dict[str, Link] = {}
        for start in range(0, len(ids), 500):
            rows = self.session.scalars(
                select(Link).where(
                    Link.connection_id == self.connection.id,
                    Link.record_id.in_(ids[start : start + 500]),
                )
            )
            found.update((row.record_id, row) for row in rows)
        return found

    def add(
        self,
        entity: str,
        record_id: str,
        external_id: str,
        snapshot: dict[str, Any] | None,
        digest: str | None,
        version: int,
    ) -> Link:
        link = Link(
            org_id=self.connection.org_id,
            connection_id=self.connection.id,
            connector=self.connection.connector,
            entity=entity,
            record_id=record_id,
            external_id=external_id,
            snapshot=snapshot,
            hash=digest,
            synced_version=version,
            updated_at=utcnow(),
        )
        self.session.add(link)
        self._hub[(entity, external_id)] = record_id
        self._external[record_id] = external_id
        return link

    def add_many(self, entity: str, rows: list[tuple[str, str, dict[str, Any], int]]) -> None:
        """Link many records at once: (record id, external id, snapshot, synced version).

        One Core insert: a first sync links thousands of records, and ORM objects for each
        would cost more than the write.
        """
        if not rows:
            return
        now = utcnow()
        values = []
        for record_id, external_id, snapshot, version in rows:
            canonical = CanonicalData(snapshot)
            values.append(
                {
                    "id": new_id(),
                    "org_id": self.connection.org_id,
                    "connection_id": self.connection.id,
                    "connector": self.connection.connector,
                    "entity": entity,
                    "record_id": record_id,
                    "external_id": external_id,
                    "snapshot": canonical,
                    "hash": canonical.digest,
                    "synced_version": version,
                    "updated_at": now,
                }
            )
            self._hub[(entity, external_id)] = record_id
            self._external[record_id] = external_id
        self.session.execute(insert(Link.__table__), values)

    def owners(self, entity: str, external_ids: Iterable[str]) -> dict[str, str]:
        """The hub records already linked to these app records (one query for a batch)."""
        ids = [i for i in set(external_ids) if (entity, i) not in self._hub]
        for start in range(0, len(ids), 500):
            rows = self.session.execute(
                select(Link.external_id, Link.record_id).where(
                    Link.connection_id == self.connection.id,
                    Link.entity == entity,
                    Link.external_id.in_(ids[start : start + 500]),
                )
            )
            self._hub.update(((entity, ext), rid) for ext, rid in rows)
        return {i: self._hub[(entity, i)] for i in set(external_ids) if (entity, i) in self._hub}

    def forget(self) -> None:
        """Drop the caches (after a rollback, or when another process may have linked)."""
        self._hub.clear()
        self._external.clear()

    # -- references ----------------------------------------------------------------------
    #
    # Lookups are batched per page: warm the caches with every record of a page, then map
    # each one without a query. Links only ever get added while a run holds them, and add()
    # keeps the caches right.

    def warm_to_hub(self, entity: str, datas: Iterable[dict[str, Any]]) -> None:
        wanted: dict[str, set[str]] = {}
        for data in datas:
            for _, target, value in schema.iter_refs(entity, data):
                if value and (target, str(value)) not in self._hub:
                    wanted.setdefault(target, set()).add(str(value))
        for target, values in wanted.items():
            ids = list(values)
            for start in range(0, len(ids), 500):
                rows = self.session.execute(
                    select(Link.external_id, Link.record_id).where(
                        Link.connection_id == self.connection.id,
                        Link.entity == target,
                        Link.external_id.in_(ids[start : start + 500]),
                    )
                )
                self._hub.update(((target, ext), rid) for ext, rid in rows)

    def warm_to_external(self, entity: str, datas: Iterable[dict[str, Any]]) -> None:
        wanted = {
            str(value)
            for data in datas
            for _, _, value in schema.iter_refs(entity, data)
            if value and str(value) not in self._external
        }
        ids = list(wanted)
        for start in range(0, len(ids), 500):
            rows = self.session.execute(
                select(Link.record_id, Link.external_id).where(
                    Link.connection_id == self.connection.id,
                    Link.record_id.in_(ids[start : start + 500]),
                )
            )
            self._external.update((record_id, external_id) for record_id, external_id in rows)

    def to_hub(
        self, entity: str, data: dict[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Replace the app's ids in references by hub ids; also return what is unknown."""

        def convert(target: str, value: Any) -> Any:
            if not value:
                return value
            hub_id = self._hub.get((target, str(value)))
            if hub_id is None:
                missing.append((target, str(value)))
            return hub_id

        missing: list[tuple[str, str]] = []
        mapped = schema.map_refs(entity, data, convert)
        if missing:  # not in the page's warm cache: look those up, then map again
            self.warm_to_hub(entity, [data])
            missing = []
            mapped = schema.map_refs(entity, data, convert)
        return mapped, missing

    def to_external(
        self, entity: str, data: dict[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Replace hub ids in references by this app's ids; also return what is unlinked."""

        def convert(target: str, value: Any) -> Any:
            if not value:
                return value
            external_id = self._external.get(str(value))
            if external_id is None:
                missing.append((target, str(value)))
            return external_id

        missing: list[tuple[str, str]] = []
        mapped = schema.map_refs(entity, data, convert)
        if missing:
            self.warm_to_external(entity, [data])
            missing = []
            mapped = schema.map_refs(entity, data, convert)
        return mapped, missing
