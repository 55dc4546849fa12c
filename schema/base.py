"""The base every canonical schema derives from: strict, ordered, JSON-friendly, plus field helpers.

Conventions the helpers encode, so entity modules stay declarative:

- optional scalar fields accept `null` ("not known / cleared"), required ones never do;
- lists are never null (send `[]`), and absent means "not supplied by this app";
- enumerations are upper-case strings checked with `one_of`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate


class CanonicalSchema(Schema):
    """A canonical entity or sub-object. Unknown fields are rejected, never dropped."""

    class Meta:
        unknown = RAISE
        ordered = True


def one_of(*choices: str) -> validate.OneOf:
    return validate.OneOf(choices, error="Must be one of: {choices}.")


def _nullable(kwargs: dict[str, Any]) -> dict[str, Any]:
    kwargs.setdefault("allow_none", not kwargs.get("required", False))
    return kwargs


def text(max_length: int | None = None, **kwargs: Any) -> fields.String:
    """A free-text field, optional unless said otherwise; a required one may not be empty."""
    checks: list[validate.Validator] = []
    if kwargs.get("required"):
        checks.append(validate.Length(min=1, error="May not be empty."))
    if max_length is not None:
        checks.append(validate.Length(max=max_length))
    if checks:
        kwargs.setdefault("validate", checks)
    return fields.String(**_nullable(kwargs))


def choice(*choices: str, **kwargs: Any) -> fields.String:
    """An upper-case enumeration."""
    return fields.String(validate=one_of(*choices), **_nullable(kwargs))


def flag(**kwargs: Any) -> fields.Boolean:
    return fields.Boolean(**_nullable(kwargs))


def date(**kwargs: Any) -> fields.Date:
    """A calendar date, ISO 8601 (`2024-07-31`)."""
    return fields.Date(**_nullable(kwargs))


def email(**kwargs: Any) -> fields.Email:
    return fields.Email(**_nullable(kwargs))


def nested(schema: type[Schema], **kwargs: Any) -> fields.Nested:
    """One sub-object."""
    return fields.Nested(schema, **_nullable(kwargs))


def many(schema: type[Schema], **kwargs: Any) -> fields.List:
    """A list of sub-objects (never null; an empty list means "none")."""
    return fields.List(fields.Nested(schema), **kwargs)


NON_NEGATIVE = validate.Range(min=0, error="Must not be negative.")
POSITIVE = validate.Range(min=0, min_inclusive=False, error="Must be greater than 0.")
PERCENTAGE = validate.Range(min=0, max=100, error="Must be between 0 and 100.")


def check_order(data: dict[str, Any], earlier: str, later: str, what: str = "date") -> None:
    """Refuse `later` before `earlier` when both are given, naming `later`."""
    first, second = data.get(earlier), data.get(later)
    if first is not None and second is not None and second < first:
        raise ValidationError(
            f"Must not be before {earlier} ({_show(first)}), got {_show(second)}.", later
        )


def only_one(data: dict[str, Any], *names: str, required: bool = False) -> None:
    """Refuse more than one of `names` (or none, when required), naming the offending field."""
    given = [name for name in names if data.get(name) is not None]
    if len(given) > 1:
        raise ValidationError(f"Give only one of: {', '.join(names)}.", given[1])
    if required and not given:
        raise ValidationError(f"Give one of: {', '.join(names)}.", names[0])


def total_of(rows: Iterable[dict[str, Any]], key: str) -> Decimal | None:
    """Sum of `key` over rows, or None when any row lacks it (e.g. in a partial load)."""
    values = [row.get(key) for row in rows]
    if any(v is None for v in values):
        return None
    return sum(values, Decimal(0))


def fmt(value: Decimal) -> str:
    """A Decimal as messages show it: plain notation, scale kept."""
    return format(value, "f")


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
