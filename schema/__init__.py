"""The canonical model: one marshmallow schema per entity, and what the hub derives from them.

A leaf package: it imports no hub code and does no I/O, so connectors and the hub both
use it. Entity data excludes the hub's record metadata (id, version, timestamps,
tombstone, external ids), which the API wraps around it.
"""

from __future__ import annotations

from .base import CanonicalSchema
from .errors import error_paths
from .openapi import OPENAPI_FIELD_TYPES, json_schema
from .refs import dependencies, dependency_order, iter_refs, map_refs, references
from .registry import ENTITIES, dump, load, schema_for, validate

__all__ = [
    "ENTITIES",
    "OPENAPI_FIELD_TYPES",
    "CanonicalSchema",
    "dependencies",
    "dependency_order",
    "dump",
    "error_paths",
    "iter_refs",
    "json_schema",
    "load",
    "map_refs",
    "references",
    "schema_for",
    "validate",
]
