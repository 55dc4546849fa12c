"""Fixtures: a Xero sandbox served on a real socket, an organisation, tokens, xero-python."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from flask import Flask
from xero_python.accounting import AccountingApi
from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token

from connectors.xero import sandbox
from hub.sdk.sandbox import serve_in_thread

CLIENT_ID = "sandbox-client"
CLIENT_SECRET = "sandbox-secret"


@dataclass
class Sandbox:
    """A running sandbox plus a requests session that speaks to it as one app."""

    app: Flask
    url: str
    http: requests.Session
    tenant_id: str = ""
    token: dict[str, Any] = field(default_factory=dict)

    def headers(self, tenant_id: str | None = None, token: str | None = None) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {token or self.token['access_token']}",
            "xero-tenant-id": tenant_id or self.tenant_id,
            "Accept": "application/json",
        }

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """An Accounting API call as the default tenant (path below /api.xro/2.0)."""
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.url}/api.xro/2.0{path}", headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def put(self, path: str, body: Any, **kwargs: Any) -> requests.Response:
        return self.call("PUT", path, json=body, **kwargs)

    def post(self, path: str, body: Any, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, json=body, **kwargs)


class _Switch:
    """A WSGI app that forwards to whichever sandbox the current test built.

    One socket server serves the whole session: stopping a werkzeug server waits out its
    half-second poll, which would otherwise cost every test half a second.
    """

    def __init__(self) -> None:
        self.app: Flask | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        assert self.app is not None, "no sandbox app is being served"
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def served() -> Iterator[tuple[_Switch, str]]:
    switch = _Switch()
    server = serve_in_thread(switch)
    try:
        yield switch, server.url
    finally:
        server.stop()


@pytest.fixture
def sandbox_config() -> dict[str, Any]:
    """Override in a test module to start the sandbox with other settings."""
    return {}


@pytest.fixture
def xero(sandbox_config: dict[str, Any], served: tuple[_Switch, str]) -> Iterator[Sandbox]:
    """A served sandbox with one AU organisation and a token for the demo app."""
    switch, url = served
    app = sandbox.create_app(sandbox_config)
    switch.app = app
    with requests.Session() as http:
        box = Sandbox(app, url, http)
        box.tenant_id = sandbox.add_organisation(app, "Test Org (AU)", "AU")
        box.token = sandbox.issue_token(app, [box.tenant_id])
        try:
            yield box
        finally:
            switch.app = None


def make_api(box: Sandbox, token: dict[str, Any] | None = None) -> AccountingApi:
    """xero-python's AccountingApi, unmodified, pointed at the sandbox."""
    current = dict(token or box.token)
    oauth2 = OAuth2Token(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    configuration = Configuration()
    configuration.oauth2_token = oauth2

    def getter() -> dict[str, Any]:
        return current

    def saver(new: dict[str, Any]) -> None:
        current.clear()
        current.update(new)

    client = ApiClient(configuration, oauth2_token_getter=getter, oauth2_token_saver=saver)
    return AccountingApi(client, base_url=f"{box.url}/api.xro/2.0")


@pytest.fixture
def accounting(xero: Sandbox) -> Iterator[AccountingApi]:
    api = make_api(xero)
    yield api
    api.api_client.rest_client.pool_manager.clear()


@pytest.fixture
def api_factory(xero: Sandbox) -> Iterator[Callable[..., AccountingApi]]:
    made: list[AccountingApi] = []

    def build(token: dict[str, Any] | None = None) -> AccountingApi:
        made.append(make_api(xero, token))
        return made[-1]

    yield build
    for api in made:
        api.api_client.rest_client.pool_manager.clear()
