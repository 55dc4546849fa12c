"""Product variants: nested under a product and at /variants/{id} (ShopifyAPI uses both)."""

from __future__ import annotations

import copy
from typing import Any

from flask import Response

from . import errors, filters, paging
from .api import body, bp, empty, needs, reply, store
from .product_data import replace_product
from .products import mark_deprecated
from .store import Collection, ShopStore
from .variant_data import apply_variant, duplicates, new_variant, render_variant, sync_options
from .wire import utcnow


def _product(ident: int) -> dict[str, Any]:
    product = store().products.get(ident)
    if product is None:
        raise errors.not_found()
    return product


def _locate(variant_id: int, product_id: int | None = None) -> tuple[dict, dict]:
    shop = store()
    owner = shop.variant_product.get(variant_id)
    if owner is None or (product_id is not None and owner != product_id):
        raise errors.not_found()
    product = _product(owner)
    variant = next(v for v in product["variants"] if v["id"] == variant_id)
    return product, variant


def _field_errors(problems: list[str]) -> errors.ApiError:
    """`price is not a number` -> {"price": ["is not a number"]}."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        field, _, message = problem.partition(" ")
        grouped.setdefault(field, []).append(message)
    return errors.invalid(grouped)


def _commit(shop: ShopStore, product: dict[str, Any], candidate: dict[str, Any]) -> None:
    """Validate a changed copy of the product, then store it and announce the update."""
    if len(candidate["variants"]) > int(shop.config["max_variants"]):
        raise errors.invalid_field(
            "base", f"Product can't have more than {shop.config['max_variants']} variants"
        )
    sync_options(shop, candidate, None)
    found = duplicates(candidate)
    if found:
        raise errors.invalid({"base": found})
    candidate["updated_at"] = utcnow()
    replace_product(shop, product, candidate)


def _preds(params: dict[str, str]) -> list[filters.Predicate]:
    return filters.common(params, store().tz)


@bp.get("/products/<int:product_id>/variants.json")
@needs("products")
def list_variants(product_id: int) -> Response:
    mark_deprecated()
    variants = Collection()
    for variant in _product(product_id)["variants"]:
        variants.add(variant)
    return paging.list_response(variants, "variants", _preds, render_variant, store())


@bp.get("/products/<int:product_id>/variants/count.json")
@needs("products")
def count_variants(product_id: int) -> Response:
    mark_deprecated()
    variants = Collection()
    for variant in _product(product_id)["variants"]:
        variants.add(variant)
    return paging.count_response(variants, _preds(paging.request_filters()))


@bp.get("/variants/<int:ident>.json")
@bp.get("/products/<int:product_id>/variants/<int:ident>.json")
@needs("products")
def get_variant(ident: int, product_id: int | None = None) -> Response:
    mark_deprecated()
    _, variant = _locate(ident, product_id)
    return reply("variant", render_variant(variant))


@bp.post("/products/<int:product_id>/variants.json")
@needs("products")
def post_variant(product_id: int) -> Response:
    mark_deprecated()
    shop = store()
    product = _product(product_id)
    candidate = copy.deepcopy(product)
    variant = new_variant(shop, product_id, utcnow())
    problems = apply_variant(variant, body("variant"))
    if problems:
        raise _field_errors(problems)
    candidate["variants"].append(variant)
    _commit(shop, product, candidate)
    return reply("variant", render_variant(variant), 201)


@bp.put("/variants/<int:ident>.json")
@bp.put("/products/<int:product_id>/variants/<int:ident>.json")
@needs("products")
def put_variant(ident: int, product_id: int | None = None) -> Response:
    mark_deprecated()
    shop = store()
    product, _ = _locate(ident, product_id)
    candidate = copy.deepcopy(product)
    variant = next(v for v in candidate["variants"] if v["id"] == ident)
    problems = apply_variant(variant, body("variant"))
    if problems:
        raise _field_errors(problems)
    variant["updated_at"] = utcnow()
    _commit(shop, product, candidate)
    return reply("variant", render_variant(variant))


@bp.delete("/variants/<int:ident>.json")
@bp.delete("/products/<int:product_id>/variants/<int:ident>.json")
@needs("products")
def delete_variant(ident: int, product_id: int | None = None) -> Response:
    mark_deprecated()
    shop = store()
    product, _ = _locate(ident, product_id)
    if len(product["variants"]) == 1:
        raise errors.invalid_field("base", "Cannot delete the last variant of a product")
    candidate = copy.deepcopy(product)
    candidate["variants"] = [v for v in candidate["variants"] if v["id"] != ident]
    _commit(shop, product, candidate)
    return empty()
