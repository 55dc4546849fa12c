"""Pull: read an app's changes page by page, map references, merge, store, move the cursor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import ValidationError

import schema
from hub.jsontext import content_hash
from hub.models import Cursor, Link, Record, utcnow
from hub.sdk.connector import ExternalRecord
from hub.sync.context import SyncContext
from hub.sync.merge import merge

MAX_FETCH_DEPTH = 3


def pull_entity(ctx: SyncContext, entity: str) -> None:
    """Read everything changed since the stored cursor; commit each page with its cursor."""
    row = ctx.session.get(Cursor, (ctx.connection.id, entity))
    cursor = None if (ctx.full or row is None) else row.value
    for page in ctx.connector.read(entity, cursor):
        ingest(ctx, entity, page.records)
        if row is None:
            row = Cursor(connection_id=ctx.connection.id, entity=entity)
            ctx.session.add(row)
        row.value, row.updated_at = page.cursor, utcnow()
        # The page's records, links and the cursor past them commit together: a crash
        # before this line replays the page, and replaying it writes nothing new.
        ctx.commit()
    retry_waiting(ctx, entity)


def retry_waiting(ctx: SyncContext, entity: str) -> None:
    """Records that waited for a reference get another chance once others have arrived."""
    waiting = ctx.pending("pull", entity)
    if not waiting:
        return
    records = [
        ExternalRecord(id=key, data=row.payload["data"], label=row.payload.get("label", ""))
        for key, row in waiting.items()
        if row.payload
    ]
    ingest(ctx, entity, records, retrying=True)
    ctx.commit()


@dataclass
class _Update:
    link: Link
    record: Record
    incoming: dict[str, Any]
    merged: dict[str, Any]
    app_updated_at: datetime | None


def ingest(
    ctx: SyncContext,
    entity: str,
    records: list[ExternalRecord],
    *,
    depth: int = 0,
    retrying: bool = False,
) -> None:
    """Store a batch of the app's records: create, merge into, or delete hub records."""
    conn, rec = ctx.connection, ctx.recorder
    links = ctx.links.by_external(entity, [r.id for r in records])
    current = ctx.store.get_many(entity, [link.record_id for link in links.values()])
    ctx.links.warm_to_hub(entity, [r.data for r in records if not r.deleted])
    creates: list[tuple[ExternalRecord, dict[str, Any]]] = []
    updates: list[_Update] = []
    done: list[str] = []
    for item in records:
        if not retrying:
            rec.count(entity, "pulled")
        cutoff = conn.history_cutoff
        if cutoff is not None and item.updated_at is not None and item.updated_at < cutoff:
            rec.count(entity, "skipped")
            continue
        link = links.get(item.id)
        if item.deleted:
            _delete(ctx, entity, link, current)
            continue
        data = _resolve(ctx, entity, item, depth)
        if data is None:
            continue
        done.append(item.id)
        if link is None:
            creates.append((item, data))
            continue
        row = current[link.record_id]
        if row.deleted:
            rec.count(entity, "unchanged")  # deleted in the hub: the delete is pushed
            continue
        result = merge(
            link.snapshot,
            data,
            row.data,
            app_updated_at=item.updated_at,
            hub_updated_at=row.changed_at or row.updated_at,
            hub_changed=row.version > link.synced_version,
        )
        for clash in result.conflicts:
            rec.entry(
                "conflict",
                entity,
                f"{clash.field} changed in the hub and in {conn.connector}; "
                f"the {clash.winner}'s newer value was kept.",
                record_id=row.id,
                external_id=item.id,
                detail={
                    "field": clash.field,
                    "hub": clash.hub_value,
                    "app": clash.app_value,
                    "winner": clash.winner,
                },
            )
        # The record's source time moves to the app's only if the app's edit is the newer.
        newest = item.updated_at
        if newest is not None and row.changed_at is not None and row.changed_at > newest:
            newest = row.changed_at
        updates.append(_Update(link, row, data, result.data, newest))
    creates, again = _not_linked_meanwhile(ctx, entity, creates)
    _write(ctx, entity, creates, updates)
    ctx.release("pull", entity, done)
    if again:  # linked by a nested fetch, or twice in one page: now an update
        ingest(ctx, entity, again, depth=depth, retrying=True)


