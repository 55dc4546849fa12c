"""vtiger's value formats (every value a string) to canonical ones and back.

Amounts come back with eight decimals ("89.95000000") and quantities with three; the
canonical side keeps them short and stable ("89.95", "2") so that what vtiger echoes back
hashes the same as what the hub sent.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError
from marshmallow.validate import Email

CENT = Decimal("0.01")
_EMAIL = Email()
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_EMPTY_REFERENCES = ("", "0", None)


def text(value: Any) -> str | None:
    """A text value, or None for vtiger's empty string."""
    if value is None:
        return None
    cleaned = str(value).strip()
    return cleaned or None


def decimal(value: Any) -> Decimal | None:
    """A numeric string as a Decimal; empty or unreadable is None."""
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def number(value: Decimal | None) -> str | None:
    """A Decimal in plain notation without trailing zeros: 2.000 -> "2", 1.50 -> "1.5"."""
    if value is None:
        return None
    normal = value.normalize()
    if normal == 0:
        return "0"
    return format(normal, "f")


def money(value: Any) -> str | None:
    """An amount with two decimals when that is exact ("89.95"), else as many as it needs."""
    amount = decimal(value)
    if amount is None:
        return None
    if amount == amount.quantize(CENT):
        return cents(amount)
    return number(amount)


def cents(amount: Decimal) -> str:
    """An amount rounded half-up to cents, as documents total it."""
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return format(abs(rounded) if rounded == 0 else rounded, "f")


def round_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def quantity(value: Any) -> str | None:
    return number(decimal(value))


def flag(value: Any) -> bool:
    return str(value or "").strip() == "1"


def date(value: Any) -> str | None:
    """A vtiger date ("2024-03-04", or a datetime) as an ISO date, else None."""
    found = text(value)
    if found is None or not re.match(r"^\d{4}-\d{2}-\d{2}", found):
        return None
    return found[:10] if found[:10] != "0000-00-00" else None


def timestamp(value: Any) -> datetime | None:
    """modifiedtime ("2024-03-04 10:00:00", UTC under vtiger 7's default config)."""
    found = text(value)
    if found is None:
        return None
    try:
        return datetime.strptime(found, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def reference(value: Any) -> str | None:
    """A reference field: a ws id, or None (vtiger reads dangling references as null)."""
    return None if value in _EMPTY_REFERENCES else str(value)


def email(value: Any) -> str | None:
    """An address the canonical model accepts; vtiger stores whatever was typed."""
    found = text(value)
    if found is None:
        return None
    try:
        _EMAIL(found)
    except ValidationError:
        return None
    return found


def country_code(value: str | None) -> str | None:
    return value if value and _COUNTRY.match(value) else None


def out(value: Any) -> str:
    """A canonical value as vtiger takes it: None clears the field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
