"""Fixtures: Xero, vtiger and Shopify sandboxes on real sockets, one hub organization
connected to them, and helpers to act in each app as its own user would."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from connectors.shopify import sandbox as shopify_sandbox
from connectors.vtiger import sandbox as vtiger_sandbox
from connectors.xero import sandbox as xero_sandbox
from connectors.xero.connector import XeroConnector
from hub.connections import connect
from hub.jobs.tasks import _run, bind_app
from hub.jobs.worker import work_burst
from hub.models import RunEntry, SyncRun
from hub.sdk.sandbox import RunningServer, serve_in_thread
from hub.store import Store

XERO_CLIENT = ("sandbox-client", "sandbox-secret")
SHOP_KEY, SHOP_SECRET, MERCHANT = "test-app-key", "test-app-secret", "shpat_merchant"
SHOP_SCOPES = "read_customers,write_customers,read_products,write_products,read_orders,write_orders"
AUD = {"id": 1, "currency_name": "Australia, Dollars", "currency_code": "AUD",
       "currency_symbol": "$", "conversion_rate": "1.00000"}  # fmt: skip
VTIGER_WRITES = {"create", "revise", "update", "delete"}


class Mount:
    """One socket for the session, forwarding to this test's sandbox and logging writes."""

    def __init__(self) -> None:
        self.app: Any = None
        self.writes: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if path.endswith("webservice.php"):  # vtiger: the operation says what it does
            fields = parse_qs(environ.get("QUERY_STRING", ""))
            if method == "POST" and "json" not in environ.get("CONTENT_TYPE", ""):
                fields |= parse_qs(body.decode())
            operation = fields.get("operation", [""])[0].lower()
            if operation in VTIGER_WRITES:
                self.writes.append(f"{operation} {fields.get('elementType', [''])[0]}")
        elif method in ("POST", "PUT", "DELETE") and "/connect/token" not in path:
            self.writes.append(f"{method} {path}")
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def _mounts() -> Iterator[dict[str, tuple[Mount, RunningServer]]]:
    mounts = {}
    for name in ("xero", "vtiger", "shopify"):
        mount = Mount()
        mounts[name] = (mount, serve_in_thread(mount))
    yield mounts
    for _, running in mounts.values():
        running.stop()


