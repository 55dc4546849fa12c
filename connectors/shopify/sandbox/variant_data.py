"""Variant records: defaults, body rules, option values and titles."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .store import ShopStore
from .wire import Number, gid, money, number

VARIANT_KEYS = ("sku", "barcode", "grams", "weight_unit", "inventory_management",
                "inventory_policy", "fulfillment_service", "requires_shipping", "taxable",
                "tax_code", "option1", "option2", "option3", "image_id",
                "inventory_quantity")  # fmt: skip


def new_variant(shop: ShopStore, product_id: int, now: datetime) -> dict[str, Any]:
    ident = shop.new_id()
    return {
        "id": ident, "product_id": product_id, "title": "Default Title", "price": money("0"),
        "compare_at_price": None, "sku": "", "position": 1, "inventory_policy": "deny",
        "fulfillment_service": "manual", "inventory_management": None, "option1": None,
        "option2": None, "option3": None, "taxable": True, "tax_code": None, "barcode": None,
        "grams": 0, "weight": Number("0"), "weight_unit": "kg", "image_id": None,
        "inventory_item_id": shop.new_id(), "inventory_quantity": 0,
        "old_inventory_quantity": 0, "requires_shipping": True, "created_at": now,
        "updated_at": now,
    }  # fmt: skip


def apply_variant(variant: dict[str, Any], data: dict[str, Any]) -> list[str]:
    """Copy a variant body onto a record; return problems such as `price is not a number`."""
    problems = []
    for key in VARIANT_KEYS:
        if key in data:
            variant[key] = data[key]
    for key, parse in (("price", money), ("compare_at_price", money), ("weight", number)):
        if key not in data:
            continue
        empty = None if key == "compare_at_price" else parse("0")
        try:
            variant[key] = parse(data[key]) if data[key] not in (None, "") else empty
        except ValueError:
            problems.append(f"{key} is not a number")
            continue
        if variant[key] is not None and variant[key] < 0:
            problems.append(f"{key} must be greater than or equal to 0")
    variant["old_inventory_quantity"] = variant["inventory_quantity"]
    return problems


def sync_options(shop: ShopStore, product: dict[str, Any], names: list[str] | None) -> None:
    """Rebuild `options` from the variants' option values, and each variant's title."""
    old = product.get("options") or []
    names = names or [o["name"] for o in old] or ["Title"]
    for position, variant in enumerate(product["variants"], start=1):
        variant["position"] = position
        if variant["option1"] is None:
            variant["option1"] = "Default Title"
        values = [variant[f"option{i}"] for i in (1, 2, 3) if variant[f"option{i}"]]
        variant["title"] = " / ".join(str(v) for v in values)
    options = []
    for index, name in enumerate(names[:3], start=1):
        key = f"option{index}"
        values = [str(v[key]) for v in product["variants"] if v[key] is not None]
        options.append({
            "id": old[index - 1]["id"] if index <= len(old) else shop.new_id(),
            "product_id": product["id"], "name": name, "position": index,
            "values": list(dict.fromkeys(values)),
        })  # fmt: skip
    product["options"] = options


def duplicates(product: dict[str, Any]) -> list[str]:
    """Two variants may not share the same option values."""
    seen: set[tuple[Any, ...]] = set()
    found = []
    for variant in product["variants"]:
        combo = (variant["option1"], variant["option2"], variant["option3"])
        if combo in seen:
            found.append(f"The variant '{variant['title']}' already exists.")
        seen.add(combo)
    return found


def render_variant(variant: dict[str, Any]) -> dict[str, Any]:
    return {**variant, "admin_graphql_api_id": gid("ProductVariant", variant["id"])}
