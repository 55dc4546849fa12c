"""The organization's change feed: every record change, in commit order."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from hub.api.auth import check_request_org, require_org
from hub.api.records import json_response
from hub.api.schemas import ChangesArgs, ChangesPage
from hub.store import Store
from hub.web_db import db_session

blp = Blueprint("changes", __name__, url_prefix="/api/v1", description="The change feed")
blp.before_request(check_request_org)


@blp.route("/orgs/<uuid:org_id>/changes")
class Changes(MethodView):
    @blp.arguments(ChangesArgs, location="query", unknown=RAISE)
    @blp.alt_response(200, schema=ChangesPage, success=True)
    @blp.doc(
        operationId="list_changes", summary="Changes after `since`, oldest first", tags=["changes"]
    )
    def get(self, args: dict[str, Any], org_id: UUID) -> Response:
        store = Store(db_session(), require_org(str(org_id)))
        limit = args.get("limit") or current_app.config["API_DEFAULT_LIMIT"]
        rows = store.changes(args["since"], limit)
        data = [
            {
                "seq": c.seq,
                "entity": c.entity,
                "record_id": c.record_id,
                "version": c.version,
                "op": c.op,
                "origin": c.origin,
                "at": c.at.isoformat(),
            }
            for c in rows
        ]
        next_since = rows[-1].seq if rows else args["since"]
        return json_response({"data": data, "next_since": next_since})
