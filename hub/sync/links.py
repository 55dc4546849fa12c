"""Links between hub records and the ids one app knows them by, looked up in batches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import schema
from hub.models import Connection, Link, utcnow


class Links:
    """The links of one connection."""

    def __init__(self, session: Session, connection: Connection) -> None:
        self.session = session
        self.connection = connection

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
        return link

    # -- references ----------------------------------------------------------------------

    def to_hub(
        self, entity: str, data: dict[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Replace the app's ids in references by hub ids; also return what is unknown."""
        wanted: dict[str, set[str]] = {}
        for _, target, value in schema.iter_refs(entity, data):
            if value:
                wanted.setdefault(target, set()).add(str(value))
        known: dict[tuple[str, str], str] = {}
        for target, values in wanted.items():
            for external_id, link in self.by_external(target, values).items():
                known[(target, external_id)] = link.record_id
        missing: list[tuple[str, str]] = []

        def convert(target: str, value: Any) -> Any:
            if not value:
                return value
            hub_id = known.get((target, str(value)))
            if hub_id is None:
                missing.append((target, str(value)))
            return hub_id

        return schema.map_refs(entity, data, convert), missing

    def to_external(
        self, entity: str, data: dict[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Replace hub ids in references by this app's ids; also return what is unlinked."""
        record_ids = {str(v) for _, _, v in schema.iter_refs(entity, data) if v}
        links = self.by_record(record_ids)
        missing: list[tuple[str, str]] = []

        def convert(target: str, value: Any) -> Any:
            if not value:
                return value
            link = links.get(str(value))
            if link is None:
                missing.append((target, str(value)))
                return None
            return link.external_id

        return schema.map_refs(entity, data, convert), missing
