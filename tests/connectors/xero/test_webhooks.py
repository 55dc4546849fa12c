"""Webhooks into the hub: Xero's signature, re-fetching what an event names, redeliveries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import TYPE_CHECKING, Any

import pytest

from hub.jobs.worker import work_burst
from hub.models import WebhookEvent

if TYPE_CHECKING:
    from conftest import XeroWorld


@pytest.fixture
def shared() -> tuple[str, ...]:
    return ("accounts", "tax_codes", "contacts", "invoices", "credit_notes")


KEY = "test-webhook-signing-key"  # the connection's webhook_key (conftest)


def _payload(world: XeroWorld, *events: tuple[str, str, str]) -> bytes:
    """A delivery as Xero sends it: (category, resource id, event type) per event."""
    body = {
        "events": [
            {
                "resourceUrl": f"{world.url}/api.xro/2.0/{category.title()}s/{resource}",
                "resourceId": resource,
                "eventDateUtc": "2026-06-21T01:15:39.902",
                "eventType": kind,
                "eventCategory": category,
                "tenantId": world.tenant_id,
                "tenantType": "ORGANISATION",
            }
            for category, resource, kind in events
        ],
        "firstEventSequence": 1,
        "lastEventSequence": len(events),
        "entropy": "S0m3r4Nd0mt3xt",
    }
    return json.dumps(body).encode()


def _sign(body: bytes, key: str = KEY) -> str:
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


def _deliver(world: XeroWorld, body: bytes, signature: str) -> Any:
    return world.client.post(
        f"/webhooks/xero/{world.connection_id}",
        data=body,
        headers={"x-xero-signature": signature, "Content-Type": "application/json"},
    )


def _stored_events(world: XeroWorld) -> int:
    with world.app.extensions["hub.db"].session() as session:
        return session.query(WebhookEvent).count()


def test_a_signed_event_fetches_the_contact_it_names(world: XeroWorld) -> None:
    world.connect()
    world.sync()
    made = world.put("/Contacts", {"Contacts": [{"Name": "Webhook Co"}]})["Contacts"][0]
    body = _payload(world, ("CONTACT", made["ContactID"], "CREATE"))
    answer = _deliver(world, body, _sign(body))
    # Xero's required answer: 200 and nothing else; the event is stored and queued.
    assert answer.status_code == 200 and answer.data == b"" and _stored_events(world) == 1
    work_burst(world.app)
    contact = world.by_external("contacts", made["ContactID"])
    assert contact["name"] == "Webhook Co"
    (run,) = [r for r in world.runs() if r.trigger == "webhook"]
    assert run.status == "succeeded" and run.api_calls == 1  # one GET /Contacts/{id}


def test_a_bad_signature_gets_401_and_nothing_is_stored(world: XeroWorld) -> None:
    world.connect()
    made = world.put("/Contacts", {"Contacts": [{"Name": "Forged Co"}]})["Contacts"][0]
    body = _payload(world, ("CONTACT", made["ContactID"], "CREATE"))
    assert _deliver(world, body, _sign(body, "not-the-key")).status_code == 401
    assert _deliver(world, body, "").status_code == 401
    assert _deliver(world, body + b" ", _sign(body)).status_code == 401  # body tampered with
    work_burst(world.app)
    assert _stored_events(world) == 0
    assert world.records("contacts") == []
    assert world.runs() == []


def test_the_same_event_delivered_twice_is_applied_once(world: XeroWorld) -> None:
    world.connect()
    world.sync()
    made = world.put("/Contacts", {"Contacts": [{"Name": "Twice Co"}]})["Contacts"][0]
    body = _payload(world, ("CONTACT", made["ContactID"], "CREATE"))
    assert _deliver(world, body, _sign(body)).status_code == 200
    work_burst(world.app)
    replay = _deliver(world, body, _sign(body))
    assert replay.status_code == 200 and _stored_events(world) == 1  # nothing new queued
    work_burst(world.app)
    assert len([r for r in world.runs() if r.trigger == "webhook"]) == 1
    assert world.by_external("contacts", made["ContactID"])["version"] == 1
    assert _stored_events(world) == 1


def test_invoice_and_credit_note_events_and_other_tenants(world: XeroWorld) -> None:
    world.connect()
    world.sync()
    contact = world.put("/Contacts", {"Contacts": [{"Name": "Event Co"}]})["Contacts"][0]
    invoice = world.put(
        "/Invoices",
        {
            "Invoices": [
                {
                    "Type": "ACCREC",
                    "Contact": {"ContactID": contact["ContactID"]},
                    "LineItems": [{"Description": "Fitting", "Quantity": 1, "UnitAmount": 30}],
                }
            ]
        },
    )["Invoices"][0]
    other = json.loads(_payload(world, ("CONTACT", contact["ContactID"], "UPDATE")))
    other["events"][0]["tenantId"] = "00000000-0000-4000-8000-000000000001"
    body = json.dumps(
        {
            **other,
            "events": [
                *json.loads(_payload(world, ("INVOICE", invoice["InvoiceID"], "CREATE")))["events"],
                *other["events"],
            ],
        }
    ).encode()
    answer = _deliver(world, body, _sign(body))
    assert answer.status_code == 200
    assert _stored_events(world) == 1  # the other organisation's event is dropped
    work_burst(world.app)
    stored = world.by_external("invoices", invoice["InvoiceID"])
    assert stored["contact_id"] == world.by_external("contacts", contact["ContactID"])["id"]


def test_intent_to_receive_payloads(world: XeroWorld) -> None:
    """Xero checks the endpoint with empty, partly mis-signed deliveries before using it."""
    world.connect()
    body = json.dumps(
        {"events": [], "firstEventSequence": 0, "lastEventSequence": 0, "entropy": "X1Y2"}
    ).encode()
    assert _deliver(world, body, _sign(body, "wrong")).status_code == 401
    good = _deliver(world, body, _sign(body))
    # Xero wants exactly 200 and an empty body, or it will not deliver to the endpoint.
    assert good.status_code == 200 and good.data == b"" and _stored_events(world) == 0
