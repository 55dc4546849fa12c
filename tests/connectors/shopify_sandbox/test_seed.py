"""Seeded demo data: deterministic, consistent, per shop, and silent (no webhooks)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from connectors.shopify.sandbox import create_app, install_app, pending, seed


def _emails(app, shop: str = "acme") -> list[str]:
    client = app.test_client()
    token = install_app(app, shop)
    body = client.get(
        f"/shops/{shop}/admin/api/2024-10/customers.json?limit=250",
        headers={"X-Shopify-Access-Token": token},
    ).get_json()
    return [c["email"] for c in body["customers"]]


def test_same_seed_same_data_other_seed_other_data() -> None:
    one, two, three = create_app(), create_app(), create_app()
    seed(one, "acme", customers=10, products=3, orders=5, seed=7)
    seed(two, "acme", customers=10, products=3, orders=5, seed=7)
    seed(three, "acme", customers=10, products=3, orders=5, seed=8)
    assert _emails(one) == _emails(two)
    assert _emails(one) != _emails(three)


def test_seeded_orders_are_consistent(sandbox, api, receiver) -> None:
    api.post(
        "webhooks.json",
        json={"webhook": {"topic": "orders/create", "address": f"{receiver.url}/hooks/seed"}},
    )
    made = seed(sandbox.app, "acme", customers=15, products=6, orders=60, seed=3)
    assert len(made["orders"]) == 60
    orders = api.get("orders.json", params={"status": "any", "limit": 250}).json()["orders"]
    assert len(orders) == 60
    statuses = Counter(o["financial_status"] for o in orders)
    assert {"paid", "pending", "authorized", "partially_refunded"} <= set(statuses)
    for o in orders:
        lines = sum(Decimal(li["price"]) * li["quantity"] for li in o["line_items"])
        assert Decimal(o["total_line_items_price"]) == lines
        shipping = sum(Decimal(s["discounted_price"]) for s in o["shipping_lines"])
        assert Decimal(o["total_price"]) == (
            Decimal(o["subtotal_price"]) + shipping + Decimal(o["total_tax"])
        )
        if o["financial_status"] == "partially_refunded":
            assert o["refunds"][0]["transactions"][0]["kind"] == "refund"
    assert api.get("orders/count.json").json()["count"] < 60  # some closed or cancelled
    assert pending(sandbox.app) == []  # seeding is silent even with subscribers


def test_seed_fills_only_the_named_shop(sandbox) -> None:
    seed(sandbox.app, "globex", customers=3, products=1, orders=2)
    assert sandbox.client("acme").get("customers/count.json").json() == {"count": 0}
    assert sandbox.client("globex").get("customers/count.json").json() == {"count": 3}
