"""JSON Schema for each entity, generated from the marshmallow schemas by apispec.

OpenAPI 3.1 schema objects are JSON Schema 2020-12, so apispec's converter does the
work; nested objects are inlined so each entity's document stands alone. Money and
quantities come out as decimal strings, references as uuid strings with `x-ref`.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from apispec.ext.marshmallow import OpenAPIConverter

from .fields import DecimalString
from .registry import schema_class, schema_for

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Custom field classes apispec should not map by their marshmallow base class. An
# OpenAPI document built elsewhere (flask-smorest) registers them the same way:
# `api.register_field(cls, *type_and_format)` for each item.
OPENAPI_FIELD_TYPES: dict[type, tuple[str, str]] = {DecimalString: ("string", "decimal")}


@cache
def _json_schema(entity: str) -> dict[str, Any]:
    converter = OpenAPIConverter(
        openapi_version="3.1.0",
        schema_name_resolver=lambda schema: None,  # None: inline nested schemas
        spec=None,
    )
    # On this instance only: apispec's class-level mapping is shared by every converter.
    converter.field_mapping = {**converter.field_mapping, **OPENAPI_FIELD_TYPES}
    doc: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"urn:hub:schema:{entity}",
        "title": entity,
    }
    summary = (schema_class(entity).__doc__ or "").strip().splitlines()
    if summary:
        doc["description"] = summary[0]
    doc.update(converter.schema2jsonschema(schema_for(entity)))
    return doc


def json_schema(entity: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one entity's data; a fresh copy on every call."""
    return copy.deepcopy(_json_schema(entity))
