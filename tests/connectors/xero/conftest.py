"""Fixtures: a Xero sandbox on a real socket and a hub organisation connected to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from connectors.xero import sandbox
from connectors.xero.connector import XeroConnector
from hub import create_app
from hub.connections import connect
from hub.models import Base, Connection, RunEntry, SyncRun
from hub.sdk.sandbox import serve_in_thread
from hub.sync.runner import Outcome, run_sync

CLIENT_ID = "sandbox-client"
CLIENT_SECRET = "sandbox-secret"
WEBHOOK_KEY = "test-webhook-signing-key"
# Roomy limits unless a test asks for Xero's own (each test's sandbox starts afresh).
ROOMY = {"limits": {"minute": 100_000, "day": 1_000_000, "concurrent": 50}}

Middleware = Callable[[dict[str, Any], Any, Callable[..., Any]], Any]


class Switch:
    """One socket server for the session, forwarding to the current test's sandbox.

    `faults` may hold WSGI middleware (environ, start_response, app) -> body, to break the
    network the way a test needs (e.g. lose a response).
    """

    def __init__(self) -> None:
        self.app: Flask | None = None
        self.faults: list[Middleware] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        assert self.app is not None, "no sandbox is being served"
        for fault in list(self.faults):
            answer = fault(environ, start_response, self.app)
            if answer is not None:
                return answer
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def _hub_app(
    database_url: str, redis_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """One hub app for this directory: building one costs half a second, and these tests
    need a fresh database and Redis, not a fresh app (see `app` below)."""
    hub_app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("xero-hub")),
            "SECRET_KEY": "test-secret-key",
        }
    )
    hub_app.extensions["hub.registry"].add("xero", XeroConnector)
    yield hub_app
    hub_app.extensions["hub.db"].dispose()


@pytest.fixture
def app(_hub_app: Flask) -> Iterator[Flask]:
    """The shared hub app, emptied after each test as tests/conftest.py's `app` is."""
    yield _hub_app
    database = _hub_app.extensions["hub.db"]
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with database.engine.begin() as conn:
        if database.is_sqlite:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
        else:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
    redis = _hub_app.extensions.pop("hub.redis", None)
    if redis is not None and _hub_app.config.get("REDIS_URL"):
        redis.flushdb()


@pytest.fixture(scope="session")
def served() -> Iterator[tuple[Switch, str]]:
    switch = Switch()
    server = serve_in_thread(switch)
    try:
        yield switch, server.url
    finally:
        server.stop()


@pytest.fixture
def sandbox_config() -> dict[str, Any]:
    """Override in a module to start the sandbox with other settings."""
    return ROOMY


@pytest.fixture
def shared() -> tuple[str, ...] | None:
    """Override in a module to share only these entities (faster syncs); None: all."""
    return None


