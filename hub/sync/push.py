"""Push: offer the change feed to one connection, in dependency order, in batches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

import schema
from hub.jsontext import content_hash
from hub.models import Change, Link, Organization, Pending, Record, utcnow
from hub.sdk.connector import WriteOp, WriteResult
from hub.sdk.errors import SkipRecord
from hub.sync.context import SyncContext

FEED_CHUNK = 5000
RECORD_CHUNK = 500


def push(ctx: SyncContext, entities: Iterable[str] | None = None, *, ready: set[str]) -> None:
    """Send every record changed since this connection's feed position to the app.

    `ready` are the entities whose first-connection matching is settled; the others wait.
    The feed position moves only after the records it covers were sent, held or rejected.
    """
    conn = ctx.connection
    wanted = set(entities) if entities is not None else None
    order = [
        e
        for e in schema.dependency_order()
        if ctx.pushes(e) and (wanted is None or e in wanted) and e in ready
    ]
    if not order:
        return
    top = ctx.session.scalar(select(Organization.change_seq).where(Organization.id == conn.org_id))
    candidates = _candidates(ctx, conn.push_seq, top or 0, set(order))
    for entity in order:
        waiting = ctx.pending("push", entity)
        ids = sorted(candidates.get(entity, set()) | set(waiting))
        for start in range(0, len(ids), RECORD_CHUNK):
            _push_chunk(ctx, entity, ids[start : start + RECORD_CHUNK], waiting)
        # A record can wait for another of its own entity sent in the same pass (a person
        # for their company): one more pass over what started waiting in this one.
        again = sorted(set(ctx.pending("push", entity)) - set(waiting))
        if again:
            _push_chunk(ctx, entity, again, ctx.pending("push", entity))
    if wanted is None and ready >= {e for e in schema.ENTITIES if ctx.pushes(e)}:
        conn.push_seq = top or 0
    ctx.commit()


def _candidates(ctx: SyncContext, since: int, top: int, entities: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    while since < top:
        rows = ctx.session.execute(
            select(Change.seq, Change.entity, Change.record_id)
            .where(Change.org_id == ctx.connection.org_id, Change.seq > since, Change.seq <= top)
            .order_by(Change.seq)
            .limit(FEED_CHUNK)
        ).all()
        if not rows:
            break
        for seq, entity, record_id in rows:
            if entity in entities:
                found.setdefault(entity, set()).add(record_id)
            since = seq
    return found


def _push_chunk(ctx: SyncContext, entity: str, ids: list[str], waiting: dict[str, Pending]) -> None:
    rows = ctx.store.get_many(entity, ids)
    links = ctx.links.by_record(ids)
    ctx.links.warm_to_external(entity, [row.data for row in rows.values() if not row.deleted])
    cutoff = ctx.connection.history_cutoff
    ops: list[WriteOp] = []
    for record_id in ids:
        row, link = rows.get(record_id), links.get(record_id)
        if row is None:
            continue
        if link is not None and link.synced_version >= row.version:
            continue  # the app already holds this version: it came from there, or was sent
        if row.deleted:
            if link is not None:
                ops.append(
                    WriteOp(row.id, "delete", {}, link.external_id, f"{row.id}:{row.version}")
                )
            continue
        if cutoff is not None and row.updated_at < cutoff:
            continue
        held = waiting.get(row.id)
        if held is not None and held.reason == "rejected" and held.hash == row.hash:
            continue  # refused before and unchanged since: retried when it changes
        op = _prepare(ctx, entity, row, link, held)
        if op is not None:
            ops.append(op)
    size = max(1, ctx.connector.batch_size)
    for start in range(0, len(ops), size):
        batch = ops[start : start + size]
        results = ctx.connector.write(entity, batch)
        _record(ctx, entity, batch, results, rows, links)
        # Commit each written batch at once: a later batch's failure must not roll back
        # the links of records the app has already created.
        ctx.commit()


def _prepare(
    ctx: SyncContext, entity: str, row: Record, link: Link | None, held: Pending | None
) -> WriteOp | None:
    data, missing = ctx.links.to_external(entity, row.data)
    # A reference to an entity the app does not share at all (a CRM has no ledger accounts)
    # can never be linked: it goes as null rather than wait forever.
    missing = [(t, rid) for t, rid in missing if ctx.connector.capability(t) is not None]
    if missing:
        names = ", ".join(f"{target} {rid}" for target, rid in missing)
        message = f"Waiting for {names} to reach {ctx.connection.connector} first."
        ctx.recorder.count(entity, "waiting")
        ctx.recorder.entry("waiting", entity, message, record_id=row.id)
        ctx.hold("push", entity, row.id, "waiting", message, existing=held)
        return None
    try:
        data = ctx.connector.prepare(entity, data, ctx.notes, row.id)
    except SkipRecord as exc:
        ctx.recorder.count(entity, "held")
        ctx.recorder.entry("note", entity, exc.user_message, record_id=row.id)
        ctx.hold(
            "push", entity, row.id, "rejected", exc.user_message, digest=row.hash, existing=held
        )
        return None
    action = "update" if link is not None else "create"
    return WriteOp(
        row.id, action, data, link.external_id if link else None, f"{row.id}:{row.version}"
    )


def _record(
    ctx: SyncContext,
    entity: str,
    batch: list[WriteOp],
    results: list[WriteResult],
    rows: dict[str, Record],
    links: dict[str, Link],
) -> None:
    by_id = {result.record_id: result for result in results}
    released: list[str] = []
    new_links: list[tuple[str, str, dict[str, Any], int]] = []
    # Which of the app's ids are linked already: one query for the batch, not one a record.
    owners = ctx.links.owners(entity, [str(r.external_id) for r in results if r.external_id])
    for op in batch:
        ctx.recorder.count(entity, "sent")
        result = by_id.get(op.record_id)
        row = rows[op.record_id]
        if result is None or not result.ok:
            message = result.error if result else "The app returned no result for this record."
            detail: dict[str, Any] | None = (
                {"fields": result.field_errors} if result and result.field_errors else None
            )
            ctx.recorder.count(entity, "rejected")
            ctx.recorder.entry(
                "error",
                entity,
                message or "Rejected.",
                record_id=row.id,
                external_id=op.external_id,
                detail=detail,
            )
            ctx.hold("push", entity, row.id, "rejected", message or "Rejected.", digest=row.hash)
            continue
        owner = owners.get(str(result.external_id)) if result.external_id else None
        if owner is not None and owner != row.id:
            message = (
                f"{ctx.connection.connector} answered with its record "
                f"{result.external_id}, which is already linked to another hub record "
                f"({owner}); not linked twice."
            )
            ctx.recorder.count(entity, "rejected")
            ctx.recorder.entry(
                "error", entity, message, record_id=row.id, external_id=str(result.external_id)
            )
            ctx.hold("push", entity, row.id, "rejected", message, digest=row.hash)
            continue
        released.append(row.id)
        snapshot = _snapshot(ctx, entity, result, row)
        link = links.get(row.id)
        if link is None:
            new_links.append((row.id, str(result.external_id), snapshot, row.version))
        else:
            link.snapshot, link.hash = snapshot, content_hash(snapshot)
            link.synced_version, link.updated_at = row.version, utcnow()
            if result.external_id:
                link.external_id = str(result.external_id)
                ctx.links.forget()
        ctx.recorder.count(
            entity,
            {"create": "app_created", "update": "app_updated", "delete": "app_deleted"}[op.action],
        )
    ctx.links.add_many(entity, new_links)
    ctx.release("push", entity, released)


def _snapshot(ctx: SyncContext, entity: str, result: WriteResult, row: Record) -> dict[str, Any]:
    """What the app now holds, in hub terms: the base of the next merge and echo check."""
    if result.data is None:
        return dict(row.data)
    data, missing = ctx.links.to_hub(entity, result.data)
    return dict(row.data) if missing else data
