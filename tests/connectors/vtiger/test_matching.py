"""First connection of a vtiger that already holds data: match before creating anything."""

from __future__ import annotations

from .conftest import Hub


def test_existing_records_are_matched_not_duplicated(hub: Hub) -> None:
    sb = hub.sb
    acme = sb.create("Accounts", accountname="ACME Ltd.", email1="ap@acme.test")
    sb.create(
        "Contacts", firstname="Jo", lastname="Park", email="jo@acme.test", account_id=acme["id"]
    )
    sb.create("Products", productname="Chain", productcode="SKU-1", unit_price="30")
    sb.create("Products", productname="Saddle", productcode="SKU-2", unit_price="60")
    org = hub.post("contacts", {"kind": "ORGANIZATION", "name": "Acme",
                                "emails": [{"address": "AP@acme.test"}]})  # fmt: skip
    item = hub.post("items", {"code": "sku-1", "name": "Bike chain"})

    hub.sync()  # builds the suggestions; nothing of either entity moves yet
    assert len(sb.query("select * from Accounts;")) == 1
    url = f"/api/v1/orgs/{hub.org}/connections/{hub.connection}"
    body = hub.client.get(f"{url}/matches", headers=hub.headers).json
    assert body["matching"] == {"contacts": "review", "items": "review", "invoices": "confirmed",
                                "purchase_orders": "confirmed"}  # fmt: skip
    found = {m["external_id"]: m for m in body["data"]}
    assert (found[acme["id"]]["record_id"], found[acme["id"]]["reason"]) == (
        org["id"],
        "same email: ap@acme.test",
    )
    chain = [m for m in body["data"] if m["external_label"] == "Chain"][0]
    assert (chain["record_id"], chain["reason"]) == (item["id"], "same code: sku-1")
    saddle = [m for m in body["data"] if m["external_label"] == "Saddle"][0]
    assert saddle["decision"] == "create_new"
    for entity in ("contacts", "items"):
        response = hub.client.post(f"{url}/matching/{entity}/confirm", headers=hub.headers)
        assert response.status_code == 200, response.json

    hub.sync()
    assert len(sb.query("select * from Accounts;")) == 1
    assert len(sb.query("select * from Products;")) == 2
    organization = hub.one("contacts", name="ACME Ltd.")  # vtiger's record, merged in
    assert organization.id == org["id"]
    assert [p["email"] for p in organization.data["people"]] == ["jo@acme.test"]
    assert hub.one("contacts", name="Jo Park").data["organization_id"] == org["id"]
    assert sorted(r.data["code"] for r in hub.records("items")) == ["SKU-1", "SKU-2"]
    assert hub.one("items", code="SKU-1").id == item["id"]
