"""In-memory state: per-shop collections, tokens, OAuth codes, buckets and the webhook outbox."""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from flask import Flask

from .config import parse_offset

EXTENSION = "shopify_sandbox"


class Collection:
    """Records keyed by id, plus the ids in ascending order for cursor paging."""

    def __init__(self) -> None:
        self.records: dict[int, dict[str, Any]] = {}
        self.ids: list[int] = []

    def __len__(self) -> int:
        return len(self.records)

    def add(self, record: dict[str, Any]) -> dict[str, Any]:
        ident = int(record["id"])
        self.records[ident] = record
        # Ids grow, so this is an append except when seeding back-dated records.
        bisect.insort(self.ids, ident)
        return record

    def get(self, ident: int) -> dict[str, Any] | None:
        return self.records.get(ident)

    def remove(self, ident: int) -> dict[str, Any] | None:
        record = self.records.pop(ident, None)
        if record is not None:
            pos = bisect.bisect_left(self.ids, ident)
            if pos < len(self.ids) and self.ids[pos] == ident:
                del self.ids[pos]
        return record

    def scan(self, after: int | None = None, before: int | None = None) -> Iterator[dict]:
        """Records with after < id (ascending), or id < before (descending)."""
        if before is not None:
            pos = bisect.bisect_left(self.ids, before)
            for i in range(pos - 1, -1, -1):
                yield self.records[self.ids[i]]
            return
        pos = 0 if after is None else bisect.bisect_right(self.ids, after)
        for i in range(pos, len(self.ids)):
            yield self.records[self.ids[i]]


@dataclass
class Token:
    """An access token: which shop, which app, which scopes, until when."""

    token: str
    shop: str
    app: str
    scopes: frozenset[str]
    expires_at: float | None = None
    user: dict[str, Any] | None = None

    def allows(self, scope: str) -> bool:
        """write_x implies read_x, as on Shopify."""
        if scope in self.scopes:
            return True
        return scope.startswith("read_") and "write_" + scope[5:] in self.scopes


@dataclass
class ShopStore:
    """One shop's data; every handler works on exactly one of these."""

    domain: str
    settings: dict[str, Any]
    state: SandboxState
    customers: Collection = field(default_factory=Collection)
    products: Collection = field(default_factory=Collection)
    orders: Collection = field(default_factory=Collection)
    transactions: Collection = field(default_factory=Collection)
    webhooks: Collection = field(default_factory=Collection)
    # Indexes kept next to the collections so lookups do not scan.
    variant_product: dict[int, int] = field(default_factory=dict)
    refund_order: dict[int, int] = field(default_factory=dict)
    customer_orders: dict[int, list[int]] = field(default_factory=dict)
    order_transactions: dict[int, list[int]] = field(default_factory=dict)
    webhook_failures: dict[int, int] = field(default_factory=dict)
    # Uniqueness indexes: lower-cased email / phone -> customer id, handle -> product id.
    emails: dict[str, int] = field(default_factory=dict)
    phones: dict[str, int] = field(default_factory=dict)
    handles: dict[str, int] = field(default_factory=dict)
    next_order_number: int = 1001
    muted: bool = False

    @property
    def tz(self) -> tzinfo:
        return parse_offset(self.settings["utc_offset"])

    @property
    def currency(self) -> str:
        return str(self.settings["currency"])

    @property
    def config(self) -> dict[str, Any]:
        return self.state.config

    def new_id(self) -> int:
        return self.state.new_id()

    def emit(self, topic: str, payload: dict[str, Any] | Callable[[], dict[str, Any]]) -> None:
        """Queue a webhook for every subscription to `topic` (unless seeding).

        `payload` may be a function so nothing is rendered when nobody listens.
        """
        if self.muted or not any(w["topic"] == topic for w in self.webhooks.records.values()):
            return
        from .delivery import enqueue

        enqueue(self, topic, payload() if callable(payload) else payload)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Make changes without webhooks (seeding)."""
        previous, self.muted = self.muted, True
        try:
            yield
        finally:
            self.muted = previous


@dataclass
class SandboxState:
    """Everything the sandbox remembers; guarded by one lock because the server is threaded."""

    config: dict[str, Any]
    lock: threading.RLock = field(default_factory=threading.RLock)
    shops: dict[str, ShopStore] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    buckets: dict[tuple[str, str], Any] = field(default_factory=dict)
    outbox: list[Any] = field(default_factory=list)
    delivered: list[Any] = field(default_factory=list)
    _ids: Iterator[int] = field(init=False)

    def __post_init__(self) -> None:
        self._ids = itertools.count(int(self.config["first_id"]))
        for domain, settings in self.config["shops"].items():
            self.shops[domain] = ShopStore(domain=domain, settings=settings, state=self)
            for token, scopes in settings.get("tokens", {}).items():
                # Static tokens stand for custom apps made in the shop admin: own bucket each.
                self.tokens[token] = Token(token, domain, f"custom:{token}", parse_scopes(scopes))

    def new_id(self) -> int:
        return next(self._ids)

    def shop(self, name: str) -> ShopStore | None:
        return self.shops.get(name)


def parse_scopes(scopes: str | list[str] | frozenset[str]) -> frozenset[str]:
    if isinstance(scopes, str):
        scopes = scopes.split(",")
    return frozenset(s.strip() for s in scopes if s.strip())


def state_of(app: Flask) -> SandboxState:
    """The sandbox state behind a Flask app made by create_app()."""
    return app.extensions[EXTENSION]
