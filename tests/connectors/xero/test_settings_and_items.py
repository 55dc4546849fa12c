"""The chart, tax rates, tracking and the organisation pulled; items both ways."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import XeroWorld


@pytest.fixture
def shared() -> tuple[str, ...]:
    return ("company", "accounts", "tax_codes", "tracking_categories", "items")


def _one(world: XeroWorld, entity: str, **match: Any) -> dict[str, Any]:
    found = [r for r in world.records(entity) if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (entity, match, len(found))
    return found[0]


def test_the_chart_tax_rates_tracking_and_organisation_arrive(world: XeroWorld) -> None:
    region = world.put("/TrackingCategories", {"Name": "Region"})["TrackingCategories"][0]
    path = f"/TrackingCategories/{region['TrackingCategoryID']}/Options"
    world.put(path, {"Options": [{"Name": "North"}, {"Name": "South"}]})
    world.connect()
    assert world.sync().status == "succeeded"

    output = _one(world, "tax_codes", code="OUTPUT")
    assert (output["name"], output["rate"], output["applies_to_sales"]) == (
        "GST on Income",
        "10",
        True,
    )
    assert output["components"] == [
        {"name": "GST", "rate": "10", "is_compound": False, "is_non_recoverable": False}
    ]
    assert len(world.records("accounts")) == len(world.get("/Accounts")["Accounts"])
    bank = _one(world, "accounts", code="090")
    assert (bank["type"], bank["class"], bank["bank_account_type"]) == ("BANK", "ASSET", "BANK")
    assert bank["bank_account_number"] == "120-100-12345678"
    sales = _one(world, "accounts", code="200")
    assert (sales["type"], sales["tax_code_id"]) == ("REVENUE", output["id"])
    assert _one(world, "accounts", code="610")["system_account"] == "DEBTORS"
    tracking = _one(world, "tracking_categories", name="Region")
    assert [o["name"] for o in tracking["options"]] == ["North", "South"]
    assert tracking["external_ids"] == {"xero": region["TrackingCategoryID"]}
    (company,) = world.records("company")
    assert (company["name"], company["base_currency"], company["country_code"]) == (
        "Harbour Bikes (AU)",
        "AUD",
        "AU",
    )
    assert company["financial_year_end"] == {"day": 30, "month": 6}


def test_settings_entities_are_never_pushed(world: XeroWorld) -> None:
    world.connect()
    world.sync()
    before = len(world.get("/Accounts")["Accounts"])
    world.create("accounts", {"name": "Hub-only account", "code": "999", "type": "EXPENSE"})
    world.create("tax_codes", {"name": "Hub tax", "code": "HUBTAX", "rate": "5"})
    outcome = world.sync()
    assert outcome.status == "succeeded"
    assert len(world.get("/Accounts")["Accounts"]) == before
    assert "HUBTAX" not in {t["TaxType"] for t in world.get("/TaxRates")["TaxRates"]}


def test_a_xero_item_arrives_with_accounts_and_tax_as_references(world: XeroWorld) -> None:
    world.put(
        "/Items",
        {
            "Items": [
                {
                    "Code": "BIKE-RD-54",
                    "Name": "Road bike 54cm",
                    "Description": "Aluminium road bike",
                    "SalesDetails": {"UnitPrice": 1250, "AccountCode": "200", "TaxType": "OUTPUT"},
                    "PurchaseDetails": {
                        "UnitPrice": 780.5,
                        "AccountCode": "300",
                        "TaxType": "INPUT",
                    },
                }
            ]
        },
    )
    world.connect()
    world.sync()
    item = _one(world, "items", code="BIKE-RD-54")
    assert item["sale"] == {
        "unit_price": "1250.00",
        "tax_inclusive": False,
        "tax_code_id": _one(world, "tax_codes", code="OUTPUT")["id"],
        "account_id": _one(world, "accounts", code="200")["id"],
    }
    assert item["purchase"]["unit_price"] == "780.50"
    assert item["purchase"]["account_id"] == _one(world, "accounts", code="300")["id"]
    assert item["purchase"]["tax_code_id"] == _one(world, "tax_codes", code="INPUT")["id"]

    # Unchanged items are not read again; a change in Xero is.
    quiet = world.sync()
    assert "pulled" not in world.run_json(str(quiet.run_id))["counts"].get("items", {})
    world.post("/Items", {"Items": [{"Code": "BIKE-RD-54", "Name": "Road bike 54 cm"}]})
    world.sync()
    assert _one(world, "items", code="BIKE-RD-54")["name"] == "Road bike 54 cm"


def test_a_hub_item_reaches_xero_without_its_stock_count(world: XeroWorld) -> None:
    world.connect()
    world.sync()
    output = _one(world, "tax_codes", code="OUTPUT")["id"]
    sales = _one(world, "accounts", code="200")["id"]
    item = world.create(
        "items",
        {
            "code": "HELMET-M",
            "name": "Helmet, MIPS, size M",
            "is_sold": True,
            "is_purchased": False,
            "sale": {"unit_price": "89.95", "tax_code_id": output, "account_id": sales},
            "quantity_on_hand": "14",
        },
    )
    outcome = world.sync()
    assert outcome.status == "succeeded"
    (xero,) = world.get("/Items")["Items"]
    assert xero["Code"] == "HELMET-M" and xero["IsPurchased"] is False
    assert xero["SalesDetails"] == {"UnitPrice": 89.95, "AccountCode": "200", "TaxType": "OUTPUT"}
    assert "QuantityOnHand" not in xero
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert any("Quantity on hand is not sent" in n for n in notes), notes
    assert world.record("items", item["id"])["external_ids"] == {"xero": xero["ItemID"]}
    again = world.sync()
    assert world.record("items", item["id"])["version"] == 1
    assert "sent" not in world.run_json(str(again.run_id))["counts"].get("items", {})


def test_item_prices_are_turned_to_xeros_tax_basis_with_a_note(world: XeroWorld) -> None:
    world.connect(settings={"prices_include_tax": False})
    world.sync()
    output = _one(world, "tax_codes", code="OUTPUT")["id"]
    world.create(
        "items",
        {
            "code": "TUBE-700",
            "name": "Inner tube",
            "sale": {"unit_price": "11.00", "tax_inclusive": True, "tax_code_id": output},
        },
    )
    outcome = world.sync()
    (xero,) = world.get("/Items", unitdp=4)["Items"]
    assert xero["SalesDetails"]["UnitPrice"] == 10.0
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert any("11.00 was sent as 10.00" in n for n in notes), notes


def test_deleting_a_hub_item_deletes_it_in_xero(world: XeroWorld) -> None:
    world.connect()
    world.sync()
    item = world.create("items", {"code": "GONE-1", "name": "Short-lived"})
    world.sync()
    assert len(world.get("/Items")["Items"]) == 1
    world.delete("items", item["id"])
    assert world.sync().status == "succeeded"
    assert world.get("/Items")["Items"] == []


def test_stock_counts_and_deletions_in_xero_reach_the_hub(world: XeroWorld) -> None:
    tracked = {
        "Code": "TUBE",
        "Name": "Inner tube",
        "InventoryAssetAccountCode": "630",
        "PurchaseDetails": {"UnitPrice": 4, "COGSAccountCode": "310"},
    }
    made = world.put("/Items", {"Items": [tracked, {"Code": "OLD", "Name": "Old stock"}]})["Items"]
    world.connect()
    world.sync()
    assert _one(world, "items", code="TUBE")["quantity_on_hand"] == "0"
    supplier = world.put("/Contacts", {"Contacts": [{"Name": "Tube Supplier"}]})["Contacts"][0]
    world.put(
        "/Invoices",
        {
            "Invoices": [
                {
                    "Type": "ACCPAY",
                    "Status": "AUTHORISED",
                    "Contact": {"ContactID": supplier["ContactID"]},
                    "LineItems": [{"ItemCode": "TUBE", "Quantity": 5, "UnitAmount": 4}],
                }
            ]
        },
    )
    assert world.call("DELETE", f"/Items/{made[1]['ItemID']}").status_code == 204
    world.sync()
    assert _one(world, "items", code="TUBE")["quantity_on_hand"] == "5"
    assert [r["code"] for r in world.records("items")] == ["TUBE"]  # OLD is a tombstone now
