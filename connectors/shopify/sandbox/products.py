"""Product endpoints (REST products are deprecated but still served to custom apps)."""

from __future__ import annotations

from typing import Any

from flask import Response, g

from . import filters, paging
from .api import body, bp, empty, find, needs, reply, store
from .product_data import create_product, delete_product, render_product, update_product

PRODUCT_DEPRECATION = (
    "https://shopify.dev/changelog/deprecation-timelines-related-to-new-graphql-product-apis"
)


def mark_deprecated() -> None:
    """REST products/variants are deprecated from 2024-04; say so like Shopify does."""
    if g.get("api_version", "") >= "2024-04":
        g.deprecated_reason = PRODUCT_DEPRECATION


def _preds(params: dict[str, str]) -> list[filters.Predicate]:
    tz = store().tz
    preds = filters.common(params, tz) + filters.time_range(params, "published_at", tz)
    for param in ("vendor", "product_type", "handle", "status", "title"):
        preds += filters.one_of(params, param, param)
    published = params.get("published_status")
    if published == "published":
        preds.append(lambda r: r["published_at"] is not None)
    elif published == "unpublished":
        preds.append(lambda r: r["published_at"] is None)
    return preds


def _render(product: dict[str, Any]) -> dict[str, Any]:
    return render_product(product)


@bp.get("/products.json")
@needs("products")
def list_products() -> Response:
    mark_deprecated()
    shop = store()
    return paging.list_response(shop.products, "products", _preds, _render, shop)


@bp.get("/products/count.json")
@needs("products")
def count_products() -> Response:
    mark_deprecated()
    return paging.count_response(store().products, _preds(paging.request_filters()))


@bp.get("/products/<int:ident>.json")
@needs("products")
def get_product(ident: int) -> Response:
    mark_deprecated()
    return reply("product", _render(find("products", ident)))


@bp.post("/products.json")
@needs("products")
def post_product() -> Response:
    mark_deprecated()
    return reply("product", _render(create_product(store(), body("product"))), 201)


@bp.put("/products/<int:ident>.json")
@needs("products")
def put_product(ident: int) -> Response:
    mark_deprecated()
    product = find("products", ident)
    update_product(store(), product, body("product"))
    return reply("product", _render(product))


@bp.delete("/products/<int:ident>.json")
@needs("products")
def delete_product_view(ident: int) -> Response:
    mark_deprecated()
    delete_product(store(), find("products", ident))
    return empty()
