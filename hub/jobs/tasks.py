"""Job functions: thin, they take ids. One sync at a time per connection, by a Redis lock."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from hub.jobs.budget import Budget
from hub.jobs.queues import enqueue, redis_for
from hub.models import Connection, utcnow
from hub.sdk.connector import WebhookEvent
from hub.sync.runner import Outcome, run_sync
from hub.sync.webhooks import apply_events

log = logging.getLogger("hub.jobs")

_app: Flask | None = None


def bind_app(app: Flask) -> None:
    """The app jobs run in: the worker's own, or the web app for the in-process worker."""
    global _app
    _app = app


def job_app() -> Flask:
    global _app
    if _app is None:
        from hub import create_app

        _app = create_app()
    return _app


def budget_for(app: Flask, connection: Connection) -> Budget:
    connector = app.extensions["hub.registry"].get(connection.connector)
    tenant = connection.tenant_id or connection.id
    return Budget(redis_for(app), f"{connection.connector}:{tenant}", connector.calls_per_minute)


def sync_connection(
    connection_id: str,
    trigger: str = "scheduled",
    entities: list[str] | None = None,
    full: bool = False,
    pull: bool = True,
) -> str:
    """Sync one connection; if it is already syncing, ask that run to go once more."""
    app = job_app()
    redis = redis_for(app)
    lock = redis.lock(f"hub:lock:connection:{connection_id}", timeout=6 * 3600)
    again = f"hub:again:{connection_id}"
    if not lock.acquire(blocking=False):
        redis.set(again, "1", ex=6 * 3600)
        return "busy"
    try:
        status = "idle"
        while True:
            redis.delete(again)
            outcome = _run(app, connection_id, trigger, entities, full, pull)
            status = outcome.status
            if not redis.get(again):
                return status
            trigger, entities, full, pull = "again", None, False, True
    finally:
        lock.release()


def _run(
    app: Flask, connection_id: str, trigger: str, entities: list[str] | None, full: bool, pull: bool
) -> Outcome:
    database = app.extensions["hub.db"]
    with database.session() as session:
        connection = session.get(Connection, connection_id)
        if connection is None:
            return Outcome(None, "missing")
        budget = budget_for(app, connection)
    outcome = run_sync(
        app,
        connection_id,
        trigger=trigger,
        entities=entities,
        full=full,
        do_pull=pull,
        before_request=budget.take,
        on_retry=budget.block,
    )
    log.info("sync %s of connection %s: %s", outcome.run_id, connection_id, outcome.status)
    if outcome.status == "retry":
        _retry_at(app, connection_id, outcome.retry_after or 60.0)
    route(app, connection_id, outcome.changed)
    return outcome


def _retry_at(app: Flask, connection_id: str, seconds: float) -> None:
    """Let the scheduler pick the connection up again once the app's wait is over."""
    with app.extensions["hub.db"].session() as session:
        connection = session.get(Connection, connection_id)
        if connection is not None:
            connection.next_sync_at = utcnow() + timedelta(seconds=seconds)


def route(app: Flask, origin_id: str, changed: set[str]) -> list[str]:
    """Offer the changes to every other connection of the org that pushes those entities."""
    if not changed:
        return []
    with app.extensions["hub.db"].session() as session:
        origin = session.get(Connection, origin_id)
        if origin is None:
            return []
        others = session.scalars(
            select(Connection).where(
                Connection.org_id == origin.org_id,
                Connection.id != origin_id,
                Connection.status == "connected",
            )
        )
        targets = [
            c.id for c in others if any(c.matrix.get(e) in ("push", "both") for e in changed)
        ]
    # A routed sync pulls first: the target app's own edits since its last sync merge into
    # the hub before the push, so the push never overwrites them.
    for target in targets:
        enqueue(app, "sync", "hub.jobs.tasks.sync_connection", target, "route")
    return targets


def process_webhook(connection_id: str, events: list[dict[str, Any]]) -> str:
    """Re-read the records a webhook announced, store them, and route the changes."""
    app = job_app()
    redis = redis_for(app)
    lock = redis.lock(f"hub:lock:connection:{connection_id}", timeout=3600)
    with lock:  # webhooks wait for a running sync: they are short
        parsed = [WebhookEvent(**event) for event in events]
        budget = None
        with app.extensions["hub.db"].session() as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                return "missing"
            budget = budget_for(app, connection)
        outcome = apply_events(app, connection_id, parsed, before_request=budget.take)
    route(app, connection_id, outcome.changed)
    return outcome.status
