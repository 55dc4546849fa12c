"""Shopify webhooks: the body's HMAC, what each topic announces, and subscribing to them.

Each delivery is deduplicated by `X-Shopify-Webhook-Id` (the same on every retry). A product
delivery names all of its variants, one event each; those events' ids are the webhook id
and the variant id, so the hub's deduplication keeps every one of them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from typing import Any

from hub.sdk.connector import WebhookEvent

from .client import ShopifyClient
from .mapping_common import pair

# Topics the hub subscribes to, and the entity each one changes.
TOPICS: dict[str, str] = {
    "customers/create": "contacts",
    "customers/update": "contacts",
    "customers/delete": "contacts",
    "products/create": "items",
    "products/update": "items",
    "orders/create": "invoices",
    "orders/updated": "invoices",
    "orders/paid": "invoices",
    "orders/cancelled": "invoices",
    "orders/delete": "invoices",
    "refunds/create": "credit_notes",
    "order_transactions/create": "payments",
}
PAYMENT_KINDS = ("sale", "capture", "refund")


def signature(body: bytes, secret: str) -> str:
    """X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body, keyed by the app secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def verify(
    headers: Mapping[str, str], body: bytes, secrets: Iterable[str], shop: str | None
) -> bool:
    """A valid signature with one of the app's secrets (the old one still signs for an hour
    after a rotation), from the connected shop."""
    given = headers.get("X-Shopify-Hmac-Sha256") or ""
    domain = headers.get("X-Shopify-Shop-Domain")
    if shop and domain and domain.lower() != shop:
        return False  # signed by our app, but for another shop's connection
    return any(
        hmac.compare_digest(signature(body, secret).encode(), given.encode())
        for secret in secrets
        if secret
    )


def parse(headers: Mapping[str, str], body: bytes) -> list[WebhookEvent]:
    """The hub entities a delivery changes; topics the hub does not share give none."""
    topic = headers.get("X-Shopify-Topic") or ""
    webhook_id = headers.get("X-Shopify-Webhook-Id") or ""
    if not webhook_id:
        raise ValueError("X-Shopify-Webhook-Id is missing")
    entity = TOPICS.get(topic)
    if entity is None:
        # products/delete carries only the product id, not its variants' (the items' ids);
        # app/uninstalled and the compliance topics change no shared record.
        return []
    payload: Any = json.loads(body)
    if not isinstance(payload, dict) or "id" not in payload:
        raise ValueError("the payload has no id")
    action = _action(topic)
    if entity == "items":
        return [
            WebhookEvent(f"{webhook_id}:{v['id']}", "items", str(v["id"]), action)
            for v in payload.get("variants") or []
        ]
    if entity == "credit_notes":
        ident = pair(payload["order_id"], payload["id"])
        return [WebhookEvent(webhook_id, entity, ident, action)]
    if entity == "payments":
        if payload.get("kind") not in PAYMENT_KINDS or payload.get("status") != "success":
            return []
        ident = pair(payload["order_id"], payload["id"])
        return [WebhookEvent(webhook_id, entity, ident, action)]
    return [WebhookEvent(webhook_id, entity, str(payload["id"]), action)]


def _action(topic: str) -> str:
    verb = topic.rsplit("/", 1)[-1]
    return {"create": "create", "delete": "delete"}.get(verb, "update")


def subscribe(client: ShopifyClient, address: str, topics: Iterable[str] = TOPICS) -> list[str]:
    """Subscribe `address` to every topic it is not subscribed to yet; returns those added."""
    existing = {
        hook.get("topic")
        for page, _ in client.pages("webhooks.json", "webhooks", {"address": address, "limit": 250})
        for hook in page
    }
    added = []
    for topic in topics:
        if topic in existing:
            continue
        client.call(
            "POST",
            "webhooks.json",
            "webhook",
            json={"webhook": {"topic": topic, "address": address, "format": "json"}},
        )
        added.append(topic)
    return added
