"""Run a parsed VTQL query against the store, with MySQL-like comparisons and vtiger's limits."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from . import errors
from .errors import WebServiceError
from .fielddefs import ModuleDef
from .query import Condition, Query, parse
from .records import render
from .state import Sandbox
from .store import Record
from .values import literal_key, sort_key

QUERY_CAP = 100  # no LIMIT means LIMIT 100, and any count above 100 is clamped to 100
# VtigerWebserviceObject::fromQuery finds the module before the parser runs.
_FROM = re.compile(r"[fF][rR][oO][mM]\s+([^\s;]+)")
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
# Columns where an empty value is NULL in MySQL, so no comparison matches it.
_NULLABLE = frozenset({"currency", "double", "integer", "date", "datetime", "reference", "owner"})
_ID_LIKE = frozenset({"reference", "owner", "id"})

Predicate = Callable[[Record], bool]


def run(sb: Sandbox, text: str | None) -> list[dict[str, Any]]:
    match = _FROM.search(text or "")
    if not match:
        raise errors.denied("Permission to perform the operation is denied for query")
    sb.catalog.from_query_name(match.group(1))
    query = parse(text or "")
    module = sb.catalog.from_query_name(query.module)
    if not query.is_count and query.columns != ["*"]:
        for column in query.columns:
            if column != "id" and column not in module.field_map:
                # The quotes and dots are in vtiger's message (a PHP concatenation slip).
                raise errors.denied(f"Permission to access '.{column}.' attribute denied.")
    predicate = _where(sb, module, query.where)
    for column in query.order_by:
        if column != "id" and column not in module.field_map:
            raise errors.database_error()
    count = QUERY_CAP if query.limit is None else min(query.limit, QUERY_CAP)
    if count < 0 or query.offset < 0:
        raise errors.database_error()
    if query.is_count:
        total = sum(1 for record in sb.store.iter_live(module.name) if predicate(record))
        return [{"count": str(total)}][query.offset : query.offset + count]
    candidates, filtered = _candidates(sb, module, query)
    matches = candidates if filtered else (r for r in candidates if predicate(r))
    page = islice(matches, query.offset, query.offset + count)
    if query.columns == ["*"]:
        return [render(sb, record) for record in page]
    wanted = [*query.columns, *([] if "id" in query.columns else ["id"])]
    return [{c: row[c] for c in wanted} for row in (render(sb, r) for r in page)]


def _candidates(sb: Sandbox, module: ModuleDef, query: Query) -> tuple[Iterable[Record], bool]:
    """Live records in result order (lazily where an index gives that order for free), and
    whether they already satisfy the WHERE clause."""
    store = sb.store
    if not query.order_by or query.order_by == ["id"]:
        records: Iterable[Record] = store.iter_live(module.name)
        if not module.crm:
            records = sorted(records, key=lambda r: r.number)
        return (reversed(list(records)) if query.descending else records), not query.where
    if query.order_by == ["modifiedtime"] and not query.descending and len(query.where) <= 1:
        # The incremental-polling shape: walk the modifiedtime index from the bound on.
        bound, exact = _modified_lower_bound(query.where[0] if query.where else [])
        return (r for r in store.modified_after(module.name, bound) if not r.deleted), exact
    rows = sorted(store.iter_live(module.name), key=lambda r: r.number)
    last = len(query.order_by) - 1
    # MySQL applies ASC/DESC to the last ORDER BY column only; sort from the last key back.
    for position in range(last, -1, -1):
        key = _column_key(module, query.order_by[position])
        rows.sort(key=key, reverse=query.descending and position == last)
    return rows, False


def _modified_lower_bound(conditions: list[Condition]) -> tuple[int, bool]:
    """The epoch the modifiedtime conditions start after, and whether they were all of it."""
    bound = -1
    exact = True
    for condition in conditions:
        if condition.column != "modifiedtime" or condition.operator not in (">", ">="):
            exact = False
            continue
        try:
            moment = datetime.strptime(condition.values[0], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            exact = False
            continue
        epoch = int(moment.replace(tzinfo=UTC).timestamp())
        bound = max(bound, epoch if condition.operator == ">" else epoch - 1)
    return bound, exact


def _column_key(module: ModuleDef, column: str) -> Callable[[Record], tuple[int, object]]:
    if column == "id":
        return lambda r: (1, r.number)
    field_type = module.field_map[column].type
    return lambda r: sort_key(field_type, r.values.get(column, ""))


def _where(sb: Sandbox, module: ModuleDef, groups: list[list[Condition]]) -> Predicate:
    if not groups:
        return lambda record: True
    compiled = [[_condition(module, c) for c in group] for group in groups]
    return lambda record: any(all(test(record) for test in group) for group in compiled)


def _condition(module: ModuleDef, condition: Condition) -> Predicate:
    column = condition.column
    if column == "id":
        field_type = "id"
    else:
        found = module.field_map.get(column)
        if found is None:
            raise errors.denied(f"Permission to access {column} attribute denied.")
        field_type = found.type
    for value in condition.values:
        if field_type == "reference" and "x" not in value:
            raise WebServiceError(errors.INVALID_ID_ATTRIBUTE, errors.MSG_BAD_ID)
        if field_type == "id" and "x" not in value:
            raise errors.database_error()  # vtiger builds "crmid = " and MySQL rejects it

    def stored(record: Record) -> str:
        return str(record.number) if column == "id" else record.values.get(column, "")

    def key(record: Record) -> tuple[int, object] | None:
        text = stored(record)
        if text == "" and field_type in _NULLABLE:
            return None
        return sort_key(field_type, text)

    if condition.operator == "LIKE":
        pattern = condition.values[0]
        if field_type in _ID_LIKE:
            pattern = pattern.rpartition("x")[2]
        regex = _like(pattern)

        def like(record: Record) -> bool:
            text = stored(record)
            if field_type in _ID_LIKE:
                text = text.rpartition("x")[2]
            return regex.fullmatch(text) is not None

        return like
    if condition.operator == "IN":
        options = {literal_key(field_type, v) for v in condition.values}
        return lambda record: key(record) in options
    compare = _COMPARE[condition.operator]
    literal = literal_key(field_type, condition.values[0])

    def test(record: Record) -> bool:
        value = key(record)
        return value is not None and compare(value, literal)

    return test


def _like(pattern: str) -> re.Pattern[str]:
    """MySQL LIKE: % any run, _ one character, backslash escapes, case-insensitive."""
    parts: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)
