"""Turning stored records into Xero's JSON: PascalCase dicts, `/Date()/` strings, numbers."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Response

from . import dates


def render(value: Any, keep_nulls: bool = False) -> Any:
    """Native values to JSON-ready ones.

    Keys starting with `_` are the sandbox's own bookkeeping and never leave it; `None`
    values are left out because Xero omits unset fields. Decimals become JSON numbers at
    this boundary only: every amount the sandbox keeps has at most 15 significant digits,
    which a double carries exactly, so the client parses back the same decimal.
    """
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key[:1] == "_" or (item is None and not keep_nulls):
                continue
            out[key] = render(item, keep_nulls)
        return out
    if isinstance(value, list | tuple):
        return [render(item, keep_nulls) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return dates.ms_date(value)
    return value


def dumps(value: Any, keep_nulls: bool = False) -> str:
    return json.dumps(render(value, keep_nulls), separators=(",", ":"), ensure_ascii=False)


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None, keep_nulls: bool = False
) -> Response:
    response = Response(
        dumps(body, keep_nulls), status=status, content_type="application/json; charset=utf-8"
    )
    if headers:
        response.headers.update(headers)
    return response


def envelope(
    plural: str,
    items: list[dict[str, Any]],
    provider: str,
    pagination: dict[str, int] | None = None,
    warnings: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The GET/PUT/POST wrapper: `{Id, Status, ProviderName, DateTimeUTC, <Plural>}`."""
    body: dict[str, Any] = {
        "Id": str(uuid.uuid4()),
        "Status": "OK",
        "ProviderName": provider,
        # Already a string here: the envelope's stamp has no offset, unlike record dates.
        "DateTimeUTC": dates.ms_stamp(dates.now()),
    }
    if pagination is not None:
        body["pagination"] = pagination
    if warnings:
        body["Warnings"] = warnings
    body[plural] = items
    return body
