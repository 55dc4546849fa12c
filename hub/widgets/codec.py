"""Values as the projection tables store them, written without SQLAlchemy's per-value work.

The store's hook inserts projection rows straight through the driver (see projection.py),
so the values must already be in the storage form `hub.models.widgets.Fixed` reads back:

- SQLite: amounts as integers scaled by 10**scale, dates as ISO text (what SQLAlchemy's
  Date writes there);
- PostgreSQL: decimal strings and ISO dates passed as they are; psycopg sends them untyped
  and the server casts them to NUMERIC and DATE.

`num` gives a value that adds up in that form (int on SQLite, Decimal on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SCALE = 4  # money, quantities and hours: hub.models.widgets.MONEY / QUANTITY
_PADS = tuple("0" * (SCALE - n) for n in range(SCALE + 1))


def _scaled(value: Any) -> int | None:
    """ "12.5" -> 125000 without a Decimal on the common path (at most SCALE places)."""
    if value is None:
        return None
    text = value if type(value) is str else str(value)
    whole, _, fraction = text.partition(".")
    places = len(fraction)
    if places <= SCALE:
        return int(whole + fraction + _PADS[places])
    return int(Decimal(text).scaleb(SCALE).to_integral_value(ROUND_HALF_UP))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _as_is(value: Any) -> Any:
    return value


def _scaled_decimal(value: Decimal | None) -> int | None:
    if value is None:
        return None
    return int(value.scaleb(SCALE).to_integral_value(ROUND_HALF_UP))


@dataclass(frozen=True)
class Codec:
    """How one backend stores projected values."""

    money: Callable[[Any], Any]  # a decimal string (or None) to its stored form
    num: Callable[[Any], Any]  # a decimal string to a value that adds up as stored
    from_decimal: Callable[[Decimal | None], Any]  # a computed Decimal to its stored form
    summable: Callable[[Any], Any]  # a stored form (or None) to one that adds up (0 for None)
    placeholder: str  # the driver's parameter marker


def _int_or_zero(value: Any) -> int:
    return value or 0


def _decimal_or_zero(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(value)


SQLITE = Codec(_scaled, _scaled, _scaled_decimal, _int_or_zero, "?")
POSTGRESQL = Codec(_as_is, _decimal, _as_is, _decimal_or_zero, "%s")


def codec_for(dialect_name: str) -> Codec:
    return SQLITE if dialect_name == "sqlite" else POSTGRESQL
