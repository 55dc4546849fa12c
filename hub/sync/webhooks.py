"""Webhook events: re-read each announced record from the app and store it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from hub.sdk.connector import ExternalRecord, WebhookEvent
from hub.sync import matching
from hub.sync.context import SyncContext
from hub.sync.pull import ingest
from hub.sync.runner import Outcome, with_run


def apply_events(
    app: Flask,
    connection_id: str,
    events: list[WebhookEvent],
    *,
    before_request: Callable[[str, str], None] | None = None,
) -> Outcome:
    """Fetch what the events name (never trusting the body) and ingest it like a pull."""

    def body(ctx: SyncContext) -> None:
        for event in events:
            if not ctx.pulls(event.entity):
                continue
            if (
                matching.needs_review(ctx.connection, event.entity)
                and matching.suggest(ctx, event.entity) != "confirmed"
            ):
                continue  # the first matching is waiting for the user's review
            if event.action == "delete":
                record = ExternalRecord(id=event.external_id, data={}, deleted=True)
            else:
                record = ctx.connector.fetch(event.entity, event.external_id)
                if record is None:  # gone since: treat as deleted
                    record = ExternalRecord(id=event.external_id, data={}, deleted=True)
            ingest(ctx, event.entity, [record])
            ctx.commit()

    return with_run(app, connection_id, "webhook", body, before_request=before_request)
