"""Shared mapping helpers: Shopify money strings, timestamps, addresses and composite ids."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
COMPANY = "company:"  # external ids of the organizations named on customers' addresses
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def money(value: Any) -> Decimal:
    """A Shopify amount ("409.94", or a number) as a 2-place Decimal; missing is 0.00."""
    if value is None or value == "":
        return ZERO
    if isinstance(value, float):
        value = repr(value)  # exact digits of what the JSON said, not the binary float
    try:
        return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None


def text(amount: Decimal) -> str:
    """A canonical money string: plain notation, two places."""
    return format(amount.quantize(CENT, rounding=ROUND_HALF_UP), "f")


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def instant(value: str | None) -> datetime | None:
    """An ISO timestamp with the shop's offset, as an aware UTC datetime."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def local_date(value: str | None) -> str | None:
    """The calendar date in the shop's own offset (an order placed at 23:30 in Ottawa is
    dated that day, not the next UTC day)."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()


def external(value: Any) -> str | None:
    """A Shopify integer id as the string the hub links it by."""
    return None if value in (None, "") else str(value)


def pair(parent: Any, child: Any) -> str:
    """`<order id>:<id>` for transactions and refunds: Shopify only reads them by order."""
    return f"{parent}:{child}"


def split_pair(value: str) -> tuple[str, str] | None:
    parent, sep, child = value.partition(":")
    return (parent, child) if sep and parent.isdigit() and child.isdigit() else None


def company_name(value: Any) -> str | None:
    """A company as written on an address, with whitespace tidied; None when blank."""
    name = _SPACE.sub(" ", str(value or "")).strip()
    return name or None


def company_id(name: str) -> str:
    return COMPANY + name


def plain(body_html: str | None) -> str | None:
    """Product descriptions are HTML in Shopify and plain text in the hub."""
    if not body_html:
        return None
    return html.unescape(_TAGS.sub("", body_html)).strip() or None


def as_html(description: str | None) -> str:
    return f"<p>{html.escape(description)}</p>" if description else ""


def tags(value: Any) -> list[str]:
    return [t.strip() for t in str(value or "").split(",") if t.strip()]


def address_to_canonical(address: dict[str, Any], kind: str) -> dict[str, Any]:
    """A Shopify address (customer or order) as a canonical address of type `kind`."""
    lines = [str(v) for v in (address.get("address1"), address.get("address2")) if v]
    code = str(address.get("country_code") or "").upper()
    name = address.get("name") or " ".join(
        str(v) for v in (address.get("first_name"), address.get("last_name")) if v
    )
    return {
        "type": kind,
        "lines": lines,
        "city": address.get("city") or None,
        "region": address.get("province") or None,
        "postal_code": address.get("zip") or None,
        "country": address.get("country") or None,
        "country_code": code if re.fullmatch(r"[A-Z]{2}", code) else None,
        "attention_to": name or None,
    }


def address_from_canonical(address: dict[str, Any]) -> dict[str, Any]:
    lines = [str(v) for v in address.get("lines") or [] if v]
    result: dict[str, Any] = {
        "address1": lines[0] if lines else None,
        "address2": ", ".join(lines[1:]) or None,
        "city": address.get("city"),
        "province": address.get("region"),
        "zip": address.get("postal_code"),
        "country": address.get("country"),
        "country_code": address.get("country_code"),
    }
    attention = address.get("attention_to")
    if attention:
        first, _, last = str(attention).rpartition(" ")
        result["first_name"], result["last_name"] = (first or None), last
    return result
