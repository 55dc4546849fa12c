"""Webhooks through the hub's endpoint: verified, deduplicated by webhook id, re-read."""

from __future__ import annotations

import json
from typing import Any

from connectors.shopify.sandbox import deliver_pending, sign
from connectors.shopify.webhooks import TOPICS
from hub.jobs.worker import work_burst

SECRET = "test-app-secret"  # as in conftest


def shopify_headers(headers: dict[str, str]) -> dict[str, str]:
    """What a delivery carries that matters: Shopify's headers and the content type."""
    return {k: v for k, v in headers.items() if k.startswith("X-Shopify") or k == "Content-Type"}


def test_subscribing_is_done_once_per_topic(connector: Any, inbox: Any) -> None:
    assert sorted(connector.subscribe_webhooks(inbox.url)) == sorted(TOPICS)
    assert connector.subscribe_webhooks(inbox.url) == []


def test_an_order_delivered_three_times_is_one_invoice(
    hub: Any, shop: Any, inbox: Any, connector: Any
) -> None:
    cap = shop.product("Cap", {"price": "15.00", "sku": "CAP"})
    connector.subscribe_webhooks(inbox.url)
    hub.sync()  # the first sync settles matching; from then on webhooks are applied
    order = shop.order(
        line_items=[{"variant_id": cap["variants"][0]["id"], "quantity": 2}],
        customer={"email": "ada@example.com", "first_name": "Ada"},
    )
    assert deliver_pending(shop.app)
    headers, body = inbox.topic("orders/create")
    url = f"/webhooks/shopify/{hub.connection_id}"
    answers = [hub.client.post(url, data=body, headers=shopify_headers(headers)) for _ in range(3)]
    assert [a.status_code for a in answers] == [202, 202, 202]
    assert [a.json["queued"] for a in answers] == [1, 0, 0]
    work_burst(hub.app)

    (invoice,) = hub.records("invoices")
    assert invoice["external_ids"] == {"shopify": str(order["id"])}
    assert invoice["total"] == order["total_price"]
    # The customer, new with the order, was fetched with it.
    (contact,) = hub.records("contacts")
    (item,) = hub.records("items")
    assert invoice["contact_id"] == contact["id"] and contact["first_name"] == "Ada"
    assert invoice["lines"][0]["item_id"] == item["id"] and item["code"] == "CAP"


def test_a_bad_signature_is_refused_and_stores_nothing(
    hub: Any, shop: Any, inbox: Any, connector: Any
) -> None:
    connector.subscribe_webhooks(inbox.url)
    hub.sync()
    shop.order(line_items=[{"title": "Gift wrap", "price": "3.00", "quantity": 1}])
    deliver_pending(shop.app)
    headers, body = inbox.topic("orders/create")
    url = f"/webhooks/shopify/{hub.connection_id}"
    forged = {**shopify_headers(headers), "X-Shopify-Hmac-Sha256": sign(body, "not-the-secret")}
    assert hub.client.post(url, data=body, headers=forged).status_code == 401
    tampered = body.replace(b'"3.00"', b'"0.01"')
    assert hub.client.post(url, data=tampered, headers=shopify_headers(headers)).status_code == 401
    work_burst(hub.app)
    assert hub.records("invoices") == []
    # The genuine delivery goes through: the refusal was the signature's doing.
    assert hub.client.post(url, data=body, headers=shopify_headers(headers)).status_code == 202
    work_burst(hub.app)
    assert len(hub.records("invoices")) == 1


def headers_for(topic: str, body: bytes, webhook_id: str = "wh-1") -> dict[str, str]:
    return {
        "X-Shopify-Topic": topic,
        "X-Shopify-Webhook-Id": webhook_id,
        "X-Shopify-Hmac-Sha256": sign(body, SECRET),
        "X-Shopify-Shop-Domain": "acme.myshopify.com",
    }


def test_each_topic_names_the_records_it_changed(connector: Any) -> None:
    def events(topic: str, payload: dict[str, Any]) -> list[tuple[str, str, str, str]]:
        body = json.dumps(payload).encode()
        headers = headers_for(topic, body)
        assert connector.verify_webhook(headers, body)
        return [
            (e.event_id, e.entity, e.external_id, e.action)
            for e in connector.parse_webhook(headers, body)
        ]

    product = {"id": 1, "variants": [{"id": 11}, {"id": 12}]}
    assert events("products/update", product) == [
        ("wh-1:11", "items", "11", "update"),
        ("wh-1:12", "items", "12", "update"),
    ]
    assert events("customers/delete", {"id": 5}) == [("wh-1", "contacts", "5", "delete")]
    assert events("orders/paid", {"id": 9}) == [("wh-1", "invoices", "9", "update")]
    assert events("refunds/create", {"id": 3, "order_id": 9}) == [
        ("wh-1", "credit_notes", "9:3", "create")
    ]
    sale = {"id": 4, "order_id": 9, "kind": "sale", "status": "success"}
    assert events("order_transactions/create", sale) == [("wh-1", "payments", "9:4", "create")]
    hold = {**sale, "kind": "authorization"}
    assert events("order_transactions/create", hold) == []  # no money moved
    assert events("app/uninstalled", {"id": 0}) == []


def test_a_delivery_for_another_shop_is_refused(connector: Any) -> None:
    body = b'{"id": 1}'
    headers = {
        **headers_for("orders/create", body),
        "X-Shopify-Shop-Domain": "globex.myshopify.com",
    }
    assert not connector.verify_webhook(headers, body)
