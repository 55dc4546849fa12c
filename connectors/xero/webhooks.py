"""Xero webhooks: `x-xero-signature` checks and thin events turned into re-fetches.

The signature is base64(HMAC-SHA256(key, raw body)) with the app's webhook signing key
used as UTF-8 text. Xero delivers at least once: an event's id is built from what stays
the same on redelivery (tenant, category, resource, event time and type).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from hub.sdk import WebhookEvent

CATEGORIES = {"CONTACT": "contacts", "INVOICE": "invoices", "CREDITNOTE": "credit_notes"}
HEADER = "x-xero-signature"


def _header(headers: Mapping[str, str], name: str) -> str:
    """A header by name whatever its case (a plain dict is not case-insensitive)."""
    value = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    return str(value or "")


def signature(body: bytes, key: str) -> str:
    return base64.b64encode(hmac.new(key.encode("utf-8"), body, hashlib.sha256).digest()).decode()


def verify(headers: Mapping[str, str], body: bytes, key: str | None) -> bool:
    given = _header(headers, HEADER)
    if not key or not given:
        return False
    return hmac.compare_digest(signature(body, key), given)


def event_id(event: Mapping[str, Any]) -> str:
    """Stable across redeliveries of the same event (Xero's events carry no id of their own)."""
    parts = [
        str(event.get(k) or "")
        for k in ("tenantId", "eventCategory", "resourceId", "eventDateUtc", "eventType")
    ]
    return "xero:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]


def parse(body: bytes, tenant_id: str | None) -> list[WebhookEvent]:
    """Events for this connection's organisation; an intent-to-receive check has none."""
    payload = json.loads(body)
    events = []
    for event in payload["events"]:
        entity = CATEGORIES.get(str(event.get("eventCategory")))
        if entity is None or not event.get("resourceId"):
            continue  # e.g. SUBSCRIPTION events about the app itself
        if tenant_id and str(event.get("tenantId", "")).lower() != tenant_id.lower():
            continue  # Xero sends one app's events for every organisation it reaches
        action = "create" if event.get("eventType") == "CREATE" else "update"
        events.append(WebhookEvent(event_id(event), entity, str(event["resourceId"]), action))
    return events
