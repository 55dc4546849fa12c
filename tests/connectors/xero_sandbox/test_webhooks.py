"""Webhooks: intent-to-receive, signed deliveries of thin events, retries, giving up."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask, Response, request
from freezegun import freeze_time

from connectors.xero import sandbox
from connectors.xero.sandbox import webhooks
from hub.sdk.sandbox import serve_in_thread

if TYPE_CHECKING:
    from conftest import Sandbox

KEY = "webhook-signing-key"


@dataclass
class Receiver:
    """A stand-in for the hub's webhook endpoint."""

    url: str = ""
    mode: str = "honest"  # honest | lenient (200 to anything) | broken (500)
    payloads: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> Flask:
        app = Flask("receiver")

        @app.post("/hook")
        def hook() -> Response:
            body = request.get_data()
            expected = base64.b64encode(hmac.new(KEY.encode(), body, hashlib.sha256).digest())
            good = hmac.compare_digest(expected.decode(), request.headers["x-xero-signature"])
            if self.mode == "broken":
                return Response(status=500)
            if self.mode == "honest" and not good:
                return Response(status=401)
            payload = json.loads(body)
            if payload["events"]:
                self.payloads.append(payload)
            return Response(status=200)

        return app


@pytest.fixture(scope="module")
def receiver_server() -> Iterator[Receiver]:
    receiver = Receiver()
    server = serve_in_thread(receiver.app())
    receiver.url = f"{server.url}/hook"
    yield receiver
    server.stop()


@pytest.fixture
def receiver(receiver_server: Receiver) -> Receiver:
    receiver_server.mode = "honest"
    receiver_server.payloads.clear()
    return receiver_server


def test_intent_to_receive_needs_right_answers(xero: Sandbox, receiver: Receiver) -> None:
    receiver.mode = "lenient"
    assert webhooks.subscribe(xero.app, receiver.url, KEY).status == "ITR_FAILED"
    receiver.mode = "honest"
    sub = webhooks.subscribe(xero.app, receiver.url + "?v=2", KEY)
    assert sub.status == "OK"
    itr = [json.loads(post["body"]) for post in sub.log]
    assert all(p["events"] == [] and p["firstEventSequence"] == 0 for p in itr)
    assert sorted(post["status"] for post in sub.log) == [200, 200, 401, 401]


def test_contact_and_invoice_events_are_signed_and_thin(xero: Sandbox, receiver: Receiver) -> None:
    webhooks.subscribe(xero.app, receiver.url, KEY)
    contact = xero.put("/Contacts", {"Name": "Hooked"}).json()["Contacts"][0]
    invoice = xero.put(
        "/Invoices",
        {
            "Type": "ACCREC",
            "Contact": {"ContactID": contact["ContactID"]},
            "LineItems": [{"Description": "x"}],
        },
    ).json()["Invoices"][0]
    xero.put(
        "/CreditNotes",
        {
            "Type": "ACCRECCREDIT",
            "Contact": {"ContactID": contact["ContactID"]},
            "LineItems": [{"Description": "y"}],
        },
    )
    assert receiver.payloads == []  # nothing leaves before a delivery run
    assert webhooks.deliver_pending(xero.app) == 3
    [payload] = receiver.payloads
    assert (payload["firstEventSequence"], payload["lastEventSequence"]) == (1, 3)
    assert payload["entropy"]
    first, second, third = payload["events"]
    assert (first["eventCategory"], first["eventType"]) == ("CONTACT", "CREATE")
    assert first["resourceId"] == contact["ContactID"] and "data" not in first
    assert first["tenantId"] == xero.tenant_id and first["tenantType"] == "ORGANISATION"
    assert second["resourceUrl"] == f"{xero.url}/api.xro/2.0/Invoices/{invoice['InvoiceID']}"
    assert third["data"] == {"Type": "ACCRECCREDIT", "Status": "DRAFT"}
    fetched = xero.http.get(second["resourceUrl"], headers=xero.headers())
    assert fetched.json()["Invoices"][0]["InvoiceID"] == invoice["InvoiceID"]
    assert webhooks.deliver_pending(xero.app) == 0


def test_events_only_reach_apps_connected_to_the_tenant(xero: Sandbox, receiver: Receiver) -> None:
    webhooks.subscribe(xero.app, receiver.url, KEY)
    other = sandbox.add_organisation(xero.app, "Unconnected", "NZ", owner="else@example.com")
    sandbox.organisation(xero.app, other).emit(
        sandbox.organisation(xero.app, other), "CONTACT", "CREATE", "c-1", None
    )
    assert webhooks.deliver_pending(xero.app) == 0


def test_failed_deliveries_are_retried_then_given_up(xero: Sandbox, receiver: Receiver) -> None:
    webhooks.subscribe(xero.app, receiver.url, KEY)
    receiver.mode = "broken"
    with freeze_time("2026-07-01 08:00:00") as frozen:
        xero.put("/Contacts", {"Name": "Retry Me"})
        assert webhooks.deliver_pending(xero.app) == 0
        assert webhooks.deliver_pending(xero.app) == 0  # the first retry is immediate
        sub = next(iter(xero.app.extensions["xero_sandbox"].extras["webhooks"].values()))
        posts = len(sub.log)
        frozen.tick(14 * 60)
        assert webhooks.deliver_pending(xero.app) == 0  # then every 15 minutes
        assert len(sub.log) == posts
        frozen.tick(60)
        receiver.mode = "honest"
        assert webhooks.deliver_pending(xero.app) == 1
        assert receiver.payloads[0]["events"][0]["eventType"] == "CREATE"

        receiver.mode = "broken"
        xero.put("/Contacts", {"Name": "Never Arrives"})
        webhooks.deliver_pending(xero.app)
        for _ in range(100):
            frozen.tick(15 * 60)
            webhooks.deliver_pending(xero.app)
    assert sub.status == "DISABLED" and sub.queue == []


def test_admin_endpoint_subscribes_and_delivers(xero: Sandbox, receiver: Receiver) -> None:
    admin = f"{xero.url}/sandbox/admin"
    answer = xero.http.post(f"{admin}/webhooks", json={"url": receiver.url, "key": KEY})
    assert answer.json()["status"] == "OK"
    xero.put("/Contacts", {"Name": "Via Admin"})
    assert xero.http.post(f"{admin}/webhooks/deliver").json() == {"delivered": 1}
    assert xero.http.get(f"{admin}/webhooks").json()[0]["queued"] == 0


def test_background_thread_delivers_configured_subscription(receiver: Receiver) -> None:
    app = sandbox.create_app(
        {
            "webhooks": [{"url": receiver.url, "key": KEY}],
            "webhook_thread": True,
            "webhook_poll_seconds": 0.02,
        }
    )
    try:
        tenant = sandbox.add_organisation(app, "Threaded")
        token = sandbox.issue_token(app, [tenant])
        headers = {"Authorization": f"Bearer {token['access_token']}", "xero-tenant-id": tenant}
        app.test_client().put("/api.xro/2.0/Contacts", json={"Name": "Async"}, headers=headers)
        for _ in range(200):
            if receiver.payloads:
                break
            time.sleep(0.01)
    finally:
        webhooks.stop(app)
    assert receiver.payloads[0]["events"][0]["eventCategory"] == "CONTACT"
