"""Fixtures: the Shopify sandbox on a real socket and a hub organization connected to it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import requests
from flask import Flask, request
from flask.testing import FlaskClient

from connectors.shopify.connector import ShopifyConnector
from connectors.shopify.sandbox import create_app, install_app, seed, state_of
from hub.connections import connect
from hub.models import Connection, RunEntry, SyncRun
from hub.sdk.connector import Context
from hub.sdk.sandbox import RunningServer
from hub.sdk.sandbox import serve_in_thread as serve
from hub.sync.runner import Outcome, run_sync

KEY, SECRET = "test-app-key", "test-app-secret"
SHOP = "acme.myshopify.com"
# The merchant's own custom-app token: its calls have their own bucket and are not the hub's.
MERCHANT = "shpat_merchant"
SCOPES = "read_customers,write_customers,read_products,write_products,read_orders,write_orders"


@dataclass
class Call:
    at: float
    method: str
    path: str
    status: int
    token: str
    retry_after: float | None = None
    query: str = ""


class Switch:
    """One socket server for the session; each test mounts a fresh sandbox behind it and
    every call is logged (time, path, status, token) for the test to inspect."""

    def __init__(self) -> None:
        self.app: Flask | None = None
        self.calls: list[Call] = []
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        assert self.app is not None, "no sandbox mounted"
        seen: dict[str, Any] = {}

        def recording(status: str, headers: list[Any], *args: Any) -> Any:
            seen["status"] = int(status.split()[0])
            seen.update((k.lower(), v) for k, v in headers)
            return start_response(status, headers, *args)

        body = self.app(environ, recording)
        with self.lock:
            self.calls.append(
                Call(
                    time.monotonic(),
                    environ["REQUEST_METHOD"],
                    environ.get("PATH_INFO", ""),
                    seen.get("status", 0),
                    environ.get("HTTP_X_SHOPIFY_ACCESS_TOKEN", ""),
                    float(seen["retry-after"]) if "retry-after" in seen else None,
                    environ.get("QUERY_STRING", ""),
                )
            )
        return body


@pytest.fixture(scope="session")
def _server() -> Iterator[tuple[RunningServer, Switch]]:
    switch = Switch()
    running = serve(switch)
    yield running, switch
    running.stop()


@dataclass
class Inbox:
    """Where the sandbox delivers webhooks: each delivery's headers and raw body, kept."""

    url: str
    deliveries: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    def topic(self, topic: str) -> tuple[dict[str, str], bytes]:
        return next((h, b) for h, b in self.deliveries if h["X-Shopify-Topic"] == topic)


@pytest.fixture(scope="session")
def _inbox_server() -> Iterator[tuple[RunningServer, dict[str, Inbox]]]:
    holder: dict[str, Inbox] = {}
    receiver = Flask("shopify-inbox")

    @receiver.post("/inbox")
    def deliver() -> tuple[str, int]:
        holder["current"].deliveries.append((dict(request.headers), request.get_data()))
        return "", 200

    running = serve(receiver)
    yield running, holder
    running.stop()


@pytest.fixture
def inbox(_inbox_server: tuple[RunningServer, dict[str, Inbox]]) -> Inbox:
    running, holder = _inbox_server
    holder["current"] = Inbox(url=f"{running.url}/inbox")
    return holder["current"]


@dataclass
class Shop:
    """The sandbox app serving the test, and helpers to drive it like a merchant would."""

    app: Flask
    url: str
    switch: Switch
    token: str = ""

    @property
    def base_url(self) -> str:
        return f"{self.url}/shops/{{shop}}.myshopify.com"

    @property
    def store(self) -> Any:
        return state_of(self.app).shops[SHOP]

    def seed(self, **counts: Any) -> dict[str, list[int]]:
        return seed(self.app, "acme", **counts)

    def age(self, hours: float = 1.0) -> None:
        """Move every record's updated_at back, as if the shop had been quiet for a while."""
        delta = timedelta(hours=hours)
        with state_of(self.app).lock:
            store = self.store
            for collection in (store.customers, store.products, store.orders):
                for record in collection.records.values():
                    record["updated_at"] -= delta

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        """A merchant's call to the shop's Admin API (not counted as the hub's)."""
        answer = requests.request(
            method,
            f"{self.url}/shops/{SHOP}/admin/api/2024-10/{path}",
            json=body,
            headers={"X-Shopify-Access-Token": MERCHANT},
            timeout=10,
        )
        assert answer.status_code < 300, answer.text
        return answer.json()

    def product(self, title: str, *variants: dict[str, Any], **extra: Any) -> dict[str, Any]:
        body = {"title": title, "variants": list(variants) or [{"price": "10.00"}], **extra}
        if len(variants) > 1:
            body.setdefault("options", [{"name": "Size"}])
        return self.admin("POST", "products.json", {"product": body})["product"]

    def order(self, **body: Any) -> dict[str, Any]:
        return self.admin("POST", "orders.json", {"order": body})["order"]

    def calls(self, token: str | None = None) -> list[Call]:
        token = self.token if token is None else token
        return [c for c in self.switch.calls if c.token == token]


