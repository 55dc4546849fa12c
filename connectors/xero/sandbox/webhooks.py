"""Webhook deliveries: signed batches of thin events, intent-to-receive, retries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import string
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import Flask

from . import dates
from .store import Record, State, state_of

PATHS = {"CONTACT": "Contacts", "INVOICE": "Invoices", "CREDITNOTE": "CreditNotes"}
BATCH = 100


@dataclass
class Subscription:
    """One app's webhook: where to send, the signing key, and what waits to go."""

    id: str
    client_id: str
    url: str
    key: str
    status: str = "PENDING"  # PENDING -> OK | ITR_FAILED; OK -> DISABLED after 24 h failing
    sequence: int = 0
    queue: list[Record] = field(default_factory=list)
    attempts: int = 0
    failing_since: datetime | None = None
    next_attempt: datetime | None = None
    log: list[dict[str, Any]] = field(default_factory=list)  # every POST made, newest last


def signature(body: bytes, key: str) -> str:
    """`x-xero-signature`: base64 HMAC-SHA256 of the raw body, keyed by the key's UTF-8."""
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


def _subscriptions(state: State) -> dict[str, Subscription]:
    return state.extras.setdefault("webhooks", {})


def subscribe(app: Flask, url: str, key: str, client_id: str | None = None) -> Subscription:
    """Create or change the app's webhook; Xero then checks the receiver (ITR)."""
    state = state_of(app)
    with state.lock:
        client_id = client_id or next(iter(state.clients))
        subs = _subscriptions(state)
        sub = subs.get(client_id)
        if sub is None or sub.url != url or sub.key != key:
            sub = Subscription(str(uuid.uuid4()), client_id, url, key)
            subs[client_id] = sub
        check = state.config["webhook_intent_to_receive"]
    if check:
        intent_to_receive(app, sub)
    else:
        sub.status = "OK"
    return sub


def _post(state: State, sub: Subscription, body: bytes, sign_with: str) -> tuple[int | None, bool]:
    """POST a payload; returns the status (None when unreachable) and whether the answer
    body was empty."""
    request = urllib.request.Request(
        sub.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "x-xero-signature": signature(body, sign_with),
        },
    )
    status: int | None = None
    empty = True
    try:
        with urllib.request.urlopen(request, timeout=state.config["webhook_timeout"]) as answer:
            status, empty = answer.status, not answer.read()
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
    except (urllib.error.URLError, OSError):
        status = None
    sub.log.append({"at": dates.now(), "status": status, "body": body})
    return status, empty


def _payload(events: list[Record], first: int, last: int) -> bytes:
    entropy = "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(20))
    body = {
        "events": events,
        "firstEventSequence": first,
        "lastEventSequence": last,
        "entropy": entropy,
    }
    return json.dumps(body, separators=(",", ":")).encode()


def intent_to_receive(app: Flask, sub: Subscription) -> bool:
    """Empty payloads, some signed right and some wrong: 200-empty and 401 expected."""
    state = state_of(app)
    passed = True
    for honest in (True, False, False, True):
        key = sub.key if honest else sub.key + "-wrong"
        status, empty = _post(state, sub, _payload([], 0, 0), key)
        # The right answers: 200 with an empty body when signed right, else 401.
        passed &= ((status, empty) == (200, True)) if honest else (status == 401)
    sub.status = "OK" if passed else "ITR_FAILED"
    return passed


def _collect(state: State) -> None:
    """Turn raw changes into events for each subscription whose app reaches the tenant."""
    base = (state.config.get("public_url") or "http://127.0.0.1:5101").rstrip("/")
    subs = _subscriptions(state)
    for raw in state.outbox:
        for sub in subs.values():
            connected = any(
                c.client_id == sub.client_id and c.tenant_id == raw["tenant_id"]
                for c in state.connections.values()
            )
            if sub.status != "OK" or not connected:
                continue
            sub.sequence += 1
            event: Record = {
                "resourceUrl": f"{base}/api.xro/2.0/{PATHS[raw['category']]}/{raw['resource_id']}",
                "resourceId": raw["resource_id"],
                "eventDateUtc": dates.event_string(raw["at"]),
                "eventType": raw["event_type"],
                "eventCategory": raw["category"],
                "tenantId": raw["tenant_id"],
                "tenantType": "ORGANISATION",
                "_sequence": sub.sequence,
            }
            if raw["data"] is not None:
                event["data"] = raw["data"]
            sub.queue.append(event)
    state.outbox.clear()


def deliver_pending(app: Flask) -> int:
    """Send what is due now; returns how many events were delivered. Safe to call often."""
    state = state_of(app)
    with state.lock:
        _collect(state)
        now = dates.now()
        due = [
            (sub, sub.queue[:BATCH])
            for sub in _subscriptions(state).values()
            if sub.status == "OK"
            and sub.queue
            and (sub.next_attempt is None or sub.next_attempt <= now)
        ]
    delivered = 0
    for sub, batch in due:  # no lock held: the receiver may call back into the sandbox
        events = [{k: v for k, v in e.items() if k[:1] != "_"} for e in batch]
        body = _payload(events, batch[0]["_sequence"], batch[-1]["_sequence"])
        status, _empty = _post(state, sub, body, sub.key)
        with state.lock:
            if status == 200:
                del sub.queue[: len(batch)]
                sub.attempts, sub.failing_since, sub.next_attempt = 0, None, None
                delivered += len(batch)
            else:
                _failed(state, sub)
    return delivered


def _failed(state: State, sub: Subscription) -> None:
    now = dates.now()
    sub.failing_since = sub.failing_since or now
    schedule = state.config["webhook_retry_seconds"]
    wait = schedule[min(sub.attempts, len(schedule) - 1)]
    sub.attempts += 1
    sub.next_attempt = now + timedelta(seconds=wait)
    if now - sub.failing_since >= timedelta(seconds=state.config["webhook_give_up_after"]):
        sub.status = "DISABLED"  # Xero gives up after a day of failures
        sub.queue.clear()


def start(app: Flask) -> None:
    """With `webhook_thread`, deliver from a background thread (the served sandbox)."""
    state = state_of(app)
    for entry in state.config["webhooks"]:
        subscribe(app, entry["url"], entry["key"], entry.get("client_id"))
    if not state.config["webhook_thread"]:
        return
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(state.config["webhook_poll_seconds"]):
            deliver_pending(app)

    thread = threading.Thread(target=loop, name="xero-sandbox-webhooks", daemon=True)
    state.extras["webhook_stop"] = stop
    thread.start()


def stop(app: Flask) -> None:
    event = state_of(app).extras.get("webhook_stop")
    if event is not None:
        event.set()
