"""Field types shared by every canonical schema: money, quantities, currency, references, time."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError, fields, validate

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
# Plain decimal notation only: no exponent, no sign but "-", no spaces, no NaN.
DECIMAL_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
DECIMAL_PATTERN = DECIMAL_RE.pattern


class DecimalString(fields.Decimal):
    """A Decimal carried as a JSON string ("12.50"), never as a float.

    Floats are refused on input: `12.1` as a JSON number would already have lost
    precision before it reached us, so callers must send `"12.10"`. Integers and
    `Decimal` instances are exact and accepted. Strings must be plain decimal
    notation (`-12.50`, not `1.2E+1`), which is also how values are dumped, so the
    JSON Schema says `{"type": "string", "format": "decimal", "pattern": ...}`.
    Optional values are nullable unless `required=True`.
    """

    what = "number"
    description = 'Decimal number as a string, e.g. "2.5"'

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("as_string", True)
        kwargs.setdefault("allow_nan", False)
        kwargs.setdefault("allow_none", not kwargs.get("required", False))
        metadata = dict(kwargs.pop("metadata", {}))
        metadata.setdefault("description", self.description)
        # Read by apispec after its own type mapping (which would say "number").
        metadata.setdefault("type", "string")
        metadata.setdefault("format", "decimal")
        metadata.setdefault("pattern", DECIMAL_PATTERN)
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, float):
            raise ValidationError(f'Send {self.what}s as strings (e.g. "12.50"), not floats.')
        if isinstance(value, bool) or (isinstance(value, str) and not DECIMAL_RE.match(value)):
            raise ValidationError(f"Not a valid {self.what}.")
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except InvalidOperation as exc:  # pragma: no cover - marshmallow wraps most cases
            raise ValidationError(f"Not a valid {self.what}.") from exc


class Money(DecimalString):
    """A decimal amount of money, serialised as a string so no float ever touches it."""

    what = "amount"
    description = 'Decimal amount as a string, e.g. "12.50"'


class Quantity(DecimalString):
    """A decimal quantity (units, hours), serialised as a string like Money."""

    what = "quantity"
    description = 'Decimal quantity as a string, e.g. "2.5"'


class Percent(DecimalString):
    """A percentage such as a tax or discount rate: "10" means 10 %."""

    what = "percentage"
    description = 'Percentage as a decimal string, e.g. "10" for 10 %'


class Currency(fields.String):
    """An ISO 4217 currency code such as AUD or USD."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "validate", validate.Regexp(CURRENCY_RE, error="Not an ISO 4217 currency code.")
        )
        kwargs.setdefault("allow_none", not kwargs.get("required", False))
        metadata = dict(kwargs.pop("metadata", {}))
        metadata.setdefault("description", "ISO 4217 currency code")
        metadata.setdefault("example", "AUD")
        super().__init__(metadata=metadata, **kwargs)


class Country(fields.String):
    """An ISO 3166-1 alpha-2 country code such as AU or NZ."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "validate",
            validate.Regexp(COUNTRY_RE, error="Not an ISO 3166-1 alpha-2 country code."),
        )
        kwargs.setdefault("allow_none", not kwargs.get("required", False))
        metadata = dict(kwargs.pop("metadata", {}))
        metadata.setdefault("description", "ISO 3166-1 alpha-2 country code")
        metadata.setdefault("example", "AU")
        super().__init__(metadata=metadata, **kwargs)


class Ref(fields.String):
    """A reference to another canonical record, by its hub id (a UUID).

    The target entity is kept in the field's metadata (`x-ref`) so the store can
    check that the record exists in the same organization, and the sync engine
    can translate the reference to and from each app's own ids.
    """

    def __init__(self, entity: str, **kwargs: Any) -> None:
        metadata = dict(kwargs.pop("metadata", {}))
        metadata["x-ref"] = entity
        metadata.setdefault("description", f"hub id of a record in {entity}")
        metadata.setdefault("format", "uuid")
        kwargs.setdefault("allow_none", not kwargs.get("required", False))
        super().__init__(metadata=metadata, **kwargs)
        self.entity = entity

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, uuid.UUID):
            return str(value)
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return str(uuid.UUID(text))
        except ValueError as exc:
            raise ValidationError(f"Not a valid hub id of a record in {self.entity}.") from exc

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else str(value)


class Timestamp(fields.AwareDateTime):
    """An instant: ISO 8601 with an offset on input, normalised to UTC."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "iso")
        kwargs.setdefault("allow_none", not kwargs.get("required", False))
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.datetime:
        return super()._deserialize(value, attr, data, **kwargs).astimezone(dt.UTC)
