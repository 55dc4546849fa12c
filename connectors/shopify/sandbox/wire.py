"""Wire formats: clock, money strings, timestamps with the shop's offset, GraphQL ids."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")


class Number(Decimal):
    """A Decimal that goes on the wire as a JSON number (tax rates, weights), not as money."""


_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACE_OFFSET = re.compile(r" (\d{2}:\d{2})$")


def utcnow() -> datetime:
    """Now in UTC, whole seconds: what clients see is what filters compare against."""
    return datetime.now(UTC).replace(microsecond=0)


def money(value: Any, default: Decimal | None = None) -> Decimal:
    """Parse a money amount (string or number) into a 2-place Decimal; ValueError if invalid."""
    if value is None or value == "":
        if default is None:
            raise ValueError("missing amount")
        return default
    if isinstance(value, float):
        # JSON clients may send numbers; go through repr to avoid binary-float noise.
        value = repr(value)
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def number(value: Any) -> Number:
    """Parse a non-money decimal (a tax rate, a weight); ValueError if invalid."""
    if isinstance(value, float):
        value = repr(value)
    try:
        result = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return Number(result)


def parse_time(text: str, tz: tzinfo) -> datetime:
    """Parse an ISO timestamp; without an offset it is read in the shop's timezone."""
    text = text.strip()
    if _DATE_ONLY.match(text):
        text += "T00:00:00"
    # An unencoded "+05:00" in a query string arrives as " 05:00".
    text = _SPACE_OFFSET.sub(r"+\1", text).replace("Z", "+00:00")
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC)


def as_int(value: Any) -> int | None:
    """An id or count from a request body, or None when it is not an integer."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def gid(kind: str, ident: int) -> str:
    """The GraphQL Admin id kept next to every numeric id."""
    return f"gid://shopify/{kind}/{ident}"


def dumps(value: Any, tz: tzinfo) -> str:
    """JSON text of stored values: Decimal money as "0.00", datetimes in the shop's offset.

    The C encoder walks the structure and calls back only for these types, which keeps
    large pages cheap.
    """

    def default(obj: Any) -> Any:
        if isinstance(obj, Number):
            # Shopify sends rates and weights as JSON numbers; the digits stay exact.
            return float(obj)
        if isinstance(obj, Decimal):
            return f"{obj.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"
        if isinstance(obj, datetime):
            return obj.astimezone(tz).isoformat()
        raise TypeError(f"cannot encode {type(obj).__name__}")

    return json.dumps(value, default=default, separators=(",", ":"))


def render(value: Any, tz: tzinfo) -> Any:
    """Stored values in their JSON wire form, as Python objects."""
    return json.loads(dumps(value, tz))


def pick_fields(record: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    """Apply the `fields=` parameter: keep only the named top-level keys."""
    if not fields:
        return record
    return {k: v for k, v in record.items() if k in fields}


def money_set(amount: Decimal, currency: str) -> dict[str, Any]:
    """The `*_set` shape: the same amount in shop and presentment money."""
    return {
        "shop_money": {"amount": amount, "currency_code": currency},
        "presentment_money": {"amount": amount, "currency_code": currency},
    }


def split_tags(value: Any) -> str:
    """Normalise tags (list or comma string) to Shopify's `a, b` string."""
    if value is None:
        return ""
    items = value if isinstance(value, list) else str(value).split(",")
    return ", ".join(t.strip() for t in items if str(t).strip())