class Apps:
    """The hub organization and its apps: Xero, vtiger and a Shopify shop."""

    def __init__(
        self,
        app: Flask,
        client: FlaskClient,
        org: str,
        headers: dict[str, str],
        mounts: dict[str, tuple[Mount, RunningServer]],
    ) -> None:
        self.app, self.client, self.org, self.headers = app, client, org, headers
        self.mounts = mounts
        self.ids: dict[str, str] = {}  # connector name -> connection id
        self.http = requests.Session()
        # Xero's 60 calls a minute would make these tests wait for the next minute; the
        # sandbox runs with roomy limits, and so does the hub's shared budget here.
        roomy = type("RoomyXero", (XeroConnector,), {"calls_per_minute": None})
        app.extensions["hub.registry"].add("xero", roomy)
        self.xero = xero_sandbox.create_app(
            {"limits": {"minute": 100_000, "day": 1_000_000, "concurrent": 50}}
        )
        self.tenant = xero_sandbox.add_organisation(self.xero, "Harbour Bikes (AU)", "AU")
        self.xero_token = xero_sandbox.issue_token(self.xero, [self.tenant])["access_token"]
        self.crm = vtiger_sandbox.create_app({"currencies": [AUD]})
        self.crm_session: str | None = None
        self.shop: Flask | None = None
        mounts["xero"][0].app, mounts["vtiger"][0].app = self.xero, self.crm

    def url(self, name: str) -> str:
        return self.mounts[name][1].url

    def writes(self, name: str) -> list[str]:
        return list(self.mounts[name][0].writes)

    # -- connections ---------------------------------------------------------------------

    def _connect(
        self, name: str, credentials: dict[str, Any], settings: dict[str, Any], tenant: str
    ) -> str:
        connector = self.app.extensions["hub.registry"].get(name)
        with self.app.extensions["hub.db"].session() as session:
            kwargs = {"credentials": credentials, "settings": settings, "tenant_id": tenant}
            row = connect(session, self.app, self.org, connector, **kwargs)
            # Matching on first connection is tested elsewhere; here every app starts empty.
            row.matching = {entity: "confirmed" for entity in connector.entities}
            self.ids[name] = row.id
        return row.id

    def connect_xero(self, **settings: Any) -> str:
        token = xero_sandbox.issue_token(self.xero, [self.tenant])
        url = self.url("xero")
        credentials = {
            **{k: token[k] for k in ("access_token", "refresh_token", "expires_at", "scope")},
            "token_type": "Bearer",
            "client_id": XERO_CLIENT[0],
            "client_secret": XERO_CLIENT[1],
            **{k: url for k in ("login_url", "identity_url", "api_url")},
        }
        return self._connect("xero", credentials, settings, self.tenant)

    def connect_vtiger(self) -> str:
        settings = {"url": self.url("vtiger"), "username": "admin", "default_currency": "AUD"}
        key = {"access_key": vtiger_sandbox.DEFAULT_ACCESS_KEY}
        return self._connect("vtiger", key, settings, self.url("vtiger"))

    def connect_shopify(self, **shop: Any) -> str:
        config = {
            "api_key": SHOP_KEY,
            "api_secret": SHOP_SECRET,
            "shops": {"acme": {"tokens": {MERCHANT: SHOP_SCOPES}, **shop}},
            "webhook_retry_delays": [0],
            "bucket_size": 400,
            "leak_rate": 20.0,
        }
        self.shop = shopify_sandbox.create_app(config)
        self.mounts["shopify"][0].app = self.shop
        token = shopify_sandbox.install_app(self.shop, "acme")
        credentials = {"access_token": token, "api_key": SHOP_KEY, "api_secret": SHOP_SECRET}
        settings = {"base_url": f"{self.url('shopify')}/shops/{{shop}}.myshopify.com"}
        return self._connect("shopify", credentials, settings, "acme.myshopify.com")

    def sync(self, name: str) -> Any:
        """One sync of an app's connection as the worker runs it, then the routed syncs."""
        bind_app(self.app)
        outcome = _run(self.app, self.ids[name], "manual", None, False, True)
        assert outcome.status in ("succeeded", "partial"), outcome.message
        work_burst(self.app)
        with self.app.extensions["hub.db"].session() as session:
            failed = [r.message for r in session.scalars(select(SyncRun)) if r.status == "failed"]
        assert not failed, failed  # a routed sync that failed would otherwise go unseen
        return outcome

    # -- the hub's records and runs ------------------------------------------------------

    def records(self, entity: str) -> list[Any]:
        with self.app.extensions["hub.db"].session() as session:
            rows = Store(session, self.org).list(entity, limit=1000)
            session.expunge_all()
            return [r for r in rows if not r.deleted]

    def versions(self) -> dict[str, int]:
        with self.app.extensions["hub.db"].session() as session:
            store = Store(session, self.org)
            return {
                r.id: r.version
                for entity in ("contacts", "items", "invoices", "payments", "credit_notes")
                for r in store.list(entity, limit=1000, include_deleted=True)
            }

    def notes(self) -> list[str]:
        with self.app.extensions["hub.db"].session() as session:
            return [str(e.message) for e in session.scalars(select(RunEntry))]

    # -- each app, as its own user works in it -------------------------------------------

    def in_xero(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        auth = {"Authorization": f"Bearer {self.xero_token}", "xero-tenant-id": self.tenant}
        headers = {**auth, "Accept": "application/json"}
        answer = self.http.request(
            method,
            f"{self.url('xero')}/api.xro/2.0{path}",
            json=body,
            params=params,
            headers=headers,
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    def in_vtiger(self, operation: str, **params: Any) -> Any:
        if self.crm_session is None:
            self.crm_session = ""  # signing in: these two calls go without a session
            token = self.in_vtiger("getchallenge", username="admin")["token"]
            key = hashlib.md5((token + vtiger_sandbox.DEFAULT_ACCESS_KEY).encode()).hexdigest()
            self.crm_session = self.in_vtiger("login", username="admin", accessKey=key)[
                "sessionName"
            ]
        params = {"operation": operation, **params}
        if self.crm_session:
            params["sessionName"] = self.crm_session
        endpoint = f"{self.url('vtiger')}/webservice.php"
        mount = self.mounts["vtiger"][0]
        before = len(mount.writes)
        if operation in VTIGER_WRITES | {"login"}:
            answer = self.http.post(endpoint, data=params, timeout=10)
        else:
            answer = self.http.get(endpoint, params=params, timeout=10)
        del mount.writes[before:]  # a user's own work is not the hub's
        body = answer.json()
        assert body["success"], body
        return body["result"]

    def vtiger_create(self, module: str, **fields: Any) -> dict[str, Any]:
        return self.in_vtiger("create", elementType=module, element=json.dumps(fields))

    def vtiger_revise(self, ws_id: str, **fields: Any) -> dict[str, Any]:
        return self.in_vtiger("revise", element=json.dumps({"id": ws_id, **fields}))

    def vtiger_query(self, text: str) -> list[dict[str, Any]]:
        return self.in_vtiger("query", query=text)

    def in_shop(self, method: str, path: str, body: Any = None) -> Any:
        mount = self.mounts["shopify"][0]
        before = len(mount.writes)
        answer = self.http.request(
            method,
            f"{self.url('shopify')}/shops/acme.myshopify.com/admin/api/2024-10/{path}",
            json=body,
            headers={"X-Shopify-Access-Token": MERCHANT},
            timeout=10,
        )
        del mount.writes[before:]
        assert answer.status_code < 300, answer.text
        return answer.json()


@pytest.fixture
def apps(
    app: Flask,
    client: FlaskClient,
    make_org: Any,
    _mounts: dict[str, tuple[Mount, RunningServer]],
) -> Iterator[Apps]:
    org, headers = make_org()
    world = Apps(app, client, org, headers, _mounts)
    try:
        yield world
    finally:
        world.http.close()
        for mount, _ in _mounts.values():
            mount.app, mount.writes = None, []
