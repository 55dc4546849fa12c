"""Webhooks: subscriptions, signed deliveries with Shopify's headers, topics, retries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

from connectors.shopify.sandbox import deliver_pending, pending, start_delivery_thread

SECRET = "test-app-secret"


def subscribe(api, receiver, topic: str, **extra: object) -> dict:
    response = api.post(
        "webhooks.json",
        json={
            "webhook": {
                "topic": topic,
                "address": f"{receiver.url}/hooks/{topic.replace('/', '-')}",
                "format": "json",
                **extra,
            }
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["webhook"]


def make_product(api) -> dict:
    return api.post(
        "products.json",
        json={"product": {"title": "Cap", "variants": [{"price": "10.00", "sku": "CAP"}]}},
    ).json()["product"]


def test_delivery_is_signed_and_carries_shopify_headers(sandbox, api, receiver) -> None:
    subscribe(api, receiver, "customers/create")
    created = api.post("customers.json", json={"customer": {"email": "w@example.com"}})
    assert receiver.calls == []  # nothing leaves until deliver_pending()
    attempted = deliver_pending(sandbox.app)
    assert len(attempted) == 1 and attempted[0].status == "delivered"

    (call,) = receiver.calls
    headers, raw = call["headers"], call["body"]
    expected = base64.b64encode(hmac.new(SECRET.encode(), raw, hashlib.sha256).digest())
    assert hmac.compare_digest(headers["X-Shopify-Hmac-Sha256"].encode(), expected)
    assert headers["X-Shopify-Topic"] == "customers/create"
    assert headers["X-Shopify-Shop-Domain"] == "acme.myshopify.com"
    assert headers["X-Shopify-Api-Version"] == "2024-10"
    assert uuid.UUID(headers["X-Shopify-Webhook-Id"])
    assert uuid.UUID(headers["X-Shopify-Event-Id"])
    assert headers["X-Shopify-Triggered-At"].endswith("+00:00")
    body = json.loads(raw)
    assert "customer" not in body  # the bare resource, no root key
    assert body["id"] == created.json()["customer"]["id"]
    assert body["email"] == "w@example.com"


def test_each_change_maps_to_its_topic_including_deletes(sandbox, api, receiver) -> None:
    topics = [
        "customers/create",
        "customers/update",
        "customers/delete",
        "products/create",
        "products/update",
        "products/delete",
        "orders/create",
        "orders/updated",
        "orders/paid",
        "orders/cancelled",
        "orders/delete",
        "refunds/create",
        "order_transactions/create",
    ]
    for topic in topics:
        subscribe(api, receiver, topic)
    customer = api.post("customers.json", json={"customer": {"first_name": "T"}}).json()
    cid = customer["customer"]["id"]
    api.put(f"customers/{cid}.json", json={"customer": {"note": "n"}})
    api.delete(f"customers/{cid}.json")
    product = make_product(api)
    api.put(f"products/{product['id']}.json", json={"product": {"title": "Hat"}})
    order = api.post(
        "orders.json",
        json={
            "order": {
                "line_items": [{"variant_id": product["variants"][0]["id"], "quantity": 2}],
                "financial_status": "authorized",
            }
        },
    ).json()["order"]
    api.post(f"orders/{order['id']}/transactions.json", json={"transaction": {"kind": "capture"}})
    api.post(
        f"orders/{order['id']}/refunds.json",
        json={
            "refund": {
                "refund_line_items": [
                    {"line_item_id": order["line_items"][0]["id"], "quantity": 1}
                ],
                "transactions": [{"amount": "10.00", "kind": "refund"}],
            }
        },
    )
    api.post(f"orders/{order['id']}/cancel.json")
    api.delete(f"orders/{order['id']}.json")
    api.delete(f"products/{product['id']}.json")
    deliver_pending(sandbox.app)

    got = receiver.topics()
    assert set(got) == set(topics)
    bodies = {c["headers"]["X-Shopify-Topic"]: json.loads(c["body"]) for c in receiver.calls}
    assert bodies["customers/delete"]["id"] == cid
    assert bodies["products/delete"] == {"id": product["id"]}
    assert bodies["orders/delete"] == {"id": order["id"]}
    assert bodies["orders/paid"]["financial_status"] == "paid"
    assert bodies["refunds/create"]["order_id"] == order["id"]
    assert bodies["refunds/create"]["transactions"][0]["amount"] == "10.00"
    assert got.index("orders/create") < got.index("orders/paid") < got.index("refunds/create")


def test_failed_delivery_is_retried_with_the_same_webhook_id(sandbox, api, receiver) -> None:
    subscribe(api, receiver, "products/create")
    make_product(api)
    receiver.fail_next = 2
    for _ in range(3):
        deliver_pending(sandbox.app)
    assert len(receiver.attempts) == 3 and len(receiver.calls) == 1
    ids = {a["headers"]["X-Shopify-Webhook-Id"] for a in receiver.attempts}
    assert len(ids) == 1
    assert pending(sandbox.app) == []


def test_retries_wait_for_their_delay_then_give_up(sandbox, api, receiver, remount) -> None:
    remount(webhook_retry_delays=[60, 600], webhook_max_failed_deliveries=1)
    api = sandbox.client()
    hook = subscribe(api, receiver, "products/create")
    make_product(api)
    receiver.fail_next = 10
    start = time.time()
    deliver_pending(sandbox.app)
    assert deliver_pending(sandbox.app) == []  # the first retry is a minute away
    (waiting,) = pending(sandbox.app)
    assert waiting.attempts == 1 and waiting.next_attempt >= start + 60
    assert len(deliver_pending(sandbox.app, now=start + 61)) == 1
    assert deliver_pending(sandbox.app, now=start + 200) == []
    (last,) = deliver_pending(sandbox.app, now=start + 700)
    assert last.status == "failed" and last.history == ["HTTP 500"] * 3
    assert pending(sandbox.app) == []
    # Failing past the limit removes the subscription, as Shopify does.
    assert api.get(f"webhooks/{hook['id']}.json").status_code == 404


def test_subscription_fields_limit_the_payload(sandbox, api, receiver) -> None:
    subscribe(api, receiver, "customers/create", fields=["id", "email"])
    api.post("customers.json", json={"customer": {"email": "f@example.com"}})
    deliver_pending(sandbox.app)
    assert set(json.loads(receiver.calls[0]["body"])) == {"id", "email"}


def test_subscription_validation(sandbox, api, receiver) -> None:
    bad_topic = api.post(
        "webhooks.json",
        json={"webhook": {"topic": "orders/exploded", "address": f"{receiver.url}/hooks/x"}},
    )
    assert bad_topic.status_code == 422
    assert bad_topic.json()["errors"]["topic"][0].startswith("Invalid topic specified")
    bad_address = api.post(
        "webhooks.json", json={"webhook": {"topic": "orders/create", "address": "ftp://nowhere"}}
    )
    assert bad_address.json() == {"errors": {"address": ["is invalid"]}}
    narrow = sandbox.client(token=sandbox.token(scopes="read_customers"))
    no_scope = narrow.post(
        "webhooks.json",
        json={"webhook": {"topic": "orders/create", "address": f"{receiver.url}/hooks/x"}},
    )
    assert no_scope.status_code == 422
    assert "read_orders" in no_scope.json()["errors"]["topic"][0]


def test_subscription_update_and_count(sandbox, api, receiver) -> None:
    hook = subscribe(api, receiver, "orders/create")
    moved = api.put(
        f"webhooks/{hook['id']}.json", json={"webhook": {"address": f"{receiver.url}/hooks/moved"}}
    )
    assert moved.json()["webhook"]["address"].endswith("/hooks/moved")
    assert api.get("webhooks/count.json", params={"topic": "orders/create"}).json() == {"count": 1}
    assert api.delete(f"webhooks/{hook['id']}.json").json() == {}


def test_background_thread_delivers(sandbox, api, receiver) -> None:
    subscribe(api, receiver, "customers/create")
    worker = start_delivery_thread(sandbox.app, interval=0.02)
    try:
        api.post("customers.json", json={"customer": {"email": "bg@example.com"}})
        deadline = time.time() + 5
        while not receiver.calls and time.time() < deadline:
            time.sleep(0.02)
    finally:
        worker.stop()
    assert receiver.topics() == ["customers/create"]
