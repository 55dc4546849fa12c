"""vtiger's rules, applied before a write: what it cannot hold is held back or noted.

Each rule that changes or drops data leaves a note on the run; a record vtiger cannot take
at all raises SkipRecord and waits, with the reason, until it changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from hub.sdk import Notes, SkipRecord

from .documents import EXTRA_LINES, effective_rate

Rule = Callable[[dict[str, Any], Notes, str, Mapping[str, Any]], dict[str, Any]]


def contacts(data: dict[str, Any], notes: Notes, key: str, settings: Mapping[str, Any]) -> dict:
    if data.get("kind") == "ORGANIZATION" and data.get("is_supplier") and data.get("is_customer"):
        notes.add(
            "contacts",
            key,
            "Both a customer and a supplier: shared as a vtiger Organization, so purchase "
            "orders to it cannot be sent (vtiger sends those to Vendors).",
        )
    return data


def items(data: dict[str, Any], notes: Notes, key: str, settings: Mapping[str, Any]) -> dict:
    purchase = data.get("purchase") or {}
    if purchase.get("unit_price") is not None:
        notes.add(
            "items",
            key,
            f"vtiger has no purchase price: {purchase['unit_price']} was not sent.",
        )
    sale = data.get("sale") or {}
    inclusive = bool(settings.get("prices_include_tax"))
    if sale.get("unit_price") is not None and sale.get("tax_inclusive") not in (None, inclusive):
        how = "includes" if sale["tax_inclusive"] else "excludes"
        notes.add(
            "items",
            key,
            f"The sale price {how} tax and vtiger's prices are set to "
            f"{'include' if inclusive else 'exclude'} it: {sale['unit_price']} was sent as is.",
        )
    return data


def invoices(data: dict[str, Any], notes: Notes, key: str, settings: Mapping[str, Any]) -> dict:
    if data.get("type") != "SALES":
        raise SkipRecord("vtiger keeps sales invoices only: supplier bills are not sent to it.")
    _document("invoices", data, notes, key, settings, "An invoice")
    credited = Decimal(str(data.get("amount_credited") or 0))
    if credited:
        notes.add(
            "invoices",
            key,
            f"vtiger has no credit notes: the {credited} credited counts as received, "
            "so its balance is what is still owed.",
        )
    return data


def purchase_orders(
    data: dict[str, Any], notes: Notes, key: str, settings: Mapping[str, Any]
) -> dict:
    _document("purchase_orders", data, notes, key, settings, "A purchase order")
    return data


def _document(
    entity: str,
    data: dict[str, Any],
    notes: Notes,
    key: str,
    settings: Mapping[str, Any],
    what: str,
) -> None:
    if not data.get("contact_id"):
        raise SkipRecord(f"{what} needs a contact in vtiger; this one has none.")
    lines = data.get("lines") or []
    if not lines:
        raise SkipRecord(f"{what} needs at least one line in vtiger; this one has none.")
    inclusive = data.get("line_amount_type") == "INCLUSIVE"
    if inclusive:
        notes.add(
            entity,
            key,
            "vtiger's prices exclude tax: the tax-inclusive prices were sent net of tax, "
            "and vtiger recomputed the totals.",
        )
    service = settings.get("fallback_service")
    loose = [
        str(n)
        for n, line in enumerate(lines, start=1)
        if not line.get("item_id") and line.get("description") not in EXTRA_LINES
    ]
    if loose:
        notes.add(
            entity,
            key,
            f"vtiger needs an item on every line: line(s) {', '.join(loose)} "
            f"went with the service {service!r}.",
        )
    for n, line in enumerate(lines, start=1):
        rate = effective_rate(line, inclusive)
        if rate is not None and rate != rate.quantize(Decimal("0.01")):
            notes.add(
                entity,
                key,
                f"Line {n}: vtiger keeps one tax rate per line; its tax was sent as {rate} %.",
            )


RULES: dict[str, Rule] = {
    "contacts": contacts,
    "items": items,
    "invoices": invoices,
    "purchase_orders": purchase_orders,
}


def prepare(
    entity: str, data: dict[str, Any], notes: Notes, key: str, settings: Mapping[str, Any]
) -> dict[str, Any]:
    rule = RULES.get(entity)
    return rule(data, notes, key, settings) if rule else data
