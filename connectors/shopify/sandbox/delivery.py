"""Webhook deliveries: queued on change, signed, POSTed by deliver_pending(), retried."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask

from .store import ShopStore, state_of
from .wire import dumps, pick_fields, utcnow


@dataclass
class Delivery:
    """One payload for one subscription; the webhook id stays the same across retries."""

    webhook_id: str
    event_id: str
    shop: str
    subscription_id: int
    topic: str
    address: str
    api_version: str
    body: bytes
    triggered_at: datetime
    next_attempt: float
    attempts: int = 0
    status: str = "pending"  # pending, delivered, failed
    history: list[str] = field(default_factory=list)

    @property
    def payload(self) -> Any:
        return json.loads(self.body)


def sign(body: bytes, secret: str) -> str:
    """X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body with the app secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def enqueue(shop: ShopStore, topic: str, payload: dict[str, Any]) -> None:
    """Queue `payload` for every subscription to `topic` (called under the state lock)."""
    subscriptions = [w for w in shop.webhooks.records.values() if w["topic"] == topic]
    if not subscriptions:
        return
    event_id = str(uuid.uuid4())
    for sub in subscriptions:
        body = dumps(pick_fields(payload, sub["fields"]), shop.tz).encode()
        shop.state.outbox.append(
            Delivery(
                webhook_id=str(uuid.uuid4()),
                event_id=event_id,
                shop=shop.domain,
                subscription_id=sub["id"],
                topic=topic,
                address=sub["address"],
                api_version=sub["api_version"],
                triggered_at=utcnow(),
                next_attempt=time.time(),
                body=body,
            )
        )


def headers(delivery: Delivery, secret: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Shopify-Topic": delivery.topic,
        "X-Shopify-Hmac-Sha256": sign(delivery.body, secret),
        "X-Shopify-Shop-Domain": delivery.shop,
        "X-Shopify-API-Version": delivery.api_version,
        "X-Shopify-Webhook-Id": delivery.webhook_id,
        "X-Shopify-Event-Id": delivery.event_id,
        "X-Shopify-Triggered-At": delivery.triggered_at.isoformat(),
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not a successful delivery."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# Our own opener: no proxies from the environment, no redirects, no global opener.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def _post(delivery: Delivery, secret: str, timeout: float) -> str | None:
    """POST once; None on a 2xx, else a short reason."""
    request = urllib.request.Request(
        delivery.address, data=delivery.body, method="POST", headers=headers(delivery, secret)
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (OSError, ValueError) as exc:
        return f"error: {exc}"
    return None if 200 <= status < 300 else f"HTTP {status}"


def deliver_pending(app: Flask, now: float | None = None) -> list[Delivery]:
    """Attempt every due delivery once, in order; returns the deliveries attempted."""
    state = state_of(app)
    now = time.time() if now is None else now
    with state.lock:
        due = [d for d in state.outbox if d.status == "pending" and d.next_attempt <= now]
        secret, timeout = str(state.config["api_secret"]), float(state.config["webhook_timeout"])
    for delivery in due:
        # The POST happens outside the lock: the receiver may call the sandbox back.
        problem = _post(delivery, secret, timeout)
        with state.lock:
            _record(app, delivery, problem, now)
    with state.lock:
        state.outbox = [d for d in state.outbox if d.status == "pending"]
    return due


def _record(app: Flask, delivery: Delivery, problem: str | None, now: float) -> None:
    state = state_of(app)
    shop = state.shops[delivery.shop]
    delivery.attempts += 1
    delivery.history.append(problem or "delivered")
    if problem is None:
        delivery.status = "delivered"
        state.delivered.append(delivery)
        shop.webhook_failures.pop(delivery.subscription_id, None)
        return
    delays = list(state.config["webhook_retry_delays"])
    if delivery.attempts <= len(delays):
        delivery.next_attempt = now + float(delays[delivery.attempts - 1])
        return
    delivery.status = "failed"
    failures = shop.webhook_failures.get(delivery.subscription_id, 0) + 1
    shop.webhook_failures[delivery.subscription_id] = failures
    if failures >= int(state.config["webhook_max_failed_deliveries"]):
        # Shopify removes a subscription that keeps failing.
        shop.webhooks.remove(delivery.subscription_id)


def pending(app: Flask) -> list[Delivery]:
    """Deliveries still waiting (due now or later)."""
    state = state_of(app)
    with state.lock:
        return [d for d in state.outbox if d.status == "pending"]


class DeliveryThread:
    """Calls deliver_pending() every `interval` seconds until stop() (for the demo)."""

    def __init__(self, app: Flask, interval: float = 1.0) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(app, interval), name="shopify-sandbox-webhooks", daemon=True
        )
        self._thread.start()

    def _run(self, app: Flask, interval: float) -> None:
        while not self._stop.wait(interval):
            deliver_pending(app)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def start_delivery_thread(app: Flask, interval: float = 1.0) -> DeliveryThread:
    return DeliveryThread(app, interval)
