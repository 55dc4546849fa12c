"""Customers and products both ways: records made in the hub are created in Shopify once,
updates reach the same records, and the rules leave notes for what they change."""

from __future__ import annotations

from typing import Any

PERSON = {
    "kind": "PERSON",
    "name": "Grace Hopper",
    "first_name": "Grace",
    "last_name": "Hopper",
    "emails": [{"type": "PRIMARY", "address": "grace@navy.example"}],
    "phones": [{"type": "MOBILE", "number": "+1 613 555 0199"}],
    "addresses": [
        {
            "type": "BILLING",
            "lines": ["1 Compiler Way"],
            "city": "Arlington",
            "region": "Virginia",
            "postal_code": "22201",
            "country_code": "US",
        }
    ],
}
ITEM = {
    "code": "HUB-1",
    "name": "Hub Widget",
    "description": "Made in the hub",
    "type": "PRODUCT",
    "is_sold": True,
    "sale": {"unit_price": "42.00"},
}


def shopify_customers(shop: Any) -> list[dict[str, Any]]:
    return list(shop.store.customers.records.values())


def shopify_variants(shop: Any) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """SKU -> (product, variant)."""
    return {v["sku"]: (p, v) for p in shop.store.products.records.values() for v in p["variants"]}


def test_a_customer_and_a_product_made_in_the_hub_are_created_in_shopify(
    hub: Any, shop: Any
) -> None:
    hub.sync()  # first connection: nothing to match, both sides empty
    person = hub.post("contacts", PERSON)
    item = hub.post("items", ITEM)
    outcome = hub.sync()
    assert outcome.status == "succeeded", outcome.message

    (customer,) = shopify_customers(shop)
    assert (customer["first_name"], customer["last_name"], customer["email"]) == (
        "Grace",
        "Hopper",
        "grace@navy.example",
    )
    assert customer["phone"] == "+16135550199"  # Shopify's international form
    assert customer["addresses"][0]["city"] == "Arlington"
    product, variant = shopify_variants(shop)["HUB-1"]
    assert (product["title"], str(variant["price"]), product["status"]) == (
        "Hub Widget",
        "42.00",
        "active",
    )
    assert product["body_html"] == "<p>Made in the hub</p>"
    links = hub.by_shopify_id("contacts")
    assert links[str(customer["id"])]["id"] == person["id"]
    assert hub.by_shopify_id("items")[str(variant["id"])]["id"] == item["id"]

    # Reading our own writes back changes nothing, and nothing is written twice.
    mark = len(shop.calls())
    hub.sync()
    hub.sync()
    assert all(c.method == "GET" for c in shop.calls()[mark:])
    assert len(shopify_customers(shop)) == 1 and len(shop.store.products.records) == 1
    assert hub.records("contacts")[0]["version"] == 1


def test_hub_edits_update_the_same_shopify_records(hub: Any, shop: Any) -> None:
    hub.sync()
    person, item = hub.post("contacts", PERSON), hub.post("items", ITEM)
    hub.sync()
    for entity, ident, change in (
        ("contacts", person["id"], {"last_name": "Murray Hopper", "name": "Grace Murray Hopper"}),
        ("items", item["id"], {"sale": {"unit_price": "45.50"}, "name": "Hub Widget II"}),
    ):
        answer = hub.client.patch(
            f"/api/v1/orgs/{hub.org}/{entity}/{ident}", json=change, headers=hub.headers
        )
        assert answer.status_code == 200, answer.json
    hub.sync()
    (customer,) = shopify_customers(shop)
    assert customer["last_name"] == "Murray Hopper"
    assert len(customer["addresses"]) == 1  # updated in place, not added again
    product, variant = shopify_variants(shop)["HUB-1"]
    assert (product["title"], str(variant["price"])) == ("Hub Widget II", "45.50")
    assert len(shop.store.products.records) == 1


