"""Counting attempts in Redis, shared by every process that serves the console."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from hub.jobs.queues import redis_for


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `seconds` for one key (an address, an email)."""

    name: str
    count: int
    seconds: int

    def _key(self, who: str) -> str:
        return f"hub:web:limit:{self.name}:{who.lower()}"

    def exceeded(self, who: str) -> int:
        """Seconds to wait if `who` is over the limit, else 0."""
        redis = redis_for(current_app)
        used = int(redis.get(self._key(who)) or 0)
        if used < self.count:
            return 0
        return max(1, int(redis.ttl(self._key(who))))

    def hit(self, who: str) -> None:
        redis = redis_for(current_app)
        key = self._key(who)
        pipe = redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, self.seconds, nx=True)  # the window starts at the first hit
        pipe.execute()

    def clear(self, who: str) -> None:
        redis_for(current_app).delete(self._key(who))


# Sign-in attempts from one address, and failed ones against one account.
SIGNIN_PER_ADDRESS = Limit("signin-address", 30, 300)
SIGNIN_FAILURES_PER_EMAIL = Limit("signin-email", 5, 900)
SIGNUPS_PER_ADDRESS = Limit("signup-address", 20, 3600)
