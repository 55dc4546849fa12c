"""Harvest's JSON: snake_case, ISO dates, `Z` timestamps, decimals as JSON numbers; paging."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from flask import Response, request

Record = dict[str, Any]


def render(value: Any) -> Any:
    """Native values to JSON ones; keys starting with `_` are the sandbox's own."""
    if isinstance(value, dict):
        return {k: render(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list | tuple):
        return [render(v) for v in value]
    if isinstance(value, Decimal):
        # Two places at most: a double carries them exactly for the client to parse back.
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(render(body), separators=(",", ":"), ensure_ascii=False)
    response = Response(text, status=status, content_type="application/json; charset=utf-8")
    response.headers.update(headers or {})
    return response


class BadParameter(ValueError):
    """A query or body parameter the sandbox cannot read (answered 422)."""


def boolean(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in ("true", "1"):
        return True
    if str(value).strip().lower() in ("false", "0"):
        return False
    raise BadParameter(f"{name} must be true or false")


def integer(value: Any, name: str) -> int:
    try:
        return int(str(value))
    except ValueError as error:
        raise BadParameter(f"{name} must be an integer") from error


def decimal(value: Any, name: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise BadParameter(f"{name} must be a number") from error
    if not number.is_finite():
        raise BadParameter(f"{name} must be a number")
    return number


def a_date(value: Any, name: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise BadParameter(f"{name} must be a date (YYYY-MM-DD)") from error


def a_datetime(value: Any, name: str) -> datetime:
    """ISO 8601 with an offset or `Z`; one without is taken as UTC."""
    try:
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise BadParameter(f"{name} must be an ISO 8601 date and time") from error
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def page(plural: str, rows: list[Record], max_per_page: int) -> Record:
    """One page of `rows` with Harvest's paging fields and `links` (page-numbered links)."""
    per_page = integer(request.args.get("per_page", max_per_page), "per_page")
    if not 1 <= per_page <= max_per_page:
        raise BadParameter(f"per_page must be between 1 and {max_per_page}")
    number = max(1, integer(request.args.get("page", 1), "page"))
    total = len(rows)
    pages = max(1, math.ceil(total / per_page))

    def link(target: int) -> str:
        query = {k: v for k, v in request.args.items() if k not in ("page", "per_page", "ref")}
        query.update(page=str(target), per_page=str(per_page))
        return f"{request.base_url}?{urlencode(query)}"

    return {
        plural: rows[(number - 1) * per_page : number * per_page],
        "per_page": per_page,
        "total_pages": pages,
        "total_entries": total,
        "next_page": number + 1 if number < pages else None,
        "previous_page": number - 1 if 1 < number <= pages + 1 else None,
        "page": number,
        "links": {
            "first": link(1),
            "next": link(number + 1) if number < pages else None,
            "previous": link(number - 1) if 1 < number <= pages + 1 else None,
            "last": link(pages),
        },
    }
