"""Xero's wire values: `/Date(ms+0000)/` dates, exact decimals, JSON bodies without floats."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CENT = Decimal("0.01")
UNIT4 = Decimal("0.0001")
# Decimals travel through json.dumps as marked strings, then lose their quotes: exact numbers
# without ever becoming floats.
_MARK = "\u0000dec:"
_MARKED = re.compile(r'"\\u0000dec:(-?[0-9]+(?:\.[0-9]+)?)"')


def parse_instant(value: Any) -> datetime | None:
    """An aware UTC datetime from `/Date(ms[±HHMM])/` or ISO text; None when blank."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = _MS_DATE.match(text)
    if match:
        return _EPOCH + timedelta(milliseconds=int(match.group(1)))
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_day(value: Any) -> str | None:
    """A date-only field as ISO `YYYY-MM-DD` (Xero sends midnight UTC of that day)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = _MS_DATE.match(text)
    if match:
        moment = _EPOCH + timedelta(milliseconds=int(match.group(1)))
        if match.group(2):  # the offset says which wall-clock day was meant
            sign = 1 if match.group(2)[0] == "+" else -1
            hours, minutes = int(match.group(2)[1:3]), int(match.group(2)[3:5])
            moment += sign * timedelta(hours=hours, minutes=minutes)
        return moment.date().isoformat()
    return date.fromisoformat(text[:10]).isoformat()


def if_modified_since(moment: datetime) -> str:
    """The If-Modified-Since header in the spec's ISO form, to the millisecond."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+00:00"


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _plain(value: Decimal) -> str:
    """Plain notation, never an exponent, and never a negative zero."""
    return format(abs(value) if value == 0 else value, "f")


def money(value: Any) -> str | None:
    """An amount as a canonical string with two places ("12.50")."""
    number = to_decimal(value)
    return None if number is None else _plain(number.quantize(CENT, rounding=ROUND_HALF_UP))


def unit_price(value: Any) -> str | None:
    """A unit price to at most four places, at least two ("1250.00", "12.3456")."""
    number = to_decimal(value)
    if number is None:
        return None
    number = number.quantize(UNIT4, rounding=ROUND_HALF_UP)
    trimmed = number.normalize()
    if -trimmed.as_tuple().exponent < 2:  # type: ignore[operator]
        trimmed = number.quantize(CENT)
    return _plain(trimmed)


def number(value: Any) -> str | None:
    """A quantity or rate without trailing zeros ("2", "1.5", "10")."""
    value = to_decimal(value)
    if value is None:
        return None
    if value == value.to_integral_value():
        return _plain(value.quantize(Decimal(1)))
    return _plain(value.normalize())


def encode(body: Any) -> bytes:
    """JSON for a request body; Decimals become JSON numbers written exactly."""

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{_MARK}{_plain(value)}"
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"cannot send {type(value).__name__} to Xero")

    text = json.dumps(body, default=default, separators=(",", ":"))
    return _MARKED.sub(r"\1", text).encode("utf-8")


def dec(value: Any) -> Decimal | None:
    """A canonical decimal string as a Decimal for a request body."""
    return to_decimal(value)
