"""Console fixtures: signed-in users, the toy apps registered as connectors, a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from hub.accounts import add_member, create_org
from hub.models import User

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # webtoys, by its own name (no package under tests/)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "correct horse battery"
FAST_HASH = "pbkdf2:sha256:1000"
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


class Console:
    """A browser-less user of the console: the Flask test client plus the CSRF token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def token(self, path: str = "/signin") -> str:
        page = self.client.get(path)
        found = CSRF.search(page.get_data(as_text=True))
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST a form with this session's CSRF token, as the page's own form would."""
        return self.client.post(path, data={"csrf_token": self.token(), **(data or {})}, **kwargs)

    def sign_in(self, email: str, password: str = PASSWORD) -> Any:
        return self.post("/signin", {"email": email, "password": password})

    def text(self, path: str) -> str:
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data(as_text=True)


class People:
    """Users and organizations made straight in the database."""

    def __init__(self, app: Flask) -> None:
        self.db = app.extensions["hub.db"]

    def user(self, email: str) -> str:
        # A cheap hash: the console checks it like any other, and tests stay fast.
        with self.db.session() as session:
            user = User(email=email, password_hash=generate_password_hash(PASSWORD, FAST_HASH))
            session.add(user)
            session.flush()
            return user.id

    def org(self, name: str, **members: str) -> str:
        """An organization; `members` maps user ids to roles."""
        with self.db.session() as session:
            org_id = create_org(session, name).id
            for user_id, role in members.items():
                add_member(session, user_id, org_id, role)
        return org_id

    def join(self, user_id: str, org_id: str, role: str) -> None:
        with self.db.session() as session:
            add_member(session, user_id, org_id, role)


@pytest.fixture
def people(app: Flask) -> People:
    return People(app)


@pytest.fixture
def console(client: FlaskClient) -> Console:
    return Console(client)


@pytest.fixture
def admin(app: Flask, people: People, console: Console) -> tuple[Console, str]:
    """A signed-in admin of a new organization: (console, org id)."""
    user_id = people.user("ann@example.com")
    org_id = people.org("Acme Pty Ltd", **{user_id: "admin"})
    assert console.sign_in("ann@example.com").status_code == 302
    return console, org_id


class ToyServers:
    """The two toy apps on real sockets, started once for the whole session."""

    def __init__(self) -> None:
        from toyapps.app import create_app as toy_app

        from hub.sdk.sandbox import serve_in_thread

        self.ledger_app, self.crm_app = toy_app("L-"), toy_app("crm_")
        add_record_screen(self.crm_app)
        self.servers = [serve_in_thread(self.ledger_app), serve_in_thread(self.crm_app)]
        self.ledger_url, self.crm_url = (s.url for s in self.servers)

    def reset(self) -> None:
        """Empty both apps, as if new: each test starts from the same place."""
        for toy in (self.ledger_app, self.crm_app):
            state = toy.extensions["toy"]
            with state.lock:
                for table in state.records.values():
                    table.clear()
                state.idempotency.clear()
                state.events.clear()
                state.fail_next.clear()
                state.log.clear()
                state.calls = 0


class Toys:
    """The toy apps registered as key-based connectors of this test's hub."""

    def __init__(self, app: Flask, servers: ToyServers) -> None:
        from webtoys import WebCrm, WebLedger

        servers.reset()
        self.ledger_app, self.crm_app = servers.ledger_app, servers.crm_app
        self.ledger_url, self.crm_url = servers.ledger_url, servers.crm_url
        registry = app.extensions["hub.registry"]
        registry.add("ledger", WebLedger)
        registry.add("crm", WebCrm)
        # The marketplace's registration with each app prefills the connect form.
        app.config["APPS"] = {
            **app.config["APPS"],
            "ledger": {"base_url": self.ledger_url},
            "crm": {"base_url": self.crm_url},
        }

    def connect(self, console: Console, org: str, name: str) -> str:
        """Connect a toy through the console's form, as an admin does; returns its id."""
        url = self.crm_url if name == "crm" else self.ledger_url
        form = {"base_url": url, "api_key": "toy-key", "mode": "fast"}
        response = console.post(f"/orgs/{org}/connect/{name}", form)
        assert response.status_code == 302, response.get_data(as_text=True)
        return response.headers["Location"].split("/connections/")[1].split("?")[0]


def add_record_screen(toy: Flask) -> None:
    """The app's own page for one record, which the data browser links to."""
    state = toy.extensions["toy"]

    def screen(resource: str, rid: str) -> Any:
        record = state.records.get(resource, {}).get(rid)
        if record is None:
            return "Not found", 404
        return f"<h1>{record.get('name') or record.get('number')}</h1><p>{record.get('email')}</p>"

    toy.add_url_rule("/_toy/<resource>/<rid>", "screen", screen)


@pytest.fixture(scope="session")
def toy_servers() -> Iterator[ToyServers]:
    servers = ToyServers()
    yield servers
    for server in servers.servers:
        server.stop()


@pytest.fixture
def toy_apps(app: Flask, toy_servers: ToyServers) -> Toys:
    return Toys(app, toy_servers)


# -- the browser -----------------------------------------------------------------------------


def ensure_chromium() -> str:
    """Debian's Chromium, installed with apt when missing; Playwright never downloads one."""
    if not Path(CHROMIUM).exists():
        apt = shutil.which("apt-get")
        assert apt, "Chromium is missing and apt-get is not available to install it"
        install = [apt, "install", "-y", "--no-install-recommends", "chromium"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}  # never wait on a prompt
        if subprocess.run(install, capture_output=True, check=False, env=env).returncode != 0:
            # A fresh machine may have no package lists yet.
            subprocess.run([apt, "update"], capture_output=True, check=True, env=env)
            subprocess.run(install, capture_output=True, check=True, env=env)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = ensure_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


SCREENSHOTS: list[Path] = []


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save their screenshots: HUB_TEST_SCREENSHOTS if set (e.g.
    test-artifacts/web for CI to keep), else a folder under pytest's temporary path."""
    chosen = os.environ.get("HUB_TEST_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    SCREENSHOTS.append(folder)
    return folder


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from walk_sides import USED

    for line in [*USED, *(f"console screenshots: {folder}" for folder in SCREENSHOTS)]:
        terminalreporter.write_line(line)


@pytest.fixture
def xero(app: Flask) -> Iterator[Any]:
    """The Xero sandbox, with the hub registered as an app of it (see xero_world.py)."""
    from xero_world import XeroSandbox

    sandbox = XeroSandbox(app)
    yield sandbox
    sandbox.stop()
