"""The REST leaky bucket: per app per shop, a bucket of N calls leaking R calls a second."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from . import errors
from .store import SandboxState, Token

HEADER = "X-Shopify-Shop-Api-Call-Limit"


@dataclass
class LeakyBucket:
    """Fill level as a float; it drains continuously with the wall clock (time.time)."""

    size: int
    leak_rate: float
    level: float = 0.0
    updated: float = 0.0

    def _drain(self, now: float) -> None:
        if self.updated:
            # A clock moved backwards (freezegun in tests) drains nothing rather than refilling.
            elapsed = max(0.0, now - self.updated)
            self.level = max(0.0, self.level - elapsed * self.leak_rate)
        self.updated = now

    def take(self, now: float | None = None) -> float | None:
        """Add one call; return None when accepted, else the seconds to wait."""
        now = time.time() if now is None else now
        self._drain(now)
        if self.level + 1 > self.size:
            return (self.level + 1 - self.size) / self.leak_rate
        self.level += 1
        return None

    def used(self) -> int:
        # Shown rounded up: a half-drained call still occupies its slot.
        return min(self.size, math.ceil(self.level - 1e-9))

    def header(self) -> str:
        return f"{self.used()}/{self.size}"


def bucket_for(state: SandboxState, token: Token) -> LeakyBucket:
    key = (token.shop, token.app)
    bucket = state.buckets.get(key)
    if bucket is None:
        bucket = LeakyBucket(int(state.config["bucket_size"]), float(state.config["leak_rate"]))
        state.buckets[key] = bucket
    return bucket


def charge(state: SandboxState, token: Token) -> str:
    """Count one call against the token's bucket; raise the 429 when it overflows."""
    bucket = bucket_for(state, token)
    wait = bucket.take()
    if wait is not None:
        # Round up to a tenth so a client sleeping exactly Retry-After gets through.
        retry_after = max(0.1, math.ceil(wait * 10 - 1e-9) / 10)
        raise errors.throttled(retry_after, bucket.header())
    return bucket.header()