def _not_linked_meanwhile(
    ctx: SyncContext, entity: str, creates: list[tuple[ExternalRecord, dict[str, Any]]]
) -> tuple[list[tuple[ExternalRecord, dict[str, Any]]], list[ExternalRecord]]:
    """Split off creates whose external id got a link since the page was looked up."""
    if not creates:
        return creates, []
    ctx.session.flush()
    linked = ctx.links.by_external(entity, [item.id for item, _ in creates])
    keep: dict[str, tuple[ExternalRecord, dict[str, Any]]] = {}
    again: list[ExternalRecord] = []
    for item, data in creates:
        if item.id in linked or item.id in keep:
            again.append(item)
        else:
            keep[item.id] = (item, data)
    return list(keep.values()), again


def _resolve(
    ctx: SyncContext, entity: str, item: ExternalRecord, depth: int
) -> dict[str, Any] | None:
    """Map references to hub ids (fetching what is missing) and validate; None: held."""
    data, missing = ctx.links.to_hub(entity, item.data)
    if missing and depth < MAX_FETCH_DEPTH:
        fetched = False
        for target, external_id in missing:
            if ctx.pulls(target) or ctx.connector.capability(target) is not None:
                found = ctx.connector.fetch(target, external_id)
                if found is not None:
                    ingest(ctx, target, [found], depth=depth + 1)
                    fetched = True
        if fetched:
            data, missing = ctx.links.to_hub(entity, item.data)
    if missing:
        names = ", ".join(f"{target} {external_id}" for target, external_id in missing)
        ctx.recorder.count(entity, "waiting")
        ctx.recorder.entry(
            "waiting", entity, f"Waiting for {names} to arrive first.", external_id=item.id
        )
        ctx.hold(
            "pull",
            entity,
            item.id,
            "waiting",
            f"Waiting for {names}.",
            payload={"data": item.data, "label": item.label},
        )
        return None
    try:
        return schema.dump(entity, schema.load(entity, data))
    except ValidationError as exc:
        ctx.recorder.count(entity, "failed")
        ctx.recorder.entry(
            "error",
            entity,
            f"The app's record does not fit the canonical model: "
            f"{schema.error_paths(exc.messages_dict)}",
            external_id=item.id,
        )
        return None


def _delete(ctx: SyncContext, entity: str, link: Link | None, current: dict[str, Record]) -> None:
    row = current.get(link.record_id) if link else None
    if link is None or row is None or row.deleted:
        ctx.recorder.count(entity, "unchanged")
        return
    deleted = ctx.store.delete(entity, row.id, origin=ctx.connection.id)
    link.synced_version, link.updated_at = deleted.version, utcnow()
    ctx.recorder.count(entity, "deleted")
    ctx.changed.add(entity)


def _write(
    ctx: SyncContext,
    entity: str,
    creates: list[tuple[ExternalRecord, dict[str, Any]]],
    updates: list[_Update],
) -> None:
    origin = ctx.connection.id
    if creates:
        written = ctx.store.write_many(
            entity,
            [(None, data) for _, data in creates],
            origin=origin,
            changed_at=[item.updated_at for item, _ in creates],
        )
        ctx.links.add_many(
            entity,
            [
                (outcome.record_id, item.id, data, outcome.version)
                for (item, data), outcome in zip(creates, written, strict=True)
            ],
        )
        ctx.recorder.count(entity, "created", len(creates))
        ctx.changed.add(entity)
    if updates:
        written = ctx.store.write_many(
            entity,
            [(u.record.id, u.merged) for u in updates],
            origin=origin,
            changed_at=[u.app_updated_at for u in updates],
        )
        for update, outcome in zip(updates, written, strict=True):
            link = update.link
            link.snapshot, link.hash = update.incoming, content_hash(update.incoming)
            link.updated_at = utcnow()
            # The app is up to date only if the merge kept nothing of the hub's that the app
            # carries; otherwise leave the link behind so the push sends the merged record.
            if all(update.merged.get(k) == v for k, v in update.incoming.items()):
                link.synced_version = outcome.version
            ctx.recorder.count(entity, "updated" if outcome.op == "update" else "unchanged")
            if outcome.op == "update":
                ctx.changed.add(entity)
