"""REST endpoints for canonical records: list, create, get, PUT, PATCH, DELETE per entity."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from uuid import UUID

from flask import Response, current_app, json, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, ValidationError

import schema as canonical
from hub.api.auth import check_request_org, require_org
from hub.api.errors import abort
from hub.api.schemas import (
    ListArgs,
    input_schema,
    page_schema,
    patch_schema,
    record_schema,
)
from hub.models import Record
from hub.store import InvalidReferences, NotFound, RecordDeleted, Store, VersionConflict
from hub.web_db import db_session

blp = Blueprint(
    "records", __name__, url_prefix="/api/v1", description="Canonical records of an organization"
)
blp.before_request(check_request_org)

# The company is one record per organization.
SINGLETONS = {"company"}


def record_json(row: Record, external_ids: dict[str, str]) -> dict[str, Any]:
    """The API view of a record: its data and the hub's metadata around it."""
    body = dict(row.data)
    body.update(
        id=row.id,
        version=row.version,
        created_at=row.created_at.isoformat(),
        updated_at=row.updated_at.isoformat(),
        deleted=row.deleted,
        external_ids=external_ids,
    )
    return body


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = current_app.response_class(
        json.dumps(body), status=status, mimetype="application/json"
    )
    response.headers.update(headers or {})
    return response


def _one(store: Store, row: Record, status: int = 200) -> Response:
    body = record_json(row, store.external_ids([row.id])[row.id])
    return json_response(body, status, {"ETag": f'"{row.version}"'})


