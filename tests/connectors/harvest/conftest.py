"""Fixtures: the Harvest sandbox on a real socket, the connector against it, and a hub
organization with a Harvest connection for runs through the sync engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from connectors.harvest import sandbox
from connectors.harvest.connector import HarvestConnector
from connectors.harvest.settings import HarvestSettings
from hub.connections import connect
from hub.sdk import Context
from hub.sdk.sandbox import RunningServer, serve_in_thread
from hub.store import Store
from hub.sync.runner import Outcome, run_sync

TOKEN, ACCOUNT = sandbox.DEFAULT_TOKEN, sandbox.DEFAULT_ACCOUNT_ID
CREDENTIALS = {"access_token": TOKEN, "account_id": ACCOUNT}


class Harvest:
    """One sandbox behind the shared socket, and a requests session speaking to it."""

    def __init__(self, app: Flask, url: str) -> None:
        self.app, self.url = app, url
        self.base = f"{url}/v2"
        self.state = sandbox.state_of(app)
        self.http = requests.Session()
        self.paths: list[str] = []  # every path served, for counting calls

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        query = environ.get("QUERY_STRING", "")
        self.paths.append(environ["PATH_INFO"] + (f"?{query}" if query else ""))
        return self.app(environ, start_response)

    def headers(self, token: str = TOKEN, account: str = ACCOUNT) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {token}",
            "Harvest-Account-Id": account,
            "User-Agent": "Tests (tests@example.com)",
        }

    def call(self, method: str, path: str, token: str = TOKEN, **kwargs: Any) -> requests.Response:
        headers = {**self.headers(token), **kwargs.pop("headers", {})}
        return self.http.request(
            method, f"{self.base}{path}", headers=headers, timeout=10, **kwargs
        )

    def entry(
        self, user_id: int, day: date, hours: str, task: str = "Development", **more: Any
    ) -> Any:
        """A time entry on the first project, through the API."""
        project = min(self.state.projects)
        task_id = next(t["id"] for t in self.state.tasks.values() if t["name"] == task)
        body = {"user_id": user_id, "project_id": project, "task_id": task_id}
        body.update(spent_date=day.isoformat(), hours=hours, **more)
        answer = self.call("POST", "/time_entries", json=body)
        assert answer.status_code == 201, answer.text
        return answer.json()


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
def make_harvest(_socket: tuple[RunningServer, _Holder]) -> Iterator[Callable[..., Harvest]]:
    """A fresh sandbox (config, optional seed arguments) plugged into the shared socket."""
    running, holder = _socket
    made: list[Harvest] = []

    def build(config: dict[str, Any] | None = None, **seed_args: Any) -> Harvest:
        app = sandbox.create_app(config)
        if seed_args:
            sandbox.seed(app, **seed_args)
        holder.app = Harvest(app, running.url)
        made.append(holder.app)
        return holder.app

    yield build
    for box in made:
        box.http.close()


@pytest.fixture
def harvest(make_harvest: Callable[..., Harvest]) -> Harvest:
    """A sandbox with the owner only: tasks and one project to log time on, no people."""
    box = make_harvest(people=0, weeks=1)
    return box


def settings_for(box: Harvest, **extra: Any) -> dict[str, Any]:
    schema = HarvestSettings()
    return schema.dump(schema.load({"base_url": box.base, **extra}))


def connector_for(box: Harvest, credentials: dict[str, Any] | None = None, **settings: Any) -> Any:
    context = Context(
        settings=settings_for(box, **settings), credentials=credentials or CREDENTIALS
    )
    return HarvestConnector(context)


class Hub:
    """A hub organization with a Harvest connection, driven through the API and the runner."""

    def __init__(self, app: Flask, client: FlaskClient, make_org: Any, box: Harvest) -> None:
        self.app, self.client, self.box = app, client, box
        app.extensions["hub.registry"].add("harvest", HarvestConnector)
        self.org, self.headers = make_org()
        self.connection = ""

    def connect(self, **settings: Any) -> None:
        with self.app.extensions["hub.db"].session() as session:
            row = connect(
                session,
                self.app,
                self.org,
                HarvestConnector,
                credentials=CREDENTIALS,
                settings=settings_for(self.box, **settings),
                tenant_id=ACCOUNT,
                tenant_name="Sandbox Studio",
            )
            self.connection = row.id

    def sync(self) -> Outcome:
        outcome = run_sync(self.app, self.connection)
        assert outcome.status == "succeeded", outcome.message
        return outcome

    def records(self, entity: str) -> list[Any]:
        with self.app.extensions["hub.db"].session() as session:
            return [r for r in Store(session, self.org).list(entity, limit=1000) if not r.deleted]

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self.client.open(
            f"/api/v1/orgs/{self.org}{path}", method=method, headers=self.headers, **kwargs
        )
        assert answer.status_code < 300, answer.json
        return answer.json


@pytest.fixture
def hub(app: Flask, client: FlaskClient, make_org: Any, harvest: Harvest) -> Hub:
    return Hub(app, client, make_org, harvest)
