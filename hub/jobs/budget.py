"""A rate-limit budget per external tenant, kept in Redis and shared by every worker."""

from __future__ import annotations

import time
from collections.abc import Callable

from redis import Redis

from hub.sdk.errors import RetryLater


class Budget:
    """At most `per_minute` calls in any calendar minute for one tenant, across processes.

    Before each call `take()` counts it in the current minute's Redis key; past the limit
    it waits for the next minute (or raises RetryLater if that is too long to sit out). An
    app's Retry-After is honoured by `block(seconds)`: every worker waits it out.
    """

    def __init__(
        self,
        redis: Redis,
        key: str,
        per_minute: int | None,
        *,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
        max_wait: float = 65.0,
    ) -> None:
        self.redis, self.key, self.per_minute = redis, f"hub:budget:{key}", per_minute
        self.max_wait = max_wait
        # Looked up at call time, so freezegun and tests can stand in for the clock.
        self.clock = clock or (lambda: time.time())
        self.sleep = sleep or (lambda seconds: time.sleep(seconds))

    def block(self, seconds: float) -> None:
        """Nobody calls this tenant for `seconds` (the app's Retry-After)."""
        until = self.clock() + seconds
        self.redis.set(f"{self.key}:blocked", str(until), px=max(1, int(seconds * 1000)))

    def take(self, _method: str = "", _url: str = "") -> None:
        while True:
            blocked = self.redis.get(f"{self.key}:blocked")
            now = self.clock()
            if blocked is not None and float(blocked) > now:
                self._wait(float(blocked) - now)
                continue
            if self.per_minute is None:
                return
            minute = int(now // 60)
            key = f"{self.key}:{minute}"
            used = self.redis.incr(key)
            if used == 1:
                self.redis.expire(key, 120)
            if used <= self.per_minute:
                return
            self._wait((minute + 1) * 60 - now)

    def _wait(self, seconds: float) -> None:
        if seconds > self.max_wait:
            raise RetryLater(
                "The app's rate limit is used up; the sync resumes later.", retry_after=seconds
            )
        self.sleep(max(seconds, 0.01))
