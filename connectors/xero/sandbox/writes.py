"""Batch PUT/POST: body shapes, per-element results and `summarizeErrors`."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import Response, request

from . import values
from .api import Ctx
from .errors import ZERO_UUID, Invalid, post_data_invalid, validation_failed
from .store import Record

# save(element) -> the stored record's rendered view, or raise Invalid (with an echo).
Saver = Callable[[Record], Record]


def body() -> Any:
    raw = request.get_data()
    if not raw.strip():
        raise post_data_invalid("Invalid Json data")
    try:
        return values.normalize(json.loads(raw, parse_float=Decimal))
    except (ValueError, UnicodeDecodeError) as error:
        raise post_data_invalid("Invalid Json data") from error


def elements(plural: str, data: Any = None) -> list[Record]:
    """`{"<Plural>": [...]}`, a bare array, or a bare object (accepted by most endpoints)."""
    data = body() if data is None else data
    if isinstance(data, dict) and plural in data:
        data = data[plural]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise post_data_invalid("Invalid Json data")
    return data


def summarize() -> bool:
    """Errors are summarised (one 400) unless the caller sends summarizeErrors=false."""
    return request.args.get("summarizeErrors", "true").strip().lower() != "false"


def failure_echo(error: Invalid, element: Record, id_field: str, flag: str) -> Record:
    echo = dict(error.echo) if error.echo is not None else dict(element)
    if not echo.get(id_field):
        echo[id_field] = ZERO_UUID
    echo[flag] = True
    echo["StatusAttributeString"] = "ERROR"
    echo["ValidationErrors"] = [{"Message": m} for m in error.messages]
    return echo


def run(
    ctx: Ctx,
    plural: str,
    items: list[Record],
    save: Saver,
    id_field: str,
    flag: str = "HasErrors",
) -> Response:
    """Save each element in order; valid ones stay saved even when others fail."""
    results: list[Record] = []
    failures: list[Record] = []
    for element in items:
        try:
            view = save(element)
        except Invalid as error:
            echo = failure_echo(error, element, id_field, flag)
            results.append(echo)
            failures.append(echo)
            continue
        view["StatusAttributeString"] = "WARNING" if view.get("Warnings") else "OK"
        results.append(view)
    if failures and summarize():
        raise validation_failed(failures)
    return ctx.envelope(plural, results)
