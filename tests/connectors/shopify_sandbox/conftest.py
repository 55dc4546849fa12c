"""Fixtures: the Shopify sandbox on a real socket, a webhook receiver, ShopifyAPI sessions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import shopify
from flask import Flask, request

from connectors.shopify.sandbox import create_app, install_app, site_url
from hub.sdk.sandbox import RunningServer, serve_in_thread

VERSION = "2024-10"
SECRET = "test-app-secret"
ALL_SCOPES = "read_customers,write_customers,read_products,write_products,read_orders,write_orders"


class _Switch:
    """One server for the session; each test mounts a fresh sandbox app behind it.

    Stopping a werkzeug server costs up to half a second, so tests share the socket.
    """

    def __init__(self) -> None:
        self.app: Callable[..., Any] | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        assert self.app is not None, "no sandbox mounted"
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def _server() -> Iterator[tuple[RunningServer, _Switch]]:
    switch = _Switch()
    running = serve_in_thread(switch)
    yield running, switch
    running.stop()


def config(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "api_key": "test-app-key",
        "api_secret": SECRET,
        "shops": {"acme": {}, "globex": {"currency": "CAD", "utc_offset": "+01:00"}},
        "webhook_retry_delays": [0, 0, 0],
    }
    base.update(overrides)
    return base


@dataclass
class Sandbox:
    """A mounted sandbox app and where it listens."""

    app: Flask
    url: str
    mount: Callable[[dict[str, Any]], Flask]
    clients: list[ApiClient] = field(default_factory=list)

    def site(self, shop: str = "acme", version: str = VERSION) -> str:
        return site_url(self.url, shop, version)

    def token(self, shop: str = "acme", scopes: str = ALL_SCOPES) -> str:
        return install_app(self.app, shop, scopes)

    def client(self, shop: str = "acme", token: str | None = None) -> ApiClient:
        client = ApiClient(self.site(shop), token or self.token(shop))
        self.clients.append(client)
        return client


@dataclass
class ApiClient:
    """Raw HTTP against one shop's versioned base URL."""

    base: str
    token: str
    http: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.http.headers["X-Shopify-Access-Token"] = self.token

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.url(path), timeout=10, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.http.post(self.url(path), json=json, timeout=10, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.http.put(self.url(path), json=json, timeout=10, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.delete(self.url(path), timeout=10, **kwargs)


@pytest.fixture
def sandbox(_server: tuple[RunningServer, _Switch]) -> Iterator[Sandbox]:
    running, switch = _server

    def mount(settings: dict[str, Any]) -> Flask:
        app = create_app(settings)
        box.app = app
        switch.app = app
        return app

    box = Sandbox(app=create_app(config()), url=running.url, mount=mount)
    switch.app = box.app
    yield box
    switch.app = None
    for client in box.clients:
        client.http.close()


@pytest.fixture
def api(sandbox: Sandbox) -> ApiClient:
    return sandbox.client()


@pytest.fixture
def shopify_session(sandbox: Sandbox) -> Iterator[str]:
    """ShopifyAPI activated on the acme shop, its site pointed at the sandbox."""
    token = sandbox.token()
    session = shopify.Session("acme.myshopify.com", VERSION, token)
    shopify.ShopifyResource.activate_session(session)
    # ShopifyAPI builds https://acme.myshopify.com/...; the site override keeps it unmodified.
    shopify.ShopifyResource.site = sandbox.site()
    yield token
    shopify.ShopifyResource.clear_session()


@dataclass
class Receiver:
    """A webhook endpoint that records what it gets and can be told to fail."""

    url: str
    calls: list[dict[str, Any]] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def topics(self) -> list[str]:
        return [c["headers"]["X-Shopify-Topic"] for c in self.calls]


@pytest.fixture(scope="session")
def _receiver_server() -> Iterator[tuple[RunningServer, dict[str, Receiver]]]:
    holder: dict[str, Receiver] = {}
    app = Flask("webhook-receiver")

    @app.post("/hooks/<name>")
    def hook(name: str) -> tuple[str, int]:
        receiver = holder["current"]
        call = {"path": name, "body": request.get_data(), "headers": dict(request.headers)}
        with receiver.lock:
            receiver.attempts.append(call)
            if receiver.fail_next > 0:
                receiver.fail_next -= 1
                return "nope", 500
            receiver.calls.append(call)
        return "", 200

    running = serve_in_thread(app)
    yield running, holder
    running.stop()


@pytest.fixture
def receiver(_receiver_server: tuple[RunningServer, dict[str, Receiver]]) -> Receiver:
    running, holder = _receiver_server
    holder["current"] = Receiver(url=running.url)
    return holder["current"]


@pytest.fixture
def remount(sandbox: Sandbox) -> Callable[..., Flask]:
    """Replace the mounted sandbox with one built from the test config plus overrides."""

    def _remount(**overrides: Any) -> Flask:
        return sandbox.mount(config(**overrides))

    return _remount
