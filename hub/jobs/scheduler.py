"""The scheduler tick: enqueue a sync for every connection that is due, once."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import or_, select, update

from hub.jobs.queues import enqueue
from hub.models import Connection, utcnow


def tick(app: Flask) -> list[str]:
    """Claim due connections (next_sync_at moved forward atomically) and queue their syncs.

    Claiming with a conditional UPDATE means two schedulers never queue the same sync.
    """
    now = utcnow()
    queued: list[str] = []
    with app.extensions["hub.db"].session() as session:
        due = session.execute(
            select(Connection.id, Connection.sync_interval, Connection.next_sync_at).where(
                Connection.status == "connected",
                or_(Connection.next_sync_at.is_(None), Connection.next_sync_at <= now),
            )
        ).all()
        for connection_id, interval, previous in due:
            claimed = session.execute(
                update(Connection)
                .where(
                    Connection.id == connection_id,
                    or_(Connection.next_sync_at.is_(None), Connection.next_sync_at == previous),
                )
                .values(next_sync_at=now + timedelta(seconds=interval))
            ).rowcount
            if claimed:
                queued.append(connection_id)
    for connection_id in queued:
        enqueue(app, "sync", "hub.jobs.tasks.sync_connection", connection_id, "scheduled")
    return queued
