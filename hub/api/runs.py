"""Sync runs of an organization's connections: counts, API calls, notes and errors."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate
from sqlalchemy import select

from hub.api.auth import check_request_org
from hub.api.errors import abort
from hub.api.records import json_response
from hub.models import RunEntry, SyncRun
from hub.web_db import db_session

blp = Blueprint("sync_runs", __name__, url_prefix="/api/v1", description="Sync runs")
blp.before_request(check_request_org)


class RunArgs(Schema):
    connection_id = fields.UUID()
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class RunEntrySchema(Schema):
    kind = fields.String(metadata={"description": "note, error, conflict or waiting"})
    entity = fields.String()
    record_id = fields.String(allow_none=True)
    external_id = fields.String(allow_none=True)
    message = fields.String()
    detail = fields.Dict(allow_none=True)
    at = fields.AwareDateTime()


class RunSchema(Schema):
    id = fields.UUID()
    connection_id = fields.UUID()
    trigger = fields.String()
    status = fields.String(metadata={"description": "running, succeeded, partial or failed"})
    counts = fields.Dict(metadata={"description": "per entity: pulled, created, updated..."})
    api_calls = fields.Integer()
    message = fields.String(allow_none=True)
    started_at = fields.AwareDateTime()
    finished_at = fields.AwareDateTime(allow_none=True)
    entries = fields.List(fields.Nested(RunEntrySchema))


class RunList(Schema):
    data = fields.List(fields.Nested(RunSchema))


def run_json(run: SyncRun, entries: list[RunEntry] | None = None) -> dict[str, Any]:
    body = RunSchema(exclude=() if entries is not None else ("entries",)).dump(run)
    if entries is not None:
        body["entries"] = RunEntrySchema(many=True).dump(entries)
    return body


@blp.route("/orgs/<uuid:org_id>/sync-runs")
class Runs(MethodView):
    @blp.arguments(RunArgs, location="query", unknown=RAISE)
    @blp.alt_response(200, schema=RunList, success=True)
    @blp.doc(operationId="list_sync_runs", summary="Recent sync runs, newest first", tags=["sync"])
    def get(self, args: dict[str, Any], org_id: UUID) -> Response:
        query = select(SyncRun).where(SyncRun.org_id == str(org_id))
        if args.get("connection_id"):
            query = query.where(SyncRun.connection_id == str(args["connection_id"]))
        rows = db_session().scalars(query.order_by(SyncRun.started_at.desc()).limit(args["limit"]))
        return json_response({"data": [run_json(r) for r in rows]})


@blp.route("/orgs/<uuid:org_id>/sync-runs/<uuid:run_id>")
class Run(MethodView):
    @blp.alt_response(200, schema=RunSchema, success=True)
    @blp.doc(
        operationId="get_sync_run",
        summary="A run with its notes, errors and conflicts",
        tags=["sync"],
    )
    def get(self, org_id: UUID, run_id: UUID) -> Response:
        session = db_session()
        run = session.get(SyncRun, str(run_id))
        if run is None or run.org_id != str(org_id):
            abort(404, "Not found.")
        entries = list(
            session.scalars(select(RunEntry).where(RunEntry.run_id == run.id).order_by(RunEntry.at))
        )
        return json_response(run_json(run, entries))
