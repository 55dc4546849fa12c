"""Reading request values: key casing, text limits, decimals, booleans, dates, money."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from . import dates
from .errors import Invalid

CENT = Decimal("0.01")
UNIT4 = Decimal("0.0001")
MAX_LINE_AMOUNT = Decimal("9999999999.99")


def canonical_key(key: str) -> str:
    """Xero reads field names without regard to case; the sandbox stores PascalCase.

    camelCase (`lineItems`, `contactId`) is the common variant, so capitalising the first
    letter and spelling a trailing `Id` as `ID` covers what clients send.
    """
    if not key:
        return key
    key = key[0].upper() + key[1:]
    if key.endswith("Id"):
        key = key[:-2] + "ID"
    return key


def normalize(value: Any) -> Any:
    if isinstance(value, dict):
        return {canonical_key(k): normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def unit(value: Decimal, places: Decimal = UNIT4) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def text(value: Any, label: str, limit: int | None = None) -> str | None:
    """A string field; numbers are accepted as their text, as Xero's deserialiser does."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, dict | list):
        raise Invalid(f"The {label} value is invalid.")
    result = str(value)
    if limit is not None and len(result) > limit:
        raise Invalid(f"{label} must not be more than {limit} characters long.")
    return result


def decimal(value: Any, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Invalid(f"The {label} value '{value}' is invalid.")
    try:
        result = Decimal(str(value))
    except InvalidOperation as error:
        raise Invalid(f"The {label} value '{value}' is invalid.") from error
    if not result.is_finite():
        raise Invalid(f"The {label} value '{value}' is invalid.")
    return result


def boolean(value: Any, label: str) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise Invalid(f"The {label} value '{value}' is invalid.")


def a_date(value: Any, label: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return dates.parse_date(value)
    except (ValueError, TypeError) as error:
        raise Invalid(f"The {label} '{value}' is not a valid date.") from error


def one_of(value: Any, allowed: tuple[str, ...], label: str) -> str | None:
    if value is None:
        return None
    text_value = str(value)
    for option in allowed:
        if option.casefold() == text_value.casefold():
            return option
    raise Invalid(f"'{text_value}' is not a valid value for {label}.")


_UUID = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")


def an_id(value: Any) -> str | None:
    """A uuid in canonical lower-case form; None for blanks and the zero uuid."""
    if value is None or value == "":
        return None
    text_value = str(value).strip()
    if not _UUID.match(text_value):
        return text_value.lower()  # unknown either way; the caller reports it as not found
    parsed = uuid.UUID(text_value)
    return None if parsed.int == 0 else str(parsed)


def quantity_text(value: Decimal) -> str:
    """Quantities in messages carry four places: `'-1.0000'`."""
    return f"{value:.4f}"


def amount_text(value: Decimal) -> str:
    return f"{money(value):.2f}"