class XeroWorld:
    """The hub app, one organisation, a Xero sandbox organisation, and helpers for both."""

    def __init__(
        self,
        app: Flask,
        client: FlaskClient,
        org: str,
        headers: dict[str, str],
        xero: Flask,
        url: str,
        switch: Switch,
    ) -> None:
        self.app, self.client, self.org, self.headers = app, client, org, headers
        self.xero, self.url, self.switch = xero, url, switch
        self.tenant_id = sandbox.add_organisation(xero, "Harbour Bikes (AU)", "AU")
        self.token = sandbox.issue_token(xero, [self.tenant_id])
        self.http = requests.Session()
        self.connection_id = ""
        self.shared: tuple[str, ...] | None = None
        self.urls = {"login_url": url, "identity_url": url, "api_url": url}

    # -- the connection ------------------------------------------------------------------

    def connect(self, settings: dict[str, Any] | None = None, **kwargs: Any) -> str:
        """Connect with the connector's full capability on the shared entities."""
        if "matrix" not in kwargs and self.shared is not None:
            entities = XeroConnector.entities
            kwargs["matrix"] = {e: entities[e].capability.value for e in self.shared}
        token = sandbox.issue_token(self.xero, [self.tenant_id])
        credentials = {
            **{k: token[k] for k in ("access_token", "refresh_token", "expires_at", "scope")},
            "token_type": "Bearer",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "webhook_key": WEBHOOK_KEY,
            **self.urls,
        }
        with self.app.extensions["hub.db"].session() as session:
            connection = connect(
                session,
                self.app,
                self.org,
                XeroConnector,
                credentials={**credentials, **kwargs.pop("credentials", {})},
                settings=settings or {},
                tenant_id=self.tenant_id,
                tenant_name="Harbour Bikes (AU)",
                **kwargs,
            )
            # Matching on first connection is the engine's business, tested elsewhere.
            connection.matching = {entity: "confirmed" for entity in XeroConnector.entities}
            self.connection_id = connection.id
        return self.connection_id

    def sync(self, **kwargs: Any) -> Outcome:
        return run_sync(self.app, self.connection_id, **kwargs)

    def connection(self) -> Connection:
        with self.app.extensions["hub.db"].session() as session:
            row = session.get(Connection, self.connection_id)
            assert row is not None
            session.expunge(row)
            return row

    def entries(self, run_id: str | None = None, kind: str | None = None) -> list[RunEntry]:
        with self.app.extensions["hub.db"].session() as session:
            query = session.query(RunEntry)
            if run_id:
                query = query.filter_by(run_id=run_id)
            if kind:
                query = query.filter_by(kind=kind)
            rows = query.all()
            session.expunge_all()
            return rows

    def runs(self) -> list[SyncRun]:
        with self.app.extensions["hub.db"].session() as session:
            rows = session.query(SyncRun).order_by(SyncRun.started_at).all()
            session.expunge_all()
            return rows

    def run_json(self, run_id: str) -> dict[str, Any]:
        answer = self.client.get(
            f"/api/v1/orgs/{self.org}/sync-runs/{run_id}", headers=self.headers
        )
        assert answer.status_code == 200, answer.json
        return answer.json

    # -- the hub's API -------------------------------------------------------------------

    def create(self, entity: str, payload: dict[str, Any]) -> dict[str, Any]:
        answer = self.client.post(
            f"/api/v1/orgs/{self.org}/{entity}", json=payload, headers=self.headers
        )
        assert answer.status_code == 201, answer.json
        return answer.json

    def patch(self, entity: str, record_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        answer = self.client.patch(
            f"/api/v1/orgs/{self.org}/{entity}/{record_id}", json=payload, headers=self.headers
        )
        assert answer.status_code == 200, answer.json
        return answer.json

    def delete(self, entity: str, record_id: str) -> None:
        answer = self.client.delete(
            f"/api/v1/orgs/{self.org}/{entity}/{record_id}", headers=self.headers
        )
        assert answer.status_code in (200, 204), answer.json

    def records(self, entity: str) -> list[dict[str, Any]]:
        answer = self.client.get(
            f"/api/v1/orgs/{self.org}/{entity}?limit=1000", headers=self.headers
        )
        assert answer.status_code == 200, answer.json
        return list(answer.json["data"])

    def record(self, entity: str, record_id: str) -> dict[str, Any]:
        answer = self.client.get(
            f"/api/v1/orgs/{self.org}/{entity}/{record_id}", headers=self.headers
        )
        assert answer.status_code == 200, answer.json
        return dict(answer.json)

    def by_external(self, entity: str, external_id: str) -> dict[str, Any]:
        found = [r for r in self.records(entity) if r["external_ids"].get("xero") == external_id]
        assert len(found) == 1, (entity, external_id, found)
        return found[0]

    # -- Xero's API, as another app would call it ----------------------------------------

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {
            "Authorization": f"Bearer {self.token['access_token']}",
            "xero-tenant-id": self.tenant_id,
            "Accept": "application/json",
            **kwargs.pop("headers", {}),
        }
        return self.http.request(method, f"{self.url}/api.xro/2.0{path}", headers=headers, **kwargs)

    def get(self, path: str, **params: Any) -> Any:
        answer = self.call("GET", path, params=params)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def put(self, path: str, body: Any) -> Any:
        answer = self.call("PUT", path, json=body)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def post(self, path: str, body: Any) -> Any:
        answer = self.call("POST", path, json=body)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def account_id(self, code: str) -> str:
        accounts = self.get("/Accounts")["Accounts"]
        return next(a["AccountID"] for a in accounts if a.get("Code") == code)


@pytest.fixture
def world(
    app: Flask,
    client: FlaskClient,
    make_org: Any,
    served: tuple[Switch, str],
    sandbox_config: dict[str, Any],
    shared: tuple[str, ...] | None,
) -> Iterator[XeroWorld]:
    switch, url = served
    xero = sandbox.create_app(sandbox_config)
    switch.app = xero
    org, headers = make_org()
    world = XeroWorld(app, client, org, headers, xero, url, switch)
    world.shared = shared
    try:
        yield world
    finally:
        world.http.close()
        switch.faults.clear()
        switch.app = None
