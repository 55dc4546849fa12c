"""Rules applied before writing to Shopify; each one that drops or changes data leaves a note.

- An organization is not a Shopify customer: it is shared as the `company` written on its
  people's default addresses (no API call), since REST has no company records.
- A supplier that is not also a customer is not sent (Shopify customers buy from the shop).
- A customer has one email and one phone: further ones are left out.
- Phones go only in international form (`+` and 7 to 15 digits), which Shopify requires.
- An item that is not sold (is_sold false) is not listed in the shop.
- An item without a sale price goes at 0.00, Shopify's default.
- Prices go as they are: when the item's tax treatment differs from the shop's, it is noted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hub.sdk.connector import Notes
from hub.sdk.errors import SkipRecord

_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_PHONE_NOISE = re.compile(r"[\s().-]")


def international(number: str) -> str | None:
    """The number in E.164 form ("+61 2 9999 0000" -> "+61299990000"), or None."""
    compact = _PHONE_NOISE.sub("", number)
    return compact if _E164.match(compact) else None


def prepare_contact(data: dict[str, Any], notes: Notes, key: str) -> dict[str, Any]:
    if data.get("kind") == "ORGANIZATION":
        notes.add(
            "contacts",
            key,
            "Shopify has no company records: this organization is shared as the company on "
            "its people's addresses, not created as a customer.",
        )
        return data
    if data.get("is_supplier") and data.get("is_customer") is False:
        raise SkipRecord("A supplier who is not a customer is not sent to Shopify.")
    data = dict(data)
    emails = data.get("emails") or []
    if len(emails) > 1:
        primary = next((e for e in emails if e.get("type") == "PRIMARY"), emails[0])
        data["emails"] = [primary]
        dropped = ", ".join(e["address"] for e in emails if e is not primary)
        notes.add("contacts", key, f"Shopify keeps one email per customer; left out: {dropped}.")
    if "phones" in data:
        data["phones"] = _phones(data.get("phones") or [], lambda m: notes.add("contacts", key, m))
    return data


def _phones(phones: list[dict[str, Any]], note: Callable[[str], None]) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for phone in phones:
        raw = " ".join(
            str(p)
            for p in (phone.get("country_code"), phone.get("area_code"), phone.get("number"))
            if p
        )
        number = international(raw) or international(str(phone.get("number") or ""))
        if kept:
            note(f"Shopify keeps one phone per customer; left out: {raw}.")
        elif number is None:
            note(f"Shopify takes phone numbers in international form (+61...); not sent: {raw}.")
        else:
            kept.append({"type": phone.get("type") or "DEFAULT", "number": number})
    return kept


def prepare_item(
    data: dict[str, Any], notes: Notes, key: str, shop: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    if data.get("is_sold") is False:
        raise SkipRecord("An item that is not sold is not listed in the Shopify shop.")
    sale = data.get("sale") or {}
    if sale.get("unit_price") is None:
        notes.add("items", key, "No sale price: the Shopify variant is priced 0.00.")
    inclusive = sale.get("tax_inclusive")
    if inclusive is not None and bool(inclusive) != bool(shop().get("taxes_included")):
        how = "include" if shop().get("taxes_included") else "exclude"
        notes.add(
            "items",
            key,
            f"The shop's prices {how} tax; the price {sale.get('unit_price')} was sent as it is.",
        )
    return data
