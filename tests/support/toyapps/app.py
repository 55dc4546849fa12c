"""A small app with its own ids, paging, batch writes, webhooks and a rate limit.

Two of these ("ledger" and "crm", different id styles) stand in for real apps in the sync
engine's tests and in bench/sync.py. They speak HTTP + JSON like a real SaaS API.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, jsonify, request

PAGE_SIZE = 100
BATCH_LIMIT = 50
RESOURCES = ("contacts", "invoices")


@dataclass
class ToyState:
    prefix: str
    api_key: str = "toy-key"
    webhook_secret: str = "toy-webhook-secret"
    records: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {r: {} for r in RESOURCES}
    )
    rev: itertools.count = field(default_factory=lambda: itertools.count(1))
    ids: itertools.count = field(default_factory=lambda: itertools.count(1001))
    idempotency: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)  # webhook deliveries to send
    calls: int = 0
    log: list[tuple[float, int]] = field(default_factory=list)  # (time, status) per call
    # Statuses to answer the next calls with (0: answer normally).
    fail_next: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def new_id(self) -> str:
        return f"{self.prefix}{next(self.ids)}"

    def put(self, resource: str, record: dict[str, Any], action: str) -> dict[str, Any]:
        record = dict(record, rev=next(self.rev), updated_at=time.time())
        self.records[resource][record["id"]] = record
        self.events.append(
            {
                "event_id": f"ev-{record['rev']}",
                "resource": resource,
                "id": record["id"],
                "action": action,
            }
        )
        return record

    def signed(self, event: dict[str, Any]) -> tuple[bytes, str]:
        body = json.dumps(event).encode()
        return body, hmac.new(self.webhook_secret.encode(), body, hashlib.sha256).hexdigest()


def validate(state: ToyState, resource: str, data: dict[str, Any]) -> str | None:
    if resource == "contacts" and not (data.get("name") or "").strip():
        return "A contact needs a name."
    if resource == "invoices":
        contact = state.records["contacts"].get(data.get("contact_id") or "")
        if contact is None or contact.get("deleted"):
            return f"Contact {data.get('contact_id')} does not exist."
        if not data.get("lines"):
            return "An invoice needs at least one line."
    return None


def create_app(prefix: str = "L-", *, api_key: str = "toy-key") -> Flask:
    app = Flask(f"toyapp-{prefix}")
    state = ToyState(prefix=prefix, api_key=api_key)
    app.extensions["toy"] = state

    @app.before_request
    def gate() -> Any:
        if request.path.startswith("/_toy/"):
            return None  # the operator's own view, not part of the app's API
        with state.lock:
            state.calls += 1
            status = state.fail_next.pop(0) if state.fail_next else None
            state.log.append((time.time(), status or 200))
        if request.headers.get("X-Api-Key") != state.api_key:
            return jsonify(error="Invalid API key."), 401
        if status == 429:
            return jsonify(error="Too many requests."), 429, {"Retry-After": "1"}
        if status:
            return jsonify(error="Server error."), status
        return None

    @app.get("/_toy/stats")
    def stats() -> Any:
        counts = {
            r: sum(1 for x in state.records[r].values() if not x.get("deleted")) for r in RESOURCES
        }
        return jsonify(calls=state.calls, records=counts)

    @app.get("/api/<resource>")
    def listing(resource: str) -> Any:
        since = int(request.args.get("since_rev", 0))
        with state.lock:
            rows = sorted(
                (r for r in state.records.get(resource, {}).values() if r["rev"] > since),
                key=lambda r: r["rev"],
            )[:PAGE_SIZE]
        more = len(rows) == PAGE_SIZE
        return jsonify(items=rows, more=more)

    @app.get("/api/<resource>/<rid>")
    def one(resource: str, rid: str) -> Any:
        record = state.records.get(resource, {}).get(rid)
        if record is None:
            return jsonify(error="Not found."), 404
        return jsonify(record)

    @app.post("/api/<resource>/batch")
    def batch(resource: str) -> Any:
        ops = (request.get_json(silent=True) or {}).get("ops") or []
        if len(ops) > BATCH_LIMIT:
            return jsonify(error=f"At most {BATCH_LIMIT} operations per batch."), 400
        results = []
        with state.lock:
            for op in ops:
                key = op.get("key")
                if key and key in state.idempotency:
                    results.append(state.idempotency[key])
                    continue
                result = _apply(state, resource, op)
                if key and result.get("ok"):
                    state.idempotency[key] = result
                results.append(result)
        return jsonify(results=results)

    return app


def _apply(state: ToyState, resource: str, op: dict[str, Any]) -> dict[str, Any]:
    table = state.records[resource]
    if op["op"] == "delete":
        record = table.get(op.get("id") or "")
        if record is None:
            return {"ok": False, "error": "Not found."}
        return {"ok": True, "record": state.put(resource, dict(record, deleted=True), "delete")}
    data = op.get("data") or {}
    error = validate(state, resource, data)
    if error:
        return {"ok": False, "error": error}
    if op["op"] == "create":
        record = {**data, "id": state.new_id(), "deleted": False}
        return {"ok": True, "record": state.put(resource, record, "create")}
    current = table.get(op.get("id") or "")
    if current is None or current.get("deleted"):
        return {"ok": False, "error": "Not found."}
    record = {**current, **data}
    return {"ok": True, "record": state.put(resource, record, "update")}


def edit(app: Flask, resource: str, rid: str | None = None, **data: Any) -> dict[str, Any]:
    """What a user does in the app's own screens: create or change a record."""
    state: ToyState = app.extensions["toy"]
    with state.lock:
        if rid is None:
            return state.put(resource, {**data, "id": state.new_id(), "deleted": False}, "create")
        current = state.records[resource][rid]
        action = "delete" if data.get("deleted") else "update"
        return state.put(resource, {**current, **data}, action)
