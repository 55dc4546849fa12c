"""API shapes built from the canonical schemas: inputs, records with metadata, pages."""

from __future__ import annotations

from functools import cache
from typing import Any

from marshmallow import Schema, fields, pre_load, validate

import schema as canonical
from schema.base import CanonicalSchema

# Fields the hub keeps about every record; read-only, and ignored when a client sends
# them back in a PUT or PATCH body (so GET, edit, PUT just works).
READ_ONLY = ("id", "created_at", "updated_at", "deleted", "external_ids")


def _camel(entity: str) -> str:
    return "".join(part.capitalize() for part in entity.split("_"))


class RecordMeta(Schema):
    id = fields.UUID(dump_only=True, metadata={"description": "hub id"})
    version = fields.Integer(dump_only=True, metadata={"description": "bumped by every change"})
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)
    deleted = fields.Boolean(dump_only=True, metadata={"description": "a tombstone"})
    external_ids = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        dump_only=True,
        metadata={"description": "the id each linked app knows this record by, per connector"},
    )


class _InputMixin(Schema):
    version = fields.Integer(
        load_only=True,
        validate=validate.Range(min=1),
        metadata={"description": "optional: refuse the write (409) unless the record is at it"},
    )

    @pre_load
    def drop_read_only(self, data: Any, **_: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in READ_ONLY}
        return data


@cache
def input_schema(entity: str) -> type[CanonicalSchema]:
    base = type(canonical.schema_for(entity))
    return type(f"{_camel(entity)}Input", (base, _InputMixin), {})


@cache
def patch_schema(entity: str) -> type[CanonicalSchema]:
    return type(f"{_camel(entity)}Patch", (input_schema(entity),), {})


@cache
def record_schema(entity: str) -> type[Schema]:
    base = type(canonical.schema_for(entity))
    return type(f"{_camel(entity)}Record", (base, RecordMeta), {})


@cache
def page_schema(entity: str) -> type[Schema]:
    return type(
        f"{_camel(entity)}Page",
        (Schema,),
        {
            "data": fields.List(fields.Nested(record_schema(entity))),
            "next_cursor": fields.String(
                allow_none=True, metadata={"description": "pass as `cursor` for the next page"}
            ),
        },
    )


class ListArgs(Schema):
    limit = fields.Integer(
        validate=validate.Range(min=1, max=1000),
        metadata={"description": "records per page, 1 to 1000 (default 100)"},
    )
    cursor = fields.String(metadata={"description": "next_cursor of the previous page"})
    updated_since = fields.AwareDateTime(
        metadata={"description": "only records changed at or after this time (ISO 8601)"}
    )
    include_deleted = fields.Boolean(
        load_default=False, metadata={"description": "include tombstones"}
    )


class ChangesArgs(Schema):
    since = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0),
        metadata={"description": "the seq of the last change already seen"},
    )
    limit = fields.Integer(validate=validate.Range(min=1, max=1000))


class ChangeSchema(Schema):
    seq = fields.Integer()
    entity = fields.String()
    record_id = fields.UUID()
    version = fields.Integer()
    op = fields.String(metadata={"description": "create, update or delete"})
    origin = fields.String(metadata={"description": "'api' or the connection it came from"})
    at = fields.AwareDateTime()


class ChangesPage(Schema):
    data = fields.List(fields.Nested(ChangeSchema))
    next_since = fields.Integer(metadata={"description": "pass as `since` to read on"})


class ErrorBody(Schema):
    message = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "offending fields and what is wrong"})
    current_version = fields.Integer()