def sandbox_config(**overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "api_key": KEY,
        "api_secret": SECRET,
        "shops": {"acme": {"tokens": {MERCHANT: SCOPES}}},
        "webhook_retry_delays": [0],
        # A Plus shop's bucket, so pacing does not slow the tests; the 429 test narrows it.
        "bucket_size": 400,
        "leak_rate": 20.0,
    }
    config.update(overrides)
    return config


@pytest.fixture
def shop_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The sandbox's config; parametrize indirectly with {"shop": {...}, "config": {...}}
    to change the acme shop's settings (taxes_included, currency) or the sandbox's."""
    wanted = getattr(request, "param", {})
    acme = {"tokens": {MERCHANT: SCOPES}, **wanted.get("shop", {})}
    return sandbox_config(shops={"acme": acme}, **wanted.get("config", {}))


@pytest.fixture
def shop(_server: tuple[RunningServer, Switch], shop_config: dict[str, Any]) -> Iterator[Shop]:
    running, switch = _server
    app = create_app(shop_config)
    switch.app = app
    switch.calls.clear()
    box = Shop(app=app, url=running.url, switch=switch)
    box.token = install_app(app, "acme")
    yield box
    switch.app = None


def settings_for(shop: Shop, **extra: Any) -> dict[str, Any]:
    return {"base_url": shop.base_url, "api_version": "2024-10", **extra}


def credentials_for(shop: Shop) -> dict[str, Any]:
    return {"access_token": shop.token, "api_key": KEY, "api_secret": SECRET}


@pytest.fixture
def connector(shop: Shop) -> ShopifyConnector:
    """A connector instance on its own, outside the engine."""
    return ShopifyConnector(
        Context(settings=settings_for(shop), credentials=credentials_for(shop), tenant_id=SHOP)
    )


class Hub:
    """The hub app with one organization connected to the sandbox shop."""

    def __init__(self, app: Flask, client: FlaskClient, make_org: Any, shop: Shop) -> None:
        self.app, self.client, self.shop = app, client, shop
        app.extensions["hub.registry"].add("shopify", ShopifyConnector)
        self.org, self.headers = make_org()
        with app.extensions["hub.db"].session() as session:
            connection = connect(
                session,
                app,
                self.org,
                ShopifyConnector,
                credentials=credentials_for(shop),
                settings=settings_for(shop),
                tenant_id=SHOP,
            )
            self.connection_id = connection.id

    def sync(self, **kwargs: Any) -> Outcome:
        return run_sync(self.app, self.connection_id, **kwargs)

    def records(self, entity: str) -> list[dict[str, Any]]:
        """Every live record of an entity, with `external_ids["shopify"]` when linked."""
        found: list[dict[str, Any]] = []
        cursor = ""
        while True:
            answer = self.client.get(
                f"/api/v1/orgs/{self.org}/{entity}?limit=1000{cursor}", headers=self.headers
            )
            assert answer.status_code == 200, answer.json
            found += answer.json["data"]
            if not answer.json["next_cursor"]:
                return found
            cursor = f"&cursor={answer.json['next_cursor']}"

    def by_shopify_id(self, entity: str) -> dict[str, dict[str, Any]]:
        return {
            r["external_ids"]["shopify"]: r
            for r in self.records(entity)
            if "shopify" in r["external_ids"]
        }

    def post(self, entity: str, payload: dict[str, Any]) -> dict[str, Any]:
        answer = self.client.post(
            f"/api/v1/orgs/{self.org}/{entity}", json=payload, headers=self.headers
        )
        assert answer.status_code == 201, answer.json
        return answer.json

    def run(self, outcome: Outcome) -> tuple[SyncRun, list[RunEntry]]:
        """The run an outcome names, and its entries (notes, errors, waits)."""
        with self.app.extensions["hub.db"].session() as session:
            run = session.get(SyncRun, outcome.run_id)
            entries = list(session.query(RunEntry).filter_by(run_id=outcome.run_id))
            session.expunge_all()
        return run, entries

    def connection(self) -> Connection:
        with self.app.extensions["hub.db"].session() as session:
            row = session.get(Connection, self.connection_id)
            session.expunge(row)
            return row


@pytest.fixture
def hub(app: Flask, client: FlaskClient, make_org: Any, shop: Shop) -> Hub:
    return Hub(app, client, make_org, shop)