def _encode_cursor(record_id: str) -> str:
    return base64.urlsafe_b64encode(record_id.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        UUID(text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        abort(
            400,
            "Invalid cursor: pass the next_cursor of a previous page.",
            errors={"cursor": ["Invalid cursor."]},
        )
    return text


def _expected_version(payload: dict[str, Any]) -> int | None:
    """The version the client based its write on: the body's `version` or If-Match."""
    version = payload.pop("version", None)
    header = request.headers.get("If-Match")
    if header and header.strip() != "*":
        try:
            header_version = int(header.strip().strip('"').removeprefix("W/").strip('"'))
        except ValueError:
            abort(
                400,
                'If-Match must be a record version such as "3".',
                errors={"If-Match": ["Not a version."]},
            )
        if version is not None and version != header_version:
            abort(
                400,
                "The body's version and If-Match disagree.",
                errors={"version": ["Disagrees with If-Match."]},
            )
        version = header_version
    return version


def _canonical(entity: str, loaded: dict[str, Any]) -> dict[str, Any]:
    return canonical.schema_for(entity).dump(loaded)


def _store_call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a store write and turn its refusals into API errors."""
    try:
        return fn(*args, **kwargs)
    except NotFound:
        abort(404, "Not found.")
    except VersionConflict as exc:
        abort(409, str(exc), current_version=exc.current_version)
    except RecordDeleted as exc:
        abort(409, f"{exc} Create a new record instead.")
    except InvalidReferences as exc:
        abort(422, str(exc), errors=exc.errors)


def register_entity(entity: str) -> None:
    """Add the collection and item endpoints of one entity to the blueprint."""
    title = entity.replace("_", " ")
    collection = f"/orgs/<uuid:org_id>/{entity}"

    @blp.route(collection, endpoint=f"{entity}_collection")
    class Collection(MethodView):
        @blp.arguments(ListArgs, location="query", unknown=RAISE)
        @blp.alt_response(200, schema=page_schema(entity), success=True)
        @blp.doc(operationId=f"list_{entity}", summary=f"List {title}", tags=[entity])
        def get(self, args: dict[str, Any], org_id: UUID) -> Response:
            store = Store(db_session(), require_org(str(org_id)))
            limit = args.get("limit") or current_app.config["API_DEFAULT_LIMIT"]
            after = _decode_cursor(args["cursor"]) if args.get("cursor") else None
            rows = store.list(
                entity,
                limit=limit,
                after_id=after,
                updated_since=args.get("updated_since"),
                include_deleted=args["include_deleted"],
            )
            ids = store.external_ids([row.id for row in rows])
            next_cursor = _encode_cursor(rows[-1].id) if len(rows) == limit else None
            body = {"data": [record_json(r, ids[r.id]) for r in rows], "next_cursor": next_cursor}
            return json_response(body)

        @blp.arguments(input_schema(entity))
        @blp.alt_response(201, schema=record_schema(entity), success=True)
        @blp.doc(operationId=f"create_{entity}", summary=f"Create a {title} record", tags=[entity])
        def post(self, payload: dict[str, Any], org_id: UUID) -> Response:
            session = db_session()
            store = Store(session, require_org(str(org_id)))
            payload.pop("version", None)
            data = _canonical(entity, payload)
            if entity in SINGLETONS and store.list(entity, limit=1):
                abort(409, f"An organization has one {title} record; update it instead.")
            _store_call(store.check_refs, entity, data)
            row = store.create(entity, data)
            session.commit()
            return _one(store, row, 201)

    item = f"/orgs/<uuid:org_id>/{entity}/<uuid:record_id>"

    @blp.route(item, endpoint=f"{entity}_item")
    class Item(MethodView):
        @blp.alt_response(200, schema=record_schema(entity), success=True)
        @blp.doc(operationId=f"get_{entity}", summary=f"Get a {title} record", tags=[entity])
        def get(self, org_id: UUID, record_id: UUID) -> Response:
            store = Store(db_session(), require_org(str(org_id)))
            row = store.get(entity, str(record_id))
            if row is None:
                abort(404, "Not found.")
            return _one(store, row)

        @blp.arguments(input_schema(entity))
        @blp.alt_response(200, schema=record_schema(entity), success=True)
        @blp.doc(
            operationId=f"replace_{entity}", summary=f"Replace a {title} record", tags=[entity]
        )
        def put(self, payload: dict[str, Any], org_id: UUID, record_id: UUID) -> Response:
            session = db_session()
            store = Store(session, require_org(str(org_id)))
            expected = _expected_version(payload)
            data = _canonical(entity, payload)
            if store.get(entity, str(record_id)) is None:
                abort(404, "Not found.")
            _store_call(store.check_refs, entity, data)
            row, _ = _store_call(
                store.replace, entity, str(record_id), data, expected_version=expected
            )
            session.commit()
            return _one(store, row)

        @blp.arguments(patch_schema(entity)(partial=True))
        @blp.alt_response(200, schema=record_schema(entity), success=True)
        @blp.doc(
            operationId=f"patch_{entity}",
            summary=f"Change some fields of a {title} record",
            tags=[entity],
        )
        def patch(self, payload: dict[str, Any], org_id: UUID, record_id: UUID) -> Response:
            session = db_session()
            store = Store(session, require_org(str(org_id)))
            expected = _expected_version(payload)
            row = store.get(entity, str(record_id))
            if row is None:
                abort(404, "Not found.")
            changes = canonical.schema_for(entity).dump(payload)
            merged = merge_patch(row.data, {k: changes.get(k) for k in payload})
            try:
                data = _canonical(entity, canonical.schema_for(entity).load(merged))
            except ValidationError as exc:
                abort(
                    422,
                    "The record would not be valid after this change.",
                    errors=exc.messages_dict,
                )
            _store_call(store.check_refs, entity, data)
            row, _ = _store_call(
                store.replace, entity, str(record_id), data, expected_version=expected
            )
            session.commit()
            return _one(store, row)

        @blp.alt_response(200, schema=record_schema(entity), success=True)
        @blp.doc(
            operationId=f"delete_{entity}",
            summary=f"Delete a {title} record (tombstone)",
            tags=[entity],
        )
        def delete(self, org_id: UUID, record_id: UUID) -> Response:
            session = db_session()
            store = Store(session, require_org(str(org_id)))
            expected = _expected_version({})
            row = _store_call(store.delete, entity, str(record_id), expected_version=expected)
            session.commit()
            return _one(store, row)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: objects merge, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


for _entity in canonical.ENTITIES:
    register_entity(_entity)
