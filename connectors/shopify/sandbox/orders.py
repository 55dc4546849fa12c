"""Order endpoints: lists with Shopify's status filters, get, create, update, lifecycle."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Response, g, request

from . import errors, filters, paging
from .api import body, bp, empty, needs, reply, store
from .order_data import cancel_order, create_order, delete_order, touch, update_order
from .order_math import render_order
from .store import ShopStore
from .wire import utcnow

UNPAID = ("pending", "authorized", "partially_paid")


def visible(shop: ShopStore, order: dict[str, Any]) -> bool:
    """Without read_all_orders only the last 60 days of orders can be seen."""
    token = g.get("token")
    if token is None or token.allows("read_all_orders"):
        return True
    horizon = utcnow() - timedelta(days=int(shop.config["orders_visible_days"]))
    return bool(order["created_at"] >= horizon)


def find_order(ident: int) -> dict[str, Any]:
    shop = store()
    order = shop.orders.get(ident)
    if order is None or not visible(shop, order):
        raise errors.not_found()
    return order


def _status(value: str) -> filters.Predicate | None:
    """`status`: open (the default), closed, cancelled or any."""
    if value == "open":
        return lambda o: o["closed_at"] is None and o["cancelled_at"] is None
    if value == "closed":
        return lambda o: o["closed_at"] is not None
    if value == "cancelled":
        return lambda o: o["cancelled_at"] is not None
    return None


def _fulfillment(value: str) -> filters.Predicate | None:
    if value == "unshipped":
        return lambda o: o["fulfillment_status"] is None
    if value == "unfulfilled":
        return lambda o: o["fulfillment_status"] in (None, "partial")
    if value in ("shipped", "partial"):
        target = "fulfilled" if value == "shipped" else "partial"
        return lambda o: o["fulfillment_status"] == target
    return None


def _preds(params: dict[str, str], customer_id: int | None = None) -> list[filters.Predicate]:
    shop = store()
    preds = filters.common(params, shop.tz) + filters.time_range(params, "processed_at", shop.tz)
    preds.append(lambda o: visible(shop, o))
    for pred in (_status(params.get("status", "open")),
                 _fulfillment(params.get("fulfillment_status", "any"))):  # fmt: skip
        if pred is not None:
            preds.append(pred)
    fin = params.get("financial_status", "any")
    if fin != "any":
        wanted = set(UNPAID) if fin == "unpaid" else set(fin.split(","))
        preds.append(lambda o: o["financial_status"] in wanted)
    if customer_id is not None:
        preds.append(lambda o: o["customer_id"] == customer_id)
    return preds


def _render(order: dict[str, Any]) -> dict[str, Any]:
    return render_order(store(), order)


@bp.get("/orders.json")
@needs("orders")
def list_orders() -> Response:
    shop = store()
    return paging.list_response(shop.orders, "orders", _preds, _render, shop)


@bp.get("/orders/count.json")
@needs("orders")
def count_orders() -> Response:
    return paging.count_response(store().orders, _preds(paging.request_filters()))


@bp.get("/customers/<int:customer_id>/orders.json")
@needs("orders")
def customer_orders(customer_id: int) -> Response:
    shop = store()
    if shop.customers.get(customer_id) is None:
        raise errors.not_found()
    return paging.list_response(
        shop.orders, "orders", lambda p: _preds(p, customer_id), _render, shop
    )


@bp.get("/orders/<int:ident>.json")
@needs("orders")
def get_order(ident: int) -> Response:
    return reply("order", _render(find_order(ident)))


@bp.post("/orders.json")
@needs("orders")
def post_order() -> Response:
    return reply("order", _render(create_order(store(), body("order"))), 201)


@bp.put("/orders/<int:ident>.json")
@needs("orders")
def put_order(ident: int) -> Response:
    order = find_order(ident)
    update_order(store(), order, body("order"))
    return reply("order", _render(order))


@bp.delete("/orders/<int:ident>.json")
@needs("orders")
def delete_order_view(ident: int) -> Response:
    delete_order(store(), find_order(ident))
    return empty()


@bp.post("/orders/<int:ident>/close.json")
@bp.post("/orders/<int:ident>/open.json")
@needs("orders")
def close_or_open(ident: int) -> Response:
    order = find_order(ident)
    order["closed_at"] = utcnow() if request.path.endswith("/close.json") else None
    touch(store(), order)
    return reply("order", _render(order))


@bp.post("/orders/<int:ident>/cancel.json")
@needs("orders")
def cancel(ident: int) -> Response:
    order = find_order(ident)
    data = request.get_json(silent=True) if request.is_json else None
    reason = (data or {}).get("reason") or request.args.get("reason") or "other"
    cancel_order(store(), order, str(reason))
    return reply("order", _render(order))
