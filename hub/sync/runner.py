"""Run one sync of a connection: pull what it shares, then push what it should receive."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

import schema
from hub.connections import credentials_of, save_credentials
from hub.models import Connection
from hub.registry import Registry
from hub.sdk.connector import Context
from hub.sdk.errors import ConfigurationError, ReauthorizationRequired, RetryLater, StopRun
from hub.sync import matching
from hub.sync.context import SyncContext
from hub.sync.pull import pull_entity
from hub.sync.push import push
from hub.sync.run import RunRecorder

log = logging.getLogger("hub.sync")

# A wait the run sits out itself; a longer Retry-After ends the run and the job is retried.
MAX_INLINE_WAIT = 30.0
MAX_ATTEMPTS = 5


@dataclass
class Outcome:
    run_id: str | None
    status: str
    changed: set[str] = field(default_factory=set)
    retry_after: float | None = None
    message: str | None = None


def run_sync(
    app: Flask,
    connection_id: str,
    *,
    trigger: str = "manual",
    entities: Iterable[str] | None = None,
    full: bool = False,
    do_pull: bool = True,
    do_push: bool = True,
    before_request: Callable[[str, str], None] | None = None,
    on_retry: Callable[[float], None] | None = None,
    progress: Callable[[str, dict[str, int]], None] | None = None,
) -> Outcome:
    """One run. Every page commits with its cursor, so a crash loses and duplicates nothing."""
    wanted = set(entities) if entities is not None else None

    def body(ctx: SyncContext) -> None:
        ready = _entities_ready(ctx, wanted, on_retry)
        if do_pull:
            for entity in schema.dependency_order():
                if entity in ready and ctx.pulls(entity) and (wanted is None or entity in wanted):
                    _with_retries(lambda e=entity: pull_entity(ctx, e), on_retry, ctx.reset)
                    if progress:
                        progress(entity, dict(ctx.recorder.counts[entity]))
        if do_push:
            _with_retries(lambda: push(ctx, wanted, ready=ready), on_retry, ctx.reset)

    return with_run(app, connection_id, trigger, body, before_request=before_request, full=full)


def with_run(
    app: Flask,
    connection_id: str,
    trigger: str,
    body: Callable[[SyncContext], None],
    *,
    before_request: Callable[[str, str], None] | None = None,
    full: bool = False,
) -> Outcome:
    """Open a run for the connection, do `body`, and record how it ended.

    The connector's errors decide the ending: re-authorise (the connection says so in the
    console), fix configuration or a stopped run (status error), retry later (the job is
    rescheduled after the app's wait). Pages already committed stay committed.
    """
    database = app.extensions["hub.db"]
    registry: Registry = app.extensions["hub.registry"]
    session = database.sessionmaker()
    try:
        connection = session.get(Connection, connection_id)
        if connection is None:
            return Outcome(None, "missing", message="No such connection.")
        if connection.status in ("paused", "reauthorize"):
            return Outcome(None, "skipped", message=f"Connection is {connection.status}.")
        connector_class = registry.get(connection.connector)
        recorder = RunRecorder(session, connection, trigger)
        session.commit()

        def persist(credentials: dict[str, Any]) -> None:
            # The run's own open transaction could hold the locks the save needs (SQLite's
            # writer lock; the connection row on PostgreSQL): commit it first. Tokens
            # rotate only between HTTP calls, where what is committed is consistent, and a
            # replayed page rewrites nothing.
            session.commit()
            with database.session() as own:  # its own transaction: never lost with the run
                save_credentials(own, app, connection_id, credentials)

        instance = connector_class(
            Context(
                settings=connection.settings,
                credentials=credentials_of(app, connection),
                tenant_id=connection.tenant_id,
                save_credentials=persist,
                before_request=before_request,
            )
        )
        ctx = SyncContext(app, session, connection, instance, recorder, full=full)
        instance.notes = ctx.notes  # notes left while reading land on this run too
        try:
            body(ctx)
        except RetryLater as exc:
            return _end(ctx, "retry", exc.user_message, retry_after=exc.retry_after)
        except ReauthorizationRequired as exc:
            return _end(ctx, "failed", exc.user_message, connection_status="reauthorize")
        except (ConfigurationError, StopRun) as exc:
            return _end(ctx, "failed", exc.user_message, connection_status="error")
        errors = any(c.get("failed") or c.get("rejected") for c in recorder.counts.values())
        if connection.status == "error":
            connection.status, connection.status_message = "connected", None
        if instance.status_message is not None:
            connection.status_message = instance.status_message
        return _end(ctx, "partial" if errors else "succeeded", None)
    finally:
        session.close()


def _end(
    ctx: SyncContext,
    status: str,
    message: str | None,
    *,
    connection_status: str | None = None,
    retry_after: float | None = None,
) -> Outcome:
    session = ctx.session
    if message is not None:
        session.rollback()  # the unfinished page; everything before it is committed
        log.info("run %s of connection %s: %s", ctx.recorder.id, ctx.connection.id, message)
    if connection_status is not None:
        ctx.connection.status, ctx.connection.status_message = connection_status, message
    ctx.flush_notes()
    ctx.recorder.finish("failed" if status == "retry" else status, ctx.connector.api_calls, message)
    session.commit()
    return Outcome(ctx.recorder.id, status, ctx.changed, retry_after, message)


def _entities_ready(
    ctx: SyncContext, wanted: set[str] | None, on_retry: Callable[[float], None] | None
) -> set[str]:
    """Entities whose first-connection matching is settled; builds suggestions for others."""
    ready: set[str] = set()
    for entity in schema.dependency_order():
        if ctx.direction(entity) == "off" or (wanted is not None and entity not in wanted):
            continue
        if matching.needs_review(ctx.connection, entity):
            state = _with_retries(lambda e=entity: matching.suggest(ctx, e), on_retry)
            if state != "confirmed":
                ctx.recorder.entry(
                    "note", entity, "Waiting for the matching review before the first sync."
                )
                continue
        ready.add(entity)
    ctx.commit()
    return ready


def _with_retries(
    fn: Callable[[], Any],
    on_retry: Callable[[float], None] | None,
    reset: Callable[[], None] | None = None,
) -> Any:
    """Sit out short rate-limit waits; committed pages make a retry start where it stopped.

    `on_retry(seconds)` tells the shared budget, so every worker waits the app's Retry-After
    out; without one the wait is slept here.
    """
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return fn()
        except RetryLater as exc:
            wait = exc.retry_after if exc.retry_after is not None else 2.0**attempt
            if attempt == MAX_ATTEMPTS or wait > MAX_INLINE_WAIT:
                raise
            log.info("retrying after %.1fs: %s", wait, exc.log_message)
            if reset is not None:
                reset()  # drop the unfinished page; committed pages stay
            if on_retry is not None:
                on_retry(wait)
            else:
                time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover
