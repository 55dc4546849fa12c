"""Shared fixtures: app, client, database and Redis (real when HUB_TEST_* say so)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from hub import create_app
from hub.accounts import create_api_key, create_org
from hub.db import Database
from hub.migrate import upgrade
from hub.models import Base


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def _start_postgres() -> None:
    if shutil.which("pg_ctlcluster") and Path("/etc/postgresql").is_dir():
        for version in os.listdir("/etc/postgresql"):
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                capture_output=True,
                timeout=60,
                check=False,
            )


def _start_redis() -> None:
    if shutil.which("redis-server"):
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            capture_output=True,
            timeout=30,
            check=False,
        )


def _service_url(name: str, default_port: int, start: Any) -> str | None:
    """The URL in HUB_TEST_<name>_URL, starting the local service if it is down."""
    url = os.environ.get(f"HUB_TEST_{name}_URL")
    if not url:
        return None
    if not _reachable(url, default_port):
        start()
        for _ in range(30):
            if _reachable(url, default_port):
                break
            time.sleep(0.5)
        else:
            # Not a warning: warnings are errors in this suite, and falling back is allowed.
            print(f"\n{name} at {url} cannot be had; using the embedded default", file=sys.stderr)
            return None
    return url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _service_url("DATABASE", 5432, _start_postgres)
    if url is None:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'hub.db'}"
    from hub.config import normalise_database_url

    url = normalise_database_url(url)
    if not url.startswith("sqlite"):
        database = Database(url)
        with database.engine.begin() as conn:  # start every session from empty
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        database.dispose()
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def redis_url() -> str | None:
    """A real Redis when HUB_TEST_REDIS_URL is set (and reachable), else None (fakeredis)."""
    return _service_url("REDIS", 6379, _start_redis)


@pytest.fixture(autouse=True)
def _fresh_redis(redis_url: str | None) -> None:
    """Every test starts with an empty test Redis: queues, locks and rate-limit budgets
    (keyed by app tenant, which the sandboxes reuse) must not leak from one test to the next."""
    if redis_url:
        from redis import Redis

        client = Redis.from_url(redis_url)
        client.flushdb()
        client.close()


def _empty_tables(database: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with database.engine.begin() as conn:
        if database.is_sqlite:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
        else:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))


@pytest.fixture
def app(database_url: str, redis_url: str | None, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "test-secret-key",
        }
    )
    yield app
    database: Database = app.extensions["hub.db"]
    _empty_tables(database)
    database.dispose()
    if redis_url and "hub.redis" in app.extensions:
        app.extensions["hub.redis"].flushdb()  # a test database of Redis (db 15 by default)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask) -> Database:
    return app.extensions["hub.db"]


class OrgFactory:
    """Creates organizations with an API key, and the headers to use it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __call__(self, name: str = "Acme Pty Ltd") -> tuple[str, dict[str, str]]:
        with self.db.session() as session:
            org = create_org(session, name)
            key = create_api_key(session, org.id)
            org_id = org.id
        return org_id, {"Authorization": f"Bearer {key}"}


@pytest.fixture
def make_org(db: Database) -> OrgFactory:
    return OrgFactory(db)


class Seeder:
    """Creates records through the API, with whatever records they refer to first."""

    def __init__(self, client: FlaskClient, org: str, headers: dict[str, str]) -> None:
        self.client, self.org, self.headers = client, org, headers
        self.ids: dict[str, str] = {}

    def refs(self, entity: str) -> dict[str, str]:
        """Ensure one record of every entity `entity` refers to; return their ids."""
        import schema
        from schema.samples import sample

        needed: set[str] = set()
        todo = [entity]
        while todo:
            for _, target in schema.references(todo.pop()):
                if target != entity and target not in needed:
                    needed.add(target)
                    todo.append(target)
        for dep in schema.dependency_order():
            if dep in needed and dep not in self.ids:
                response = self.client.post(
                    f"/api/v1/orgs/{self.org}/{dep}",
                    json=sample(dep, self.ids),
                    headers=self.headers,
                )
                assert response.status_code == 201, (dep, response.json)
                self.ids[dep] = response.json["id"]
        return dict(self.ids)

    def create(self, entity: str, **changes: Any) -> dict[str, Any]:
        from schema.samples import sample

        payload = {**sample(entity, self.refs(entity)), **changes}
        response = self.client.post(
            f"/api/v1/orgs/{self.org}/{entity}", json=payload, headers=self.headers
        )
        assert response.status_code == 201, (entity, response.json)
        return response.json


@pytest.fixture
def seeder(client: FlaskClient, make_org: OrgFactory) -> Seeder:
    org, headers = make_org()
    return Seeder(client, org, headers)


# Test helpers that are not tests (the toy apps) live in tests/support; it is put on the
# path by its own name so it never shadows a real package.
sys.path.insert(0, str(Path(__file__).parent / "support"))


class ToyWorld:
    """Two toy apps on real sockets, registered as connectors, and helpers to sync them."""

    def __init__(self, app: Flask, make_org: OrgFactory) -> None:
        from toyapps.app import create_app as toy_app
        from toyapps.connector import CrmConnector, LedgerConnector

        from hub.sdk.sandbox import serve_in_thread

        self.app = app
        self.ledger_app, self.crm_app = toy_app("L-"), toy_app("crm_")
        self.servers = [serve_in_thread(self.ledger_app), serve_in_thread(self.crm_app)]
        registry = app.extensions["hub.registry"]
        registry.add("ledger", LedgerConnector)
        registry.add("crm", CrmConnector)
        self.org, self.headers = make_org()
        self.ledger = self.connect(LedgerConnector, self.servers[0].url)
        self.crm = self.connect(CrmConnector, self.servers[1].url)

    def connect(self, connector: Any, url: str, **kwargs: Any) -> str:
        from hub.connections import connect

        with self.app.extensions["hub.db"].session() as session:
            connection = connect(
                session,
                self.app,
                self.org,
                connector,
                credentials={"api_key": "toy-key", "webhook_secret": "toy-webhook-secret"},
                settings={"base_url": url},
                tenant_id=url,
                **kwargs,
            )
            return connection.id

    def sync(self, connection_id: str, **kwargs: Any) -> Any:
        """One sync as the worker runs it, then every job it queued (the routed pushes)."""
        from hub.jobs.tasks import _run, bind_app
        from hub.jobs.worker import work_burst

        bind_app(self.app)
        outcome = _run(
            self.app,
            connection_id,
            "manual",
            kwargs.get("entities"),
            kwargs.get("full", False),
            kwargs.get("pull", True),
        )
        work_burst(self.app)
        return outcome

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


@pytest.fixture
def toys(app: Flask, make_org: OrgFactory) -> Iterator[ToyWorld]:
    world = ToyWorld(app, make_org)
    yield world
    world.stop()
