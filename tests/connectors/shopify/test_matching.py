"""First connection to a shop whose customers and products the hub already knows."""

from __future__ import annotations

from typing import Any

from hub.models import Connection, Match
from hub.sync import matching


def test_twins_are_matched_not_duplicated(hub: Any, shop: Any) -> None:
    company = hub.post("contacts", {"kind": "ORGANIZATION", "name": "Archer Trading Ltd"})
    person = hub.post(
        "contacts",
        {
            "kind": "PERSON",
            "name": "Ada Archer",
            "organization_id": company["id"],
            "emails": [{"type": "PRIMARY", "address": "ADA@example.com"}],
        },
    )
    item = hub.post("items", {"code": "TEE-S", "name": "Tee, small"})
    customer = shop.admin(
        "POST",
        "customers.json",
        {
            "customer": {
                "first_name": "Ada",
                "last_name": "Archer",
                "email": "ada@example.com",
                "addresses": [{"company": "Archer Trading", "city": "Ottawa"}],
            }
        },
    )["customer"]
    tee = shop.product("Tee", {"option1": "S", "sku": "TEE-S"}, {"option1": "M", "sku": "TEE-M"})

    hub.sync()
    db = hub.app.extensions["hub.db"]
    with db.session() as session:
        found = {m.external_id: (m.record_id, m.reason) for m in session.query(Match)}
    small, medium = (str(v["id"]) for v in tee["variants"])
    assert found == {
        str(customer["id"]): (person["id"], "same email: ada@example.com"),
        "company:Archer Trading": (company["id"], "same name: archer trading"),
        small: (item["id"], "same code: tee-s"),
        medium: (None, None),
    }
    with db.session() as session:
        connection = session.get(Connection, hub.connection_id)
        for entity in ("contacts", "items"):
            matching.confirm(session, connection, entity)
    hub.sync()
    contacts = hub.records("contacts")
    assert len(contacts) == 2 and len(hub.records("items")) == 2
    ada = next(c for c in contacts if c["id"] == person["id"])
    assert ada["organization_id"] == company["id"]
    assert ada["external_ids"] == {"shopify": str(customer["id"])}
    assert len(shop.store.customers.records) == 1 and len(shop.store.products.records) == 1
