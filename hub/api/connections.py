"""Connections through the API: connect key-based apps, set the matrix, sync, review matches."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate
from sqlalchemy import select

from hub.api.auth import check_request_org
from hub.api.errors import abort
from hub.api.records import json_response
from hub.connections import (
    ConnectionError_,
    connect,
    disconnect,
    validate_matrix,
)
from hub.jobs.queues import enqueue
from hub.models import Connection, Match
from hub.services.connecting import update_settings
from hub.sync import matching
from hub.web_db import db_session

blp = Blueprint("connections", __name__, url_prefix="/api/v1", description="Connections")
blp.before_request(check_request_org)
MASK = "********"


class ConnectionIn(Schema):
    connector = fields.String(required=True)
    credentials = fields.Dict(required=True, metadata={"description": "stored encrypted"})
    settings = fields.Dict(load_default=dict)
    matrix = fields.Dict(keys=fields.String(), values=fields.String())
    tenant_id = fields.String()


class ConnectionPatch(Schema):
    settings = fields.Dict()
    matrix = fields.Dict(keys=fields.String(), values=fields.String())
    status = fields.String(validate=validate.OneOf(["connected", "paused"]))
    sync_interval = fields.Integer(validate=validate.Range(min=60, max=7 * 86400))


class ConnectionOut(Schema):
    id = fields.UUID()
    connector = fields.String()
    tenant_name = fields.String(allow_none=True)
    status = fields.String()
    status_message = fields.String(allow_none=True)
    settings = fields.Dict(metadata={"description": "secret settings masked"})
    matrix = fields.Dict()
    matching = fields.Dict()
    sync_interval = fields.Integer()
    next_sync_at = fields.AwareDateTime(allow_none=True)


class DecisionIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["accept", "create_new"]))
    record_id = fields.UUID()


def _registry() -> Any:
    return current_app.extensions["hub.registry"]


def connection_json(row: Connection) -> dict[str, Any]:
    connector = _registry().get(row.connector)
    secret = connector.secret_settings()
    body = ConnectionOut().dump(row)
    body["settings"] = {k: (MASK if k in secret and v else v) for k, v in row.settings.items()}
    return body


def _connection(org_id: UUID, connection_id: UUID) -> Connection:
    row = db_session().get(Connection, str(connection_id))
    if row is None or row.org_id != str(org_id):
        abort(404, "Not found.")
    return row


def _refused(exc: ConnectionError_) -> None:
    abort(422, str(exc), errors=exc.errors or None)


@blp.route("/orgs/<uuid:org_id>/connections")
class Connections(MethodView):
    @blp.doc(
        operationId="list_connections",
        summary="The organization's connections",
        tags=["connections"],
    )
    def get(self, org_id: UUID) -> Response:
        rows = db_session().scalars(
            select(Connection)
            .where(Connection.org_id == str(org_id))
            .order_by(Connection.created_at)
        )
        return json_response({"data": [connection_json(r) for r in rows]})

    @blp.arguments(ConnectionIn, unknown=RAISE)
    @blp.alt_response(201, schema=ConnectionOut, success=True)
    @blp.doc(
        operationId="create_connection", summary="Connect a key-based app", tags=["connections"]
    )
    def post(self, payload: dict[str, Any], org_id: UUID) -> Response:
        try:
            connector = _registry().get(payload["connector"])
        except KeyError:
            abort(
                422,
                f"No connector named {payload['connector']!r}.",
                errors={"connector": ["Unknown connector."]},
            )
        if connector.auth != "keys":
            abort(
                422,
                f"{connector.title} connects through its sign-in page in the console.",
                errors={"connector": ["Connect it in the console."]},
            )
        session = db_session()
        try:
            row = connect(
                session,
                current_app,
                str(org_id),
                connector,
                credentials=payload["credentials"],
                settings=payload["settings"],
                matrix=payload.get("matrix"),
                tenant_id=payload.get("tenant_id"),
            )
        except ConnectionError_ as exc:
            _refused(exc)
        session.commit()
        return json_response(connection_json(row), 201)


@blp.route("/orgs/<uuid:org_id>/connections/<uuid:connection_id>")
class ConnectionItem(MethodView):
    @blp.alt_response(200, schema=ConnectionOut, success=True)
    @blp.doc(operationId="get_connection", tags=["connections"])
    def get(self, org_id: UUID, connection_id: UUID) -> Response:
        return json_response(connection_json(_connection(org_id, connection_id)))

    @blp.arguments(ConnectionPatch, unknown=RAISE)
    @blp.alt_response(200, schema=ConnectionOut, success=True)
    @blp.doc(
        operationId="patch_connection",
        summary="Change the matrix, settings, interval, or pause and resume",
        tags=["connections"],
    )
    def patch(self, payload: dict[str, Any], org_id: UUID, connection_id: UUID) -> Response:
        row = _connection(org_id, connection_id)
        connector = _registry().get(row.connector)
        try:
            if "matrix" in payload:
                row.matrix = validate_matrix(connector, {**row.matrix, **payload["matrix"]})
            if "settings" in payload:
                # Secret settings join the encrypted credentials; a masked or blank one
                # sent back keeps the stored value.
                update_settings(db_session(), current_app, row, connector, payload["settings"])
        except ConnectionError_ as exc:
            _refused(exc)
        if "status" in payload and row.status in ("connected", "paused"):
            row.status = payload["status"]
        if "sync_interval" in payload:
            row.sync_interval = payload["sync_interval"]
        db_session().commit()
        return json_response(connection_json(row))

    @blp.doc(
        operationId="delete_connection",
        summary="Disconnect (the hub's records stay)",
        tags=["connections"],
    )
    def delete(self, org_id: UUID, connection_id: UUID) -> Response:
        session = db_session()
        disconnect(session, _connection(org_id, connection_id))
        session.commit()
        return json_response({"message": "Disconnected."})


@blp.route("/orgs/<uuid:org_id>/connections/<uuid:connection_id>/sync", methods=["POST"])
@blp.doc(operationId="sync_connection", summary="Sync now (queued)", tags=["connections"])
def sync_now(org_id: UUID, connection_id: UUID) -> Response:
    row = _connection(org_id, connection_id)
    job = enqueue(current_app, "sync", "hub.jobs.tasks.sync_connection", row.id, "manual")
    return json_response({"message": "Sync queued.", "job_id": job.id}, 202)


@blp.route("/orgs/<uuid:org_id>/connections/<uuid:connection_id>/matches")
@blp.doc(
    operationId="list_matches",
    summary="First-connection suggestions to review",
    tags=["connections"],
)
def list_matches(org_id: UUID, connection_id: UUID) -> Response:
    row = _connection(org_id, connection_id)
    session = db_session()
    rows = session.scalars(
        select(Match)
        .where(Match.connection_id == row.id)
        .order_by(Match.entity, Match.external_label)
    )
    flagged: set[str] = set()
    for entity in {
        m.entity for m in session.scalars(select(Match).where(Match.connection_id == row.id))
    }:
        for ids in matching.flagged(session, row, entity).values():
            flagged.update(ids)
    data = [
        {
            "id": m.id,
            "entity": m.entity,
            "external_id": m.external_id,
            "external_label": m.external_label,
            "record_id": m.record_id,
            "reason": m.reason,
            "decision": m.decision,
            "flagged": m.id in flagged,
        }
        for m in rows
    ]
    return json_response({"data": data, "matching": row.matching})


@blp.route(
    "/orgs/<uuid:org_id>/connections/<uuid:connection_id>/matches/<uuid:match_id>", methods=["POST"]
)
@blp.arguments(DecisionIn, unknown=RAISE)
@blp.doc(
    operationId="decide_match",
    summary="Accept a suggestion, pick another, or create new",
    tags=["connections"],
)
def decide(payload: dict[str, Any], org_id: UUID, connection_id: UUID, match_id: UUID) -> Response:
    row = _connection(org_id, connection_id)
    session = db_session()
    try:
        match = matching.decide(
            session,
            row,
            str(match_id),
            payload["decision"],
            str(payload["record_id"]) if payload.get("record_id") else None,
        )
    except matching.MatchingError as exc:
        abort(409 if "already" in str(exc) else 422, str(exc))
    session.commit()
    return json_response({"id": match.id, "decision": match.decision, "record_id": match.record_id})


@blp.route(
    "/orgs/<uuid:org_id>/connections/<uuid:connection_id>/matching/<entity>/confirm",
    methods=["POST"],
)
@blp.doc(
    operationId="confirm_matching",
    summary="Link the accepted pairs and start syncing",
    tags=["connections"],
)
def confirm(org_id: UUID, connection_id: UUID, entity: str) -> Response:
    row = _connection(org_id, connection_id)
    session = db_session()
    try:
        linked = matching.confirm(session, row, entity)
    except matching.MatchingError as exc:
        abort(409, str(exc))
    session.commit()
    return json_response({"linked": linked, "matching": row.matching})
