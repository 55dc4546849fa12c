"""Fixtures: the vtiger sandbox on a real socket, the connector against it, and a hub org
with a vtiger connection for end-to-end runs through the sync engine."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select

from connectors.vtiger.connector import VtigerConnector, VtigerSettings
from connectors.vtiger.sandbox import DEFAULT_ACCESS_KEY, create_app, sandbox_of, seed
from hub.connections import connect
from hub.models import Change, RunEntry, SyncRun
from hub.sdk import Context
from hub.sdk.sandbox import RunningServer, serve_in_thread
from hub.store import Store
from hub.sync.runner import run_sync

POST = {"login", "create", "revise", "update", "delete", "logout"}


class Sandbox:
    """One sandbox app behind the shared socket, with a request log and fault hooks."""

    def __init__(self, app: Flask, url: str) -> None:
        self.app = app
        self.url = url
        self.state = sandbox_of(app)
        self.operations: list[str] = []
        # Called with the number of the request about to be served (1, 2, ...).
        self.before: Callable[[int], None] | None = None
        self._http = requests.Session()
        self._session: str | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        # Read the operation without consuming the body the app still has to read.
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        fields = parse_qs(environ.get("QUERY_STRING", "")) | parse_qs(body.decode())
        self.operations.append(fields.get("operation", [""])[0].lower())
        if self.before is not None:
            self.before(len(self.operations))
        return self.app(environ, start_response)

    def calls(self, operation: str | None = None) -> int:
        return len([o for o in self.operations if operation is None or o == operation])

    def expire_sessions(self) -> None:
        """Every open session is gone, as after vtiger's idle timeout."""
        with self.state.lock:
            self.state.sessions.clear()

    # -- acting as a vtiger user (another client than the hub's) ---------------------------

    def do(self, operation: str, **params: Any) -> Any:
        """An operation as the admin, outside the request log."""
        if self._session is None:
            self._session = ""
            import hashlib

            token = self.do("getchallenge", username="admin")["token"]
            key = hashlib.md5((token + DEFAULT_ACCESS_KEY).encode()).hexdigest()
            self._session = self.do("login", username="admin", accessKey=key)["sessionName"]
        params = {"operation": operation, **params}
        if self._session:
            params["sessionName"] = self._session
        endpoint = f"{self.url}/webservice.php"
        before = len(self.operations)
        if operation in POST:
            response = self._http.post(endpoint, data=params, timeout=10)
        else:
            response = self._http.get(endpoint, params=params, timeout=10)
        del self.operations[before:]
        body = response.json()
        assert body["success"], body
        return body["result"]

    def create(self, module: str, **fields: Any) -> dict[str, Any]:
        return self.do("create", elementType=module, element=json.dumps(fields))

    def revise(self, ws_id: str, **fields: Any) -> dict[str, Any]:
        return self.do("revise", element=json.dumps({"id": ws_id, **fields}))

    def query(self, text: str) -> list[dict[str, Any]]:
        return self.do("query", query=text)

    def retrieve(self, ws_id: str) -> dict[str, Any]:
        return self.do("retrieve", id=ws_id)


class _Holder:
    def __init__(self) -> None:
        self.app: Any = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def _socket() -> Iterator[tuple[RunningServer, _Holder]]:
    holder = _Holder()
    running = serve_in_thread(holder)
    yield running, holder
    running.stop()


@pytest.fixture
def make_sandbox(_socket: tuple[RunningServer, _Holder]) -> Callable[..., Sandbox]:
    """A fresh sandbox (config, optional seed) plugged into the shared socket."""
    running, holder = _socket

    def build(config: dict[str, Any] | None = None, **seed_args: Any) -> Sandbox:
        app = create_app(config)
        if seed_args:
            seed(app, **seed_args)
        holder.app = Sandbox(app, running.url)
        return holder.app

    return build


@pytest.fixture
def sandbox(make_sandbox: Callable[..., Sandbox]) -> Sandbox:
    return make_sandbox()


def settings_for(url: str, **extra: Any) -> dict[str, Any]:
    """The validated, non-secret settings (the access key is a credential, never dumped)."""
    schema = VtigerSettings()
    given = {"url": url, "username": "admin", "access_key": DEFAULT_ACCESS_KEY, **extra}
    return schema.dump(schema.load(given))


@pytest.fixture
def make_connector() -> Callable[..., VtigerConnector]:
    def build(sb: Sandbox, credentials: dict[str, Any] | None = None, **settings: Any) -> Any:
        context = Context(
            settings=settings_for(sb.url, **settings),
            credentials=credentials or {"access_key": DEFAULT_ACCESS_KEY},
        )
        return VtigerConnector(context)

    return build


class Hub:
    """A hub org with a vtiger connection, driven through the API and the sync runner."""

    def __init__(self, app: Any, client: Any, make_org: Any, sandbox: Any) -> None:
        self.app, self.client, self.sb = app, client, sandbox
        self.org, self.headers = make_org()
        with app.extensions["hub.db"].session() as session:
            connection = connect(
                session,
                app,
                self.org,
                VtigerConnector,
                credentials={"access_key": DEFAULT_ACCESS_KEY},
                settings=settings_for(sandbox.url, default_currency="AUD"),
                tenant_id=sandbox.url,
            )
            self.connection = connection.id

    def post(self, entity: str, payload: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(
            f"/api/v1/orgs/{self.org}/{entity}", json=payload, headers=self.headers
        )
        assert response.status_code == 201, response.json
        return response.json

    def sync(self) -> Any:
        outcome = run_sync(self.app, self.connection)
        assert outcome.status in ("succeeded", "partial"), outcome.message
        return outcome

    def records(self, entity: str, *, deleted: bool = False) -> list[Any]:
        with self.app.extensions["hub.db"].session() as session:
            rows = Store(session, self.org).list(entity, limit=1000, include_deleted=deleted)
            return [r for r in rows if deleted or not r.deleted]

    def one(self, entity: str, **match: Any) -> Any:
        found = [r for r in self.records(entity, deleted=True) if _matches(r.data, match)]
        assert len(found) == 1, (match, [r.data for r in found])
        return found[0]

    def run(self, outcome: Any) -> tuple[SyncRun, list[RunEntry]]:
        with self.app.extensions["hub.db"].session() as session:
            run = session.get(SyncRun, outcome.run_id)
            entries = list(session.scalars(select(RunEntry).where(RunEntry.run_id == run.id)))
            session.expunge_all()
            return run, entries

    def feed(self) -> int:
        with self.app.extensions["hub.db"].session() as session:
            return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def _matches(data: dict[str, Any], match: dict[str, Any]) -> bool:
    return all(data.get(k) == v for k, v in match.items())


AUD = {"id": 1, "currency_name": "Australia, Dollars", "currency_code": "AUD",
       "currency_symbol": "$", "conversion_rate": "1.00000"}  # fmt: skip


@pytest.fixture
def make_hub(app: Any, client: Any, make_org: Any, make_sandbox: Any) -> Callable[..., Hub]:
    """An Australian business (vtiger's base currency is AUD, as the hub's data), its vtiger
    seeded with `seed_args` if given."""

    def build(**seed_args: Any) -> Hub:
        return Hub(app, client, make_org, make_sandbox({"currencies": [AUD]}, **seed_args))

    return build


@pytest.fixture
def hub(make_hub: Callable[..., Hub]) -> Hub:
    return make_hub()
