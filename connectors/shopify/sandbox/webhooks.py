"""Webhook subscriptions: `/webhooks.json` list, count, get, create, update, delete."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Response, g

from . import errors, filters, paging
from .api import body, bp, empty, find, reply, store
from .store import ShopStore
from .wire import gid, utcnow

# Topic -> the read scope a subscriber needs (None: any app may subscribe).
TOPICS: dict[str, str | None] = {
    **{
        f"orders/{t}": "read_orders"
        for t in (
            "create",
            "updated",
            "paid",
            "cancelled",
            "fulfilled",
            "partially_fulfilled",
            "delete",
        )
    },
    "order_transactions/create": "read_orders",
    "refunds/create": "read_orders",
    **{
        f"customers/{t}": "read_customers"
        for t in ("create", "update", "delete", "enable", "disable")
    },
    **{f"products/{t}": "read_products" for t in ("create", "update", "delete")},
    "app/uninstalled": None,
    "shop/update": None,
}
SHOWN = (
    "id",
    "address",
    "topic",
    "format",
    "fields",
    "metafield_namespaces",
    "private_metafield_namespaces",
    "api_version",
    "created_at",
    "updated_at",
)


def render_webhook(record: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: record[k] for k in SHOWN},
        "admin_graphql_api_id": gid("WebhookSubscription", record["id"]),
    }


def _validate(shop: ShopStore, record: dict[str, Any]) -> None:
    problems: dict[str, list[str]] = {}
    topic = record.get("topic")
    if topic not in TOPICS:
        problems["topic"] = [
            f"Invalid topic specified: {topic}. Topics allowed: " + ", ".join(sorted(TOPICS))
        ]
    elif TOPICS[topic] and not g.token.allows(str(TOPICS[topic])):
        problems["topic"] = [
            f"Invalid topic specified: {topic}. Your app needs {TOPICS[topic]} access"
        ]
    address = str(record.get("address") or "")
    schemes = ("https", "http") if shop.config["webhook_allow_http"] else ("https",)
    parts = urlsplit(address)
    if not address:
        problems["address"] = ["can't be blank"]
    elif parts.scheme not in schemes or not parts.netloc:
        problems["address"] = ["is invalid"]
    elif any(
        w["address"] == address and w["topic"] == topic and w["id"] != record["id"]
        for w in shop.webhooks.records.values()
    ):
        problems["address"] = ["for this topic has already been taken"]
    if record.get("format") not in ("json", "xml"):
        problems["format"] = ["is not included in the list"]
    if problems:
        raise errors.invalid(problems)


def _apply(record: dict[str, Any], data: dict[str, Any]) -> None:
    for key in ("address", "topic", "format"):
        if key in data:
            record[key] = data[key]
    for key in ("fields", "metafield_namespaces", "private_metafield_namespaces"):
        if key in data:
            record[key] = list(data[key] or [])


def _preds(params: dict[str, str]) -> list[filters.Predicate]:
    preds = filters.common(params, store().tz)
    if params.get("address"):
        preds.append(lambda w: w["address"] == params["address"])
    if params.get("topic"):
        preds.append(lambda w: w["topic"] == params["topic"])
    return preds


@bp.get("/webhooks.json")
def list_webhooks() -> Response:
    shop = store()
    return paging.list_response(shop.webhooks, "webhooks", _preds, render_webhook, shop)


@bp.get("/webhooks/count.json")
def count_webhooks() -> Response:
    return paging.count_response(store().webhooks, _preds(paging.request_filters()))


@bp.get("/webhooks/<int:ident>.json")
def get_webhook(ident: int) -> Response:
    return reply("webhook", render_webhook(find("webhooks", ident)))


@bp.post("/webhooks.json")
def post_webhook() -> Response:
    shop, now = store(), utcnow()
    record: dict[str, Any] = {
        "id": shop.new_id(),
        "address": None,
        "topic": None,
        "format": "json",
        "fields": [],
        "metafield_namespaces": [],
        "private_metafield_namespaces": [],
        "api_version": g.api_version,
        "created_at": now,
        "updated_at": now,
    }
    _apply(record, body("webhook"))
    _validate(shop, record)
    shop.webhooks.add(record)
    return reply("webhook", render_webhook(record), 201)


@bp.put("/webhooks/<int:ident>.json")
def put_webhook(ident: int) -> Response:
    shop = store()
    record = find("webhooks", ident)
    candidate = dict(record)
    _apply(candidate, body("webhook"))
    _validate(shop, candidate)
    record.update(candidate, updated_at=utcnow())
    return reply("webhook", render_webhook(record))


@bp.delete("/webhooks/<int:ident>.json")
def delete_webhook(ident: int) -> Response:
    find("webhooks", ident)
    store().webhooks.remove(ident)
    return empty()
