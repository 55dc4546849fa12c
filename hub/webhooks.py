"""Webhooks in: verify the app's signature, acknowledge at once, deduplicate, queue."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any
from uuid import UUID

from flask import Blueprint, Flask, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError

from hub.connections import credentials_of
from hub.jobs.queues import enqueue
from hub.models import Connection, WebhookEvent
from hub.sdk.connector import Context
from hub.web_db import db_session

log = logging.getLogger("hub.webhooks")
blp = Blueprint("webhooks", __name__)

MAX_BODY = 1024 * 1024  # webhook bodies are small; anything bigger is refused unread


@blp.post("/webhooks/<connector>/<uuid:connection_id>")
def receive(connector: str, connection_id: UUID) -> Any:
    if (request.content_length or 0) > MAX_BODY:
        return jsonify(message="Body too large."), 413
    session = db_session()
    connection = session.get(Connection, str(connection_id))
    if connection is None or connection.connector != connector:
        return jsonify(message="Not found."), 404
    registry = current_app.extensions["hub.registry"]
    body = request.get_data(cache=False)
    instance = registry.get(connector)(
        Context(
            settings=connection.settings,
            credentials=credentials_of(current_app, connection),
            tenant_id=connection.tenant_id,
        )
    )
    if not instance.verify_webhook(request.headers, body):
        log.warning("webhook for connection %s: bad signature", connection.id)
        return jsonify(message="Invalid signature."), 401
    try:
        events = instance.parse_webhook(request.headers, body)
    except (ValueError, KeyError, TypeError):
        return jsonify(message="Malformed webhook body."), 400
    fresh = []
    for event in events:
        # The unique (connection, event id) row is the deduplication: a redelivery of the
        # same event inserts nothing and queues nothing.
        try:
            with session.begin_nested():
                session.add(WebhookEvent(connection_id=connection.id, event_id=event.event_id))
            fresh.append(event)
        except IntegrityError:
            continue
    session.commit()
    if fresh:
        enqueue(
            current_app,
            "webhooks",
            "hub.jobs.tasks.process_webhook",
            connection.id,
            [asdict(e) for e in fresh],
        )
    ack = getattr(instance, "webhook_ack", None)
    if ack is not None:  # the app's own required answer
        return current_app.response_class(ack[1], status=ack[0])
    return jsonify(received=len(events), queued=len(fresh)), 202


def init_app(app: Flask) -> None:
    app.register_blueprint(blp)
