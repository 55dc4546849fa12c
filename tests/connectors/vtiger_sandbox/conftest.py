"""Fixtures: the vtiger sandbox over real HTTP, with fresh state for every test."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from flask import Flask

from connectors.vtiger.sandbox import DEFAULT_ACCESS_KEY, create_app, seed
from hub.sdk.sandbox import RunningServer, serve_in_thread

# Operations the stock registry declares as POST; the rest are GET.
POST_OPERATIONS = {"login", "logout", "create", "update", "revise", "delete"}


class _SwappableApp:
    """One socket for the whole session; each test plugs a fresh sandbox app into it.

    Starting and stopping a server per test costs a shutdown poll each time.
    """

    def __init__(self) -> None:
        self.app: Flask | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if self.app is None:
            raise RuntimeError("no vtiger sandbox app installed")
        return self.app(environ, start_response)


class VtigerClient:
    """A thin HTTP client for tests: raw calls plus helpers that assert the envelope."""

    def __init__(self, base_url: str, app: Flask) -> None:
        self.base_url = base_url
        self.endpoint = f"{base_url}/webservice.php"
        self.app = app
        self.http = requests.Session()
        self.session_name: str | None = None

    def raw_get(self, **params: Any) -> requests.Response:
        return self.http.get(self.endpoint, params=params, timeout=10)

    def raw_post(self, **data: Any) -> requests.Response:
        return self.http.post(self.endpoint, data=data, timeout=10)

    def send(self, operation: str, **params: Any) -> dict[str, Any]:
        """Call an operation the way vtiger expects (GET or POST), with the session if any."""
        params = {"operation": operation, **params}
        if self.session_name is not None and "sessionName" not in params:
            params["sessionName"] = self.session_name
        if operation in POST_OPERATIONS:
            response = self.raw_post(**params)
        else:
            response = self.raw_get(**params)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("application/json")
        return response.json()

    def ok(self, operation: str, **params: Any) -> Any:
        body = self.send(operation, **params)
        assert body["success"] is True, body
        return body["result"]

    def error(self, operation: str, **params: Any) -> dict[str, str]:
        body = self.send(operation, **params)
        assert body["success"] is False, body
        assert "result" not in body
        return body["error"]

    def access_key_for(self, username: str, key: str) -> str:
        token = self.ok("getchallenge", username=username)["token"]
        return hashlib.md5((token + key).encode()).hexdigest()

    def login(self, username: str = "admin", key: str = DEFAULT_ACCESS_KEY) -> dict[str, Any]:
        result = self.ok("login", username=username, accessKey=self.access_key_for(username, key))
        self.session_name = result["sessionName"]
        return result

    # -- shortcuts for record work ---------------------------------------------------------
    def create(self, module: str, **fields: Any) -> dict[str, Any]:
        return self.ok("create", elementType=module, element=json.dumps(fields))

    def query(self, text: str) -> list[dict[str, Any]]:
        return self.ok("query", query=text)


@pytest.fixture(scope="session")
def _vtiger_server() -> Iterator[tuple[RunningServer, _SwappableApp]]:
    holder = _SwappableApp()
    running = serve_in_thread(holder)
    yield running, holder
    running.stop()


@pytest.fixture
def make_vtiger(
    _vtiger_server: tuple[RunningServer, _SwappableApp],
) -> Callable[..., VtigerClient]:
    """Build a sandbox with the given config (and optional seed) and a client for it."""
    running, holder = _vtiger_server

    def build(config: dict[str, Any] | None = None, **seed_args: Any) -> VtigerClient:
        app = create_app(config)
        if seed_args:
            seed(app, **seed_args)
        holder.app = app
        return VtigerClient(running.url, app)

    return build


@pytest.fixture
def vtiger(make_vtiger: Callable[..., VtigerClient]) -> VtigerClient:
    """An empty sandbox, not logged in."""
    return make_vtiger()


@pytest.fixture
def api(vtiger: VtigerClient) -> VtigerClient:
    """An empty sandbox with the admin logged in."""
    vtiger.login()
    return vtiger