def test_a_person_keeps_their_company_and_rules_leave_notes(hub: Any, shop: Any) -> None:
    hub.sync()
    company = hub.post("contacts", {"kind": "ORGANIZATION", "name": "Initech"})
    person = hub.post(
        "contacts",
        {
            **PERSON,
            "organization_id": company["id"],
            "emails": [
                {"type": "PRIMARY", "address": "grace@navy.example"},
                {"type": "OTHER", "address": "gh@home.example"},
            ],
            "phones": [{"type": "OFFICE", "number": "02 9999 0000"}],
        },
    )
    supplier = hub.post(
        "contacts",
        {"kind": "PERSON", "name": "Sam Supplier", "is_supplier": True, "is_customer": False},
    )
    first = hub.sync()
    # The engine prepares a batch before writing it: the person waits for the company's
    # link, made in the same batch, and goes in the next run.
    outcome = hub.sync()
    (customer,) = shopify_customers(shop)  # no customer for the company, none for the supplier
    assert customer["addresses"][0]["company"] == "Initech"
    assert customer["email"] == "grace@navy.example" and customer["phone"] is None
    contacts = hub.by_shopify_id("contacts")
    assert contacts["company:Initech"]["id"] == company["id"]
    assert contacts[str(customer["id"])]["id"] == person["id"]

    run, entries = hub.run(first)
    entries += hub.run(outcome)[1]
    notes = {(e.record_id, e.message) for e in entries if e.kind == "note"}
    assert (
        person["id"],
        "Shopify keeps one email per customer; left out: gh@home.example.",
    ) in notes
    assert any(r == person["id"] and "international form" in m for r, m in notes)
    assert any(r == company["id"] and "no company records" in m for r, m in notes)
    assert any(r == supplier["id"] and "supplier" in m for r, m in notes)
    assert run.counts["contacts"]["held"] == 1

    # Read back, the customer still points at the same organization: no duplicate company.
    shop.admin("PUT", f"customers/{customer['id']}.json", {"customer": {"note": "VIP"}})
    hub.sync()
    assert hub.by_shopify_id("contacts")[str(customer["id"])]["organization_id"] == company["id"]
    assert len([c for c in hub.records("contacts") if c["kind"] == "ORGANIZATION"]) == 1


def test_a_lost_create_is_found_again_not_duplicated(hub: Any, shop: Any, connector: Any) -> None:
    # An earlier attempt created both in Shopify but its answer never reached the hub.
    shop.admin("POST", "customers.json", {"customer": {"email": "grace@navy.example"}})
    shop.product("Hub Widget", {"sku": "HUB-1", "price": "40.00"})
    from hub.sdk.connector import WriteOp

    (contact,) = connector.write("contacts", [WriteOp("r1", "create", PERSON)])
    (widget,) = connector.write("items", [WriteOp("r2", "create", ITEM)])
    assert contact.ok and widget.ok
    (customer,) = shopify_customers(shop)
    assert contact.external_id == str(customer["id"]) and customer["first_name"] == "Grace"
    ((product, variant),) = shopify_variants(shop).values()
    assert widget.external_id == str(variant["id"]) and str(variant["price"]) == "42.00"


def test_shopifys_refusal_is_kept_per_record(connector: Any, shop: Any) -> None:
    from hub.sdk.connector import WriteOp

    shop.admin(
        "POST",
        "customers.json",
        {"customer": {"email": "taken@example.com", "phone": "+16135550100"}},
    )
    good, bad = connector.write(
        "contacts",
        [
            WriteOp("ok", "create", {**PERSON, "phones": []}),
            WriteOp(
                "dup",
                "create",
                {"kind": "PERSON", "name": "Dup", "phones": [{"number": "+16135550100"}]},
            ),
        ],
    )
    assert good.ok
    assert bad.error == "phone: has already been taken"
    assert bad.field_errors == {"phone": ["has already been taken"]}


def test_deleting_in_the_hub_removes_the_customer_and_archives_the_product(
    hub: Any, shop: Any
) -> None:
    hub.sync()
    person, item = hub.post("contacts", PERSON), hub.post("items", ITEM)
    tee = shop.product("Tee", {"option1": "S", "sku": "TEE-S"}, {"option1": "M", "sku": "TEE-M"})
    hub.sync()
    small = hub.by_shopify_id("items")[str(tee["variants"][0]["id"])]
    for entity, ident in (
        ("contacts", person["id"]),
        ("items", item["id"]),
        ("items", small["id"]),
    ):
        answer = hub.client.delete(f"/api/v1/orgs/{hub.org}/{entity}/{ident}", headers=hub.headers)
        assert answer.status_code in (200, 204), answer.json
    outcome = hub.sync()
    run, _ = hub.run(outcome)
    assert run.counts["contacts"]["app_deleted"] == 1 and run.counts["items"]["app_deleted"] == 2
    assert shopify_customers(shop) == []
    variants = shopify_variants(shop)
    # The widget's product had no other variant: archived, so its orders keep their history.
    assert variants["HUB-1"][0]["status"] == "archived"
    assert "TEE-S" not in variants and "TEE-M" in variants  # only the deleted variant went
