"""References between canonical records, found by walking the schemas' fields.

A reference path names where a Ref sits in a record: `contact_id`, `sale.account_id`
(a nested object), `lines[].item_id` (each element of a list). Paths in one record
put the index in the brackets: `lines[0].tracking[1].category_id`. Null references
are not references: they are skipped and kept as null.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, Union

from marshmallow import Schema, fields

from .fields import Ref
from .registry import ENTITIES, schema_for

# key -> (is_list, target entity or the plan of the nested object)
Plan = dict[str, tuple[bool, Union[str, "Plan"]]]


def _field_plan(field: fields.Field) -> tuple[bool, str | Plan] | None:
    if isinstance(field, Ref):
        return False, field.entity
    if isinstance(field, fields.Nested):
        sub = _schema_plan(field.schema)
        return (bool(field.many), sub) if sub else None
    if isinstance(field, fields.List):
        inner = _field_plan(field.inner)
        if inner is None:
            return None
        if inner[0]:
            raise TypeError("Lists of lists of references are not supported.")
        return True, inner[1]
    return None


def _schema_plan(schema: Schema) -> Plan:
    plan: Plan = {}
    for name, field in schema.fields.items():
        node = _field_plan(field)
        if node is not None:
            plan[field.data_key or name] = node
    return plan


@cache
def _plan(entity: str) -> Plan:
    return _schema_plan(schema_for(entity))


def references(entity: str) -> list[tuple[str, str]]:
    """Every reference path of `entity` with its target entity, in field order."""

    def walk(plan: Plan, prefix: str) -> Iterator[tuple[str, str]]:
        for key, (is_list, node) in plan.items():
            path = prefix + key + ("[]" if is_list else "")
            if isinstance(node, str):
                yield path, node
            else:
                yield from walk(node, path + ".")

    return list(walk(_plan(entity), ""))


def dependencies(entity: str) -> set[str]:
    """The other entities `entity` refers to."""
    return {target for _, target in references(entity)} - {entity}


def iter_refs(entity: str, data: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Each non-null reference in a record: (path in this record, target entity, value)."""

    def walk(plan: Plan, obj: dict[str, Any], prefix: str) -> Iterator[tuple[str, str, Any]]:
        for key, (is_list, node) in plan.items():
            value = obj.get(key)
            if value is None:
                continue
            items = enumerate(value) if is_list else [(None, value)]
            for index, item in items:
                path = prefix + key + ("" if index is None else f"[{index}]")
                if item is None:
                    continue
                if isinstance(node, str):
                    yield path, node, item
                else:
                    yield from walk(node, item, path + ".")

    yield from walk(_plan(entity), data, "")


def map_refs(entity: str, data: dict[str, Any], fn: Callable[[str, Any], Any]) -> dict[str, Any]:
    """A copy of `data` with each non-null reference replaced by `fn(target_entity, value)`.

    The input is not changed: every dict and list on the way to a reference is copied;
    branches without references are shared with the input.
    """

    def convert(plan: Plan, obj: dict[str, Any]) -> dict[str, Any]:
        out = dict(obj)
        for key, (is_list, node) in plan.items():
            value = out.get(key)
            if value is None:
                continue
            if isinstance(node, str):
                one: Callable[[Any], Any] = lambda v, t=node: fn(t, v)  # noqa: E731
            else:
                one = lambda v, p=node: convert(p, v)  # noqa: E731
            if is_list:
                out[key] = [None if v is None else one(v) for v in value]
            else:
                out[key] = one(value)
        return out

    return convert(_plan(entity), data)


def dependency_order() -> list[str]:
    """Entity names, each after every entity it refers to (self-references aside).

    A topological sort of the reference graph; among entities that are ready at the
    same time, ENTITIES' order decides, so the result is stable.
    """
    pending = {entity: dependencies(entity) for entity in ENTITIES}
    order: list[str] = []
    while pending:
        ready = [e for e in ENTITIES if e in pending and not pending[e] - set(order)]
        if not ready:
            raise ValueError(f"Reference cycle among: {', '.join(sorted(pending))}.")
        order.append(ready[0])
        del pending[ready[0]]
    return order
