"""Through the hub's engine: a seeded shop arrives with its references right, re-running
changes nothing, an incremental run reads only what changed."""

from __future__ import annotations

from collections import Counter
from typing import Any


def hub_calls(shop: Any, since: int = 0) -> list[str]:
    """The hub's calls to the shop (method and path past the API version), oldest first."""
    return [f"{c.method} {c.path.split('/2024-10/', 1)[-1]}" for c in shop.calls()[since:]]


def test_a_seeded_shop_arrives_with_its_references_right(hub: Any, shop: Any) -> None:
    shop.seed(customers=12, products=6, orders=40, seed=3)
    outcome = hub.sync()
    assert outcome.status == "succeeded", outcome.message
    run, entries = hub.run(outcome)
    assert [e.message for e in entries if e.kind == "error"] == []

    store = shop.store
    customers = store.customers.records
    contacts = hub.by_shopify_id("contacts")
    people = {k: v for k, v in contacts.items() if not k.startswith("company:")}
    assert people.keys() == {str(i) for i in customers}
    companies = {a["company"] for c in customers.values() for a in c["addresses"] if a["company"]}
    assert {k.removeprefix("company:") for k in contacts.keys() - people.keys()} == companies
    for ident, person in people.items():
        assert person["kind"] == "PERSON"
        assert person["emails"][0]["address"] == customers[int(ident)]["email"]
        company = customers[int(ident)]["addresses"][0]["company"]
        if company:  # the person points at its company's organization
            assert contacts[f"company:{company}"]["id"] == person["organization_id"]

    items = hub.by_shopify_id("items")
    variants = {str(v) for v in store.variant_product}
    assert items.keys() == variants
    skus = {r["code"] for r in items.values()}
    assert len(skus) == len(variants) and all(s.startswith("SKU-") for s in skus)

    invoices = hub.by_shopify_id("invoices")
    assert invoices.keys() == {str(i) for i in store.orders.records}
    item_ids = {r["id"]: ext for ext, r in items.items()}
    for ident, invoice in invoices.items():
        order = store.orders.records[int(ident)]
        assert contacts[str(order["customer_id"])]["id"] == invoice["contact_id"]
        lines = [li for li in invoice["lines"] if li.get("item_id")]
        assert [item_ids[li["item_id"]] for li in lines] == [
            str(li["variant_id"]) for li in order["line_items"]
        ]

    invoice_of = {r["id"]: ext for ext, r in invoices.items()}
    payments = hub.by_shopify_id("payments")
    assert payments
    for ident, payment in payments.items():
        assert invoice_of[payment["lines"][0]["invoice_id"]] == ident.split(":")[0]
    credits = hub.by_shopify_id("credit_notes")
    assert credits
    for ident, credit in credits.items():
        (allocation,) = credit["allocations"]
        assert invoice_of[allocation["invoice_id"]] == ident.split(":")[0]

    # Reading cost the minimum: a page per entity, the shop once, and the transactions of
    # each order that took money (Shopify has no way to list them across orders).
    paid = [
        o
        for o in store.orders.records.values()
        if o["financial_status"] != "pending"
        and o["financial_status"] != "authorized"
        and o["financial_status"] != "voided"
    ]
    assert run.api_calls == 4 + len(paid)
    assert Counter(c.split()[1].split("/")[0] for c in hub_calls(shop)) == {
        "customers.json": 1,
        "products.json": 1,
        "shop.json": 1,
        "orders.json": 1,
        "orders": len(paid),
    }


def test_running_again_changes_nothing(hub: Any, shop: Any) -> None:
    shop.seed(customers=6, products=4, orders=15, seed=5)
    hub.sync()
    before = {e: hub.records(e) for e in ("contacts", "items", "invoices", "payments")}
    again = hub.sync()
    run, _ = hub.run(again)
    for entity, counts in run.counts.items():
        assert not counts.get("created") and not counts.get("updated"), (entity, counts)
        assert not counts.get("app_created") and not counts.get("app_updated"), (entity, counts)
    after = {e: hub.records(e) for e in before}
    assert after == before
    assert all(call.startswith("GET ") for call in hub_calls(shop))


def test_an_incremental_run_reads_only_what_changed(hub: Any, shop: Any) -> None:
    shop.seed(customers=6, products=4, orders=15, seed=5)
    hub.sync()
    shop.age(hours=1)  # an hour later, the merchant changes one customer and takes one order
    customer = next(
        c for c in shop.store.customers.records.values() if not c["addresses"][0]["company"]
    )
    shop.admin("PUT", f"customers/{customer['id']}.json", {"customer": {"note": "Prefers email"}})
    variant = next(iter(shop.store.variant_product))
    order = shop.order(
        line_items=[{"variant_id": variant, "quantity": 1}], customer={"id": customer["id"]}
    )
    mark = len(shop.calls())
    outcome = hub.sync()
    run, _ = hub.run(outcome)
    assert run.counts["contacts"] == {"pulled": 1, "updated": 1}
    assert run.counts["invoices"] == {"pulled": 1, "created": 1}
    assert run.counts["payments"] == {"pulled": 1, "created": 1}
    assert "pulled" not in run.counts.get("items", {})
    assert hub_calls(shop, mark) == [
        "GET customers.json",
        "GET products.json",
        "GET orders.json",
        f"GET orders/{order['id']}/transactions.json",
    ]
    assert hub.by_shopify_id("contacts")[str(customer["id"])]["notes"] == "Prefers email"
