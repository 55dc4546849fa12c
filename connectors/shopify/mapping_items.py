"""Product variants <-> items: each variant is one item (its SKU the code), named
"Product - Variant" when the product has variants, else after the product."""

from __future__ import annotations

import re
from typing import Any

from .mapping_common import as_html, external, money, plain, text

DEFAULT_TITLE = "Default Title"  # the title of the only variant of a product without options


def item_name(product: dict[str, Any], variant: dict[str, Any]) -> str:
    title = str(product.get("title") or "").strip()
    variant_title = str(variant.get("title") or "").strip()
    if not variant_title or variant_title == DEFAULT_TITLE:
        return title or variant_title or f"Variant {variant.get('id')}"
    return f"{title} - {variant_title}" if title else variant_title


def variant_to_item(
    product: dict[str, Any], variant: dict[str, Any], shop: dict[str, Any]
) -> dict[str, Any]:
    """One variant as a canonical item; `shop` is /shop.json (currency, taxes_included)."""
    data: dict[str, Any] = {
        "code": variant.get("sku") or None,
        "name": item_name(product, variant),
        "description": plain(product.get("body_html")),
        # Nothing to ship (a download, a booking) is the nearest Shopify has to a service.
        "type": "PRODUCT" if variant.get("requires_shipping", True) else "SERVICE",
        "category": product.get("product_type") or None,
        "barcode": variant.get("barcode") or None,
        "status": "ARCHIVED" if product.get("status") == "archived" else "ACTIVE",
        "is_sold": True,
        "sale": {
            "unit_price": text(money(variant.get("price"))),
            "currency": shop.get("currency") or None,
            "tax_inclusive": bool(shop.get("taxes_included")),
        },
    }
    if variant.get("inventory_management") == "shopify":
        # Only when Shopify counts the stock; otherwise the figure means nothing.
        data["quantity_on_hand"] = str(int(variant.get("inventory_quantity") or 0))
    return data


def product_items(
    product: dict[str, Any], shop: dict[str, Any]
) -> list[tuple[str, dict[str, Any], str]]:
    """(variant id, item, label) for every variant of a product."""
    found = []
    for variant in product.get("variants") or []:
        ident = external(variant.get("id"))
        if ident is not None:
            found.append(
                (ident, variant_to_item(product, variant, shop), item_name(product, variant))
            )
    return found


def variant_body(data: dict[str, Any]) -> dict[str, Any]:
    """The variant-level fields of an item (SKU, price, barcode, shipping)."""
    body: dict[str, Any] = {}
    if "code" in data:
        body["sku"] = data.get("code") or ""
    sale = data.get("sale") or {}
    if sale.get("unit_price") is not None:
        body["price"] = sale["unit_price"]
    if "barcode" in data:
        body["barcode"] = data.get("barcode")
    if data.get("type"):
        body["requires_shipping"] = data["type"] != "SERVICE"
    return body


def product_body(data: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    """The product-level fields of an item; `title` overrides the item's name."""
    body: dict[str, Any] = {}
    name = title if title is not None else data.get("name") or data.get("code")
    if name:
        body["title"] = name
    if "description" in data:
        body["body_html"] = as_html(data.get("description"))
    if "category" in data:
        body["product_type"] = data.get("category") or ""
    if data.get("status"):
        body["status"] = "archived" if data["status"] == "ARCHIVED" else "active"
    return body


def product_title(data: dict[str, Any], variant: dict[str, Any]) -> str | None:
    """The product title an item's name implies: "Tee - Large" names product "Tee" when
    "Large" is the variant's title."""
    name = str(data.get("name") or data.get("code") or "").strip()
    variant_title = str(variant.get("title") or "")
    suffix = f" - {variant_title}"
    if variant_title and variant_title != DEFAULT_TITLE and name.endswith(suffix):
        return name[: -len(suffix)] or name
    return name or None


def handle_for(title: str) -> str:
    """The URL handle Shopify derives from a new product's title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def changed(current: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The fields of `wanted` that differ from what Shopify holds."""
    out = {}
    for key, value in wanted.items():
        have = current.get(key)
        if key == "price" and have is not None and value is not None:
            if money(have) == money(value):
                continue
        elif key == "body_html" and plain(have) == plain(value):
            continue
        elif (have or None) == (value or None):
            continue
        out[key] = value
    return out
