"""Xero's rate limits: per organisation and app 5 at once, 60 a minute, 5,000 a day."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .errors import RateLimited

MINUTE = 60.0
DAY = 86_400.0


@dataclass
class _Budget:
    minute: deque[float] = field(default_factory=deque)
    day: deque[float] = field(default_factory=deque)
    in_flight: int = 0


@dataclass(frozen=True)
class Ticket:
    """A call in progress; give it back with `Limiter.release` when the call ends."""

    client_id: str
    tenant_id: str


def _trim(window: deque[float], now: float, span: float) -> None:
    while window and window[0] <= now - span:
        window.popleft()


def _retry_after(window: deque[float], now: float, span: float) -> int:
    return max(1, math.ceil(window[0] + span - now))


class Limiter:
    """Rolling windows of call times, read from `time.time()` so freezegun can move them."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.limits = config["limits"]
        self._lock = threading.Lock()
        self._tenants: dict[tuple[str, str], _Budget] = {}
        self._apps: dict[str, deque[float]] = {}

    def _headers(self, budget: _Budget, app_window: deque[float]) -> dict[str, str]:
        return {
            "X-DayLimit-Remaining": str(max(0, self.limits["day"] - len(budget.day))),
            "X-MinLimit-Remaining": str(max(0, self.limits["minute"] - len(budget.minute))),
            "X-AppMinLimit-Remaining": str(max(0, self.limits["app_minute"] - len(app_window))),
        }

    def acquire(self, client_id: str, tenant_id: str) -> tuple[Ticket, dict[str, str]]:
        """Count one call, or raise `RateLimited` (a refused call is not counted)."""
        now = time.time()
        with self._lock:
            budget = self._tenants.setdefault((client_id, tenant_id), _Budget())
            app_window = self._apps.setdefault(client_id, deque())
            _trim(budget.minute, now, MINUTE)
            _trim(budget.day, now, DAY)
            _trim(app_window, now, MINUTE)
            problem: str | None = None
            retry: int | None = None
            if budget.in_flight >= self.limits["concurrent"]:
                problem = self.config["concurrent_problem"]
                retry = self.config["concurrent_retry_after"]
            elif len(budget.day) >= self.limits["day"]:
                problem, retry = "day", _retry_after(budget.day, now, DAY)
            elif len(budget.minute) >= self.limits["minute"]:
                problem, retry = "minute", _retry_after(budget.minute, now, MINUTE)
            elif len(app_window) >= self.limits["app_minute"]:
                problem = self.config["app_minute_problem"]
                retry = _retry_after(app_window, now, MINUTE)
            if problem is not None:
                raise RateLimited(problem, retry, self._headers(budget, app_window))
            budget.minute.append(now)
            budget.day.append(now)
            app_window.append(now)
            budget.in_flight += 1
            return Ticket(client_id, tenant_id), self._headers(budget, app_window)

    def release(self, ticket: Ticket) -> None:
        with self._lock:
            budget = self._tenants.get((ticket.client_id, ticket.tenant_id))
            if budget is not None and budget.in_flight > 0:
                budget.in_flight -= 1
