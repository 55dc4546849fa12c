"""List GETs: If-Modified-Since, `where`, `order` and paging, in that order."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask import request

from . import dates, query
from .store import Record, State

Getter = query.Getter


def plain_get(record: Record, name: str) -> Any:
    return record.get(name)


@dataclass(frozen=True)
class Listing:
    """How one resource lists: its type name for errors, its fields, its default order."""

    type_name: str
    plural: str
    fields: frozenset[str]
    # Empty: the collection's own order, which is UpdatedDateUTC ascending (see store.touch).
    default_order: tuple[tuple[str, bool], ...] = ()
    paged: bool = True
    modified_field: str | None = "UpdatedDateUTC"


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if isinstance(value, str):
        return (1, value.casefold())
    if isinstance(value, datetime):
        return (1, value)
    if isinstance(value, date):
        return (1, datetime(value.year, value.month, value.day, tzinfo=UTC))
    return (1, value)


def since() -> datetime | None:
    header = request.headers.get("If-Modified-Since")
    if not header:
        return None
    try:
        return dates.parse_http_date(header)
    except (ValueError, TypeError, IndexError):
        return None  # an unreadable header filters nothing, as a missing one


def page_args(state: State) -> tuple[int, int] | None:
    """(page, pageSize) when `page` is given; pageSize is clamped to 1..max (default 100)."""
    if "page" not in request.args:
        return None
    try:
        page = max(1, int(request.args["page"]))
    except ValueError:
        page = 1
    size = state.config["page_size"]
    if "pageSize" in request.args:
        try:
            size = int(request.args["pageSize"])
        except ValueError:
            size = state.config["page_size"]
    size = min(max(1, size), state.config["max_page_size"])
    return page, size


def select(
    state: State, spec: Listing, records: Iterable[Record], get: Getter = plain_get
) -> tuple[list[Record], dict[str, int] | None]:
    """Filter, order and page `records`; returns the page and the `pagination` block."""
    rows = list(records)
    cutoff = since() if spec.modified_field else None
    if cutoff is not None:
        field = spec.modified_field
        rows = [r for r in rows if r.get(field) is not None and r[field] > cutoff]
    where = request.args.get("where", "").strip()
    if where:
        predicate = query.where(where, spec.type_name, spec.fields, get)
        rows = [r for r in rows if predicate(r)]
    order_text = request.args.get("order", "").strip()
    keys = list(spec.default_order)
    if order_text:
        keys = query.order(order_text, spec.type_name, spec.fields)
    for field, descending in reversed(keys):
        rows.sort(key=lambda r, f=field: _sort_key(get(r, f)), reverse=descending)
    paging = page_args(state) if spec.paged else None
    if paging is None:
        return rows, None
    page, size = paging
    total = len(rows)
    pagination = {
        "page": page,
        "pageSize": size,
        "pageCount": math.ceil(total / size),
        "itemCount": total,
    }
    return rows[(page - 1) * size : page * size], pagination


def csv_arg(name: str) -> list[str]:
    """A comma-separated filter such as `IDs=` or `Statuses=`."""
    return [part.strip() for part in request.args.get(name, "").split(",") if part.strip()]
