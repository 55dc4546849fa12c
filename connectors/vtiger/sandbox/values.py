"""Value formats: every value is stored and returned as a string, shaped by its field type."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import errors
from .fielddefs import Field

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_TRUE = {"1", "true", "on", "yes"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def utcnow() -> datetime:
    """The sandbox clock: UTC, whole seconds (vtiger stores datetimes to the second)."""
    return datetime.now(UTC).replace(microsecond=0)


def format_datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(DATETIME_FORMAT)


def parse_datetime(text: str) -> datetime:
    return datetime.strptime(text, DATETIME_FORMAT).replace(tzinfo=UTC)


def format_decimal(amount: Decimal, scale: int) -> str:
    quantum = Decimal(1).scaleb(-scale)
    rounded = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.00000000"
    return f"{rounded:f}"


def to_decimal(text: str | None) -> Decimal:
    """Stored numeric strings to Decimal; empty counts as zero, as in vtiger's arithmetic."""
    if text is None or text == "":
        return Decimal(0)
    return Decimal(text)


def as_text(value: object) -> str:
    """JSON input to a string: vtiger accepts numbers and booleans where it expects strings."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dict, list)):
        # PHP would store "Array"; a structured value in a scalar field is a client bug.
        raise errors.database_error()
    return str(value)


def coerce(field: Field, value: object) -> str:
    """Normalise one written value to its stored string; bad numbers fail like strict MySQL."""
    text = as_text(value)
    kind = field.type
    if kind == "boolean":
        return "1" if text.strip().lower() in _TRUE else "0"
    if text.strip() == "":
        return ""
    if kind in ("currency", "double"):
        try:
            amount = Decimal(text.strip())
        except InvalidOperation:
            raise errors.database_error() from None
        if not amount.is_finite():
            raise errors.database_error()
        return format_decimal(amount, field.scale)
    if kind == "integer":
        try:
            return str(int(Decimal(text.strip())))
        except (InvalidOperation, ValueError):
            raise errors.database_error() from None
    if kind == "date":
        text = text.strip()[:10]
        if not _DATE.match(text):
            raise errors.database_error()
        try:
            date.fromisoformat(text)
        except ValueError:
            raise errors.database_error() from None
        return text
    return text


def sort_key(field_type: str, text: str | None) -> tuple[int, object]:
    """How MySQL orders a column: NULL/empty first, numbers numerically, text case-insensitively."""
    if text is None or text == "":
        return (0, "")
    if field_type in ("currency", "double", "integer", "boolean"):
        return (1, _number_or_zero(text))
    if field_type in ("reference", "owner", "id"):
        return (1, int(text.rpartition("x")[2] or 0))
    return (1, text.casefold())


def _number_or_zero(text: str) -> Decimal:
    # MySQL turns a non-numeric string into 0 when it must compare it with a number.
    match = re.match(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)", text)
    return Decimal(match.group(0).strip()) if match else Decimal(0)


def literal_key(field_type: str, literal: str) -> tuple[int, object]:
    """A query literal shaped like the column it is compared with."""
    if field_type in ("currency", "double", "integer", "boolean"):
        return (1, _number_or_zero(literal))
    if field_type in ("reference", "owner", "id"):
        tail = literal.rpartition("x")[2]
        return (1, int(tail) if tail.isdigit() else -1)
    return (1, literal.casefold())
