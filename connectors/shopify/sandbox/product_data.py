"""Product records: body rules, handles, images, variants replaced as a set, rendering."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Any

from . import errors
from .store import ShopStore
from .variant_data import apply_variant, duplicates, new_variant, render_variant, sync_options
from .wire import gid, split_tags, utcnow

STATUSES = ("active", "draft", "archived")
PRODUCT_KEYS = ("title", "body_html", "vendor", "product_type", "template_suffix",
                "published_scope")  # fmt: skip


def _handle(shop: ShopStore, wanted: str, ident: int) -> str:
    """A URL handle unique in the shop: `rugged-tee`, then `rugged-tee-1`, ..."""
    base = re.sub(r"[^a-z0-9]+", "-", wanted.lower()).strip("-") or "product"
    handle, n = base, 1
    while shop.handles.get(handle, ident) != ident:
        handle, n = f"{base}-{n}", n + 1
    return handle


def _images(shop: ShopStore, product_id: int, items: list[Any], now: datetime) -> list[dict]:
    return [
        {"id": img.get("id") or shop.new_id(), "product_id": product_id, "position": i,
         "src": img.get("src"), "alt": img.get("alt"), "width": 0, "height": 0,
         "variant_ids": img.get("variant_ids", []), "created_at": now, "updated_at": now}
        for i, img in enumerate((x for x in items if isinstance(x, dict)), 1)
    ]  # fmt: skip


def _variants(shop: ShopStore, product: dict[str, Any], items: Any, now: datetime,
              problems: dict[str, list[str]]) -> None:  # fmt: skip
    """Replace the variant set: ids sent back are updated, new ones made, others dropped."""
    items = items or [{}]
    limit = int(shop.config["max_variants"])
    if not isinstance(items, list) or len(items) > limit:
        problems["variants"] = [f"can't have more than {limit} variants through the REST API"]
        raise errors.invalid(problems)
    old = {v["id"]: v for v in product["variants"]}
    variants = []
    for item in (i for i in items if isinstance(i, dict)):
        variant = old.get(item.get("id")) or new_variant(shop, product["id"], now)
        problems.setdefault("variants", []).extend(apply_variant(variant, item))
        variant["updated_at"] = now
        variants.append(variant)
    product["variants"] = variants


def apply_product(shop: ShopStore, product: dict[str, Any], data: dict[str, Any]) -> None:
    """Apply a product body (variants replaced when given) and raise Shopify's 422s."""
    now = utcnow()
    problems: dict[str, list[str]] = {}
    for key in PRODUCT_KEYS:
        if key in data:
            product[key] = data[key]
    if not str(product.get("title") or "").strip():
        problems["title"] = ["can't be blank"]
    if "tags" in data:
        product["tags"] = split_tags(data["tags"])
    product["status"] = data.get("status", product["status"])
    if product["status"] not in STATUSES:
        problems["status"] = ["is not included in the list"]
    if "published" in data:
        product["published_at"] = now if data["published"] else None
    if data.get("handle") or not product.get("handle"):
        wanted = str(data.get("handle") or product.get("title") or "")
        product["handle"] = _handle(shop, wanted, product["id"])
    if isinstance(data.get("images"), list):
        product["images"] = _images(shop, product["id"], data["images"], now)
    if "variants" in data or not product["variants"]:
        _variants(shop, product, data.get("variants"), now, problems)
    options = data.get("options") if isinstance(data.get("options"), list) else []
    names = [str(o.get("name")) for o in options if isinstance(o, dict)]
    sync_options(shop, product, names or None)
    problems.setdefault("base", []).extend(duplicates(product))
    problems = {k: v for k, v in problems.items() if v}
    if problems:
        raise errors.invalid(problems)
    product["updated_at"] = now


def _index(shop: ShopStore, product: dict[str, Any], old: dict[str, Any] | None) -> None:
    """Point the variant and handle indexes at the stored product."""
    if old is not None:
        for variant in old["variants"]:
            shop.variant_product.pop(variant["id"], None)
        shop.handles.pop(old["handle"], None)
    if product:
        for variant in product["variants"]:
            shop.variant_product[variant["id"]] = product["id"]
        shop.handles[product["handle"]] = product["id"]


def create_product(shop: ShopStore, data: dict[str, Any]) -> dict[str, Any]:
    now = utcnow()
    product: dict[str, Any] = {
        "id": shop.new_id(), "title": None, "body_html": None,
        "vendor": shop.settings.get("name"), "product_type": "", "handle": "",
        "status": "active", "tags": "", "published_at": now, "published_scope": "web",
        "template_suffix": None, "options": [], "images": [], "variants": [],
        "created_at": now, "updated_at": now,
    }  # fmt: skip
    apply_product(shop, product, data)
    shop.products.add(product)
    _index(shop, product, None)
    shop.emit("products/create", lambda: render_product(product))
    return product


def replace_product(shop: ShopStore, product: dict[str, Any], candidate: dict[str, Any]) -> None:
    """Store a validated, changed copy in place of the product and announce the update."""
    old = copy.deepcopy(product)
    product.clear()
    product.update(candidate)
    _index(shop, product, old)
    shop.emit("products/update", lambda: render_product(product))


def update_product(shop: ShopStore, product: dict[str, Any], data: dict[str, Any]) -> None:
    candidate = copy.deepcopy(product)
    apply_product(shop, candidate, data)
    replace_product(shop, product, candidate)


def delete_product(shop: ShopStore, product: dict[str, Any]) -> None:
    shop.products.remove(product["id"])
    _index(shop, {}, product)
    shop.emit("products/delete", {"id": product["id"]})


def render_product(product: dict[str, Any]) -> dict[str, Any]:
    out = dict(product)
    out["variants"] = [render_variant(v) for v in product["variants"]]
    out["options"] = [dict(o, values=list(o["values"])) for o in product["options"]]
    out["images"] = [dict(i) for i in product["images"]]
    out["image"] = out["images"][0] if out["images"] else None
    out["admin_graphql_api_id"] = gid("Product", product["id"])
    return out
