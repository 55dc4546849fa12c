"""Idempotency-Key: the first response for a key is replayed for six minutes."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, request

from .errors import validation_message
from .store import State


@dataclass
class _Entry:
    fingerprint: str
    expires: float
    status: int
    body: bytes
    headers: list[tuple[str, str]]


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.full_path.encode(), request.get_data()):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def run(state: State, client_id: str, tenant_id: str, produce: Callable[[], Response]) -> Response:
    """Call `produce` once per key; replays (errors included) get the cached response."""
    key = request.headers.get("Idempotency-Key")
    if key is None or request.method not in ("PUT", "POST", "PATCH"):
        return produce()
    limit = state.config["idempotency_max_length"]
    if not key or len(key) > limit:
        return validation_message(
            f"Idempotency-Key must be between 1 and {limit} characters long."
        ).response()
    now = time.time()
    for stale in [k for k, v in state.idempotency.items() if v.expires <= now]:
        del state.idempotency[stale]
    cache_key = (client_id, tenant_id, key)
    fingerprint = _fingerprint()
    entry: _Entry | None = state.idempotency.get(cache_key)
    if entry is not None:
        if entry.fingerprint != fingerprint:
            message = f"Idempotency Key: {key} is used with a different request."
            return validation_message(message).response()
        return Response(entry.body, status=entry.status, headers=entry.headers)
    response = produce()
    state.idempotency[cache_key] = _Entry(
        fingerprint,
        now + state.config["idempotency_ttl"],
        response.status_code,
        response.get_data(),
        [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"],
    )
    return response
