"""Invoices and bills both ways, with numbering, status and Xero's document rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import XeroWorld


@pytest.fixture
def shared() -> tuple[str, ...]:
    return ("accounts", "tax_codes", "tracking_categories", "contacts", "items", "invoices")


def _one(world: XeroWorld, entity: str, **match: Any) -> dict[str, Any]:
    found = [r for r in world.records(entity) if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (entity, match, len(found))
    return found[0]


def _setup(world: XeroWorld, **settings: Any) -> dict[str, str]:
    """A connected hub with Xero's chart, a Region category and a bike item; a hub contact."""
    region = world.put("/TrackingCategories", {"Name": "Region"})["TrackingCategories"][0]
    path = f"/TrackingCategories/{region['TrackingCategoryID']}/Options"
    world.put(path, {"Options": [{"Name": "North"}]})
    world.put(
        "/Items",
        {"Items": [{"Code": "BIKE", "Name": "Road bike", "SalesDetails": {"UnitPrice": 1250}}]},
    )
    world.connect(settings=settings)
    world.sync()
    contact = world.create("contacts", {"kind": "ORGANIZATION", "name": "Northside Club"})
    return {
        "contact": contact["id"],
        "item": _one(world, "items", code="BIKE")["id"],
        "sales": _one(world, "accounts", code="200")["id"],
        "output": _one(world, "tax_codes", code="OUTPUT")["id"],
        "region": _one(world, "tracking_categories", name="Region")["id"],
    }


def _invoice(ids: dict[str, str], **changes: Any) -> dict[str, Any]:
    return {
        "type": "SALES",
        "number": "SHOP-1001",
        "reference": "Club fleet order",
        "contact_id": ids["contact"],
        "issue_date": "2026-03-04",
        "due_date": "2026-03-18",
        "status": "AUTHORISED",
        "line_amount_type": "EXCLUSIVE",
        "lines": [
            {
                "item_id": ids["item"],
                "description": "Road bike 54cm",
                "quantity": "2",
                "unit_price": "1250.00",
                "discount_rate": "10",
                "account_id": ids["sales"],
                "tax_code_id": ids["output"],
                "tracking": [{"category_id": ids["region"], "option": "North"}],
            },
            {"description": "Assembly", "quantity": "1", "unit_price": "80.00"},
        ],
        **changes,
    }


def test_a_hub_invoice_reaches_xero_and_is_not_echoed_back(world: XeroWorld) -> None:
    ids = _setup(world)
    invoice = world.create("invoices", _invoice(ids))
    outcome = world.sync()
    assert outcome.status == "succeeded", world.entries(str(outcome.run_id))
    (xero,) = world.get("/Invoices", page=1)["Invoices"]
    assert (xero["Type"], xero["InvoiceNumber"], xero["Reference"], xero["Status"]) == (
        "ACCREC",
        "SHOP-1001",
        "Club fleet order",
        "AUTHORISED",
    )
    first, second = xero["LineItems"]
    assert (first["ItemCode"], first["AccountCode"], first["TaxType"]) == ("BIKE", "200", "OUTPUT")
    assert first["DiscountRate"] == 10 and first["LineAmount"] == 2250
    assert [(t["Name"], t["Option"]) for t in first["Tracking"]] == [("Region", "North")]
    assert second["AccountCode"] == "200"  # the default sales account
    assert xero["Total"] == 2330 + 225 + 8  # lines, GST on the bike, GST on assembly
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert any("Line 2 had no account; sent with the default sales account 200" in n for n in notes)
    assert world.record("invoices", invoice["id"])["external_ids"] == {"xero": xero["InvoiceID"]}

    again = world.sync()
    counts = world.run_json(str(again.run_id))["counts"]["invoices"]
    assert counts.get("unchanged") == 1 and "sent" not in counts
    assert world.record("invoices", invoice["id"])["version"] == 1


def test_xero_invoices_and_bills_arrive_with_references_right(world: XeroWorld) -> None:
    ids = _setup(world)
    world.sync()  # the hub contact reaches Xero
    contact_id = world.record("contacts", ids["contact"])["external_ids"]["xero"]
    lines = [
        {
            "ItemCode": "BIKE",
            "Quantity": 1,
            "AccountCode": "200",
            "TaxType": "OUTPUT",
            "Tracking": [{"Name": "Region", "Option": "North"}],
        }
    ]
    world.put(
        "/Invoices",
        {
            "Invoices": [
                {
                    "Type": "ACCREC",
                    "Contact": {"ContactID": contact_id},
                    "Date": "2026-04-01",
                    "DueDate": "2026-04-15",
                    "Status": "AUTHORISED",
                    "LineItems": lines,
                },
                {
                    "Type": "ACCPAY",
                    "InvoiceNumber": "SUP-77",
                    "Contact": {"ContactID": contact_id},
                    "LineAmountTypes": "Inclusive",
                    "LineItems": [
                        {
                            "Description": "Tyres",
                            "Quantity": 4,
                            "UnitAmount": 55,
                            "AccountCode": "300",
                        }
                    ],
                },
            ]
        },
    )
    assert world.sync().status == "succeeded"
    sale = _one(world, "invoices", type="SALES")
    assert (sale["contact_id"], sale["status"], sale["number"]) == (
        ids["contact"],
        "AUTHORISED",
        "INV-0001",
    )
    (line,) = sale["lines"]
    assert (line["item_id"], line["account_id"], line["tax_code_id"]) == (
        ids["item"],
        ids["sales"],
        ids["output"],
    )
    assert line["tracking"] == [{"category_id": ids["region"], "option": "North"}]
    assert (line["unit_price"], line["tax_amount"], sale["total"]) == (
        "1250.00",
        "125.00",
        "1375.00",
    )
    assert sale["amount_due"] == "1375.00" and sale["due_date"] == "2026-04-15"
    bill = _one(world, "invoices", type="PURCHASE")
    assert (bill["number"], bill["line_amount_type"], bill["total"]) == (
        "SUP-77",
        "INCLUSIVE",
        "220.00",
    )
    assert bill["lines"][0]["account_id"] == _one(world, "accounts", code="300")["id"]


def test_xero_numbering_keeps_the_source_number_as_reference(world: XeroWorld) -> None:
    ids = _setup(world, invoice_numbering="xero", invoice_status="DRAFT")
    invoice = world.create("invoices", _invoice(ids))
    outcome = world.sync()
    (xero,) = world.get("/Invoices", page=1)["Invoices"]
    assert (xero["InvoiceNumber"], xero["Reference"], xero["Status"]) == (
        "INV-0001",
        "SHOP-1001",
        "DRAFT",
    )
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert any("source number SHOP-1001 is its Reference" in n for n in notes), notes
    world.sync()
    assert world.record("invoices", invoice["id"])["number"] == "SHOP-1001"


def test_an_invoice_without_a_contact_is_held_with_a_note(world: XeroWorld) -> None:
    ids = _setup(world)
    payload = _invoice(ids)
    del payload["contact_id"]
    world.create("invoices", payload)
    outcome = world.sync()
    assert world.get("/Invoices")["Invoices"] == []
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert "An invoice without a contact is not sent to Xero." in notes
    assert world.run_json(str(outcome.run_id))["counts"]["invoices"]["held"] == 1


def test_edits_keep_line_ids_and_a_deleted_invoice_is_voided(world: XeroWorld) -> None:
    ids = _setup(world)
    invoice = world.create("invoices", _invoice(ids))
    world.sync()
    before = world.get("/Invoices", page=1)["Invoices"][0]
    world.patch("invoices", invoice["id"], {"reference": "Fleet order, revised"})
    assert world.sync().status == "succeeded"
    after = world.get(f"/Invoices/{before['InvoiceID']}")["Invoices"][0]
    assert after["Reference"] == "Fleet order, revised"
    assert [li["LineItemID"] for li in after["LineItems"]] == [
        li["LineItemID"] for li in before["LineItems"]
    ]
    world.delete("invoices", invoice["id"])
    assert world.sync().status == "succeeded"
    assert world.get(f"/Invoices/{before['InvoiceID']}")["Invoices"][0]["Status"] == "VOIDED"


def test_a_paid_invoice_is_not_edited(world: XeroWorld) -> None:
    ids = _setup(world)
    invoice = world.create("invoices", _invoice(ids))
    world.sync()
    xero = world.get("/Invoices", page=1)["Invoices"][0]
    world.put(
        "/Payments",
        {
            "Payments": [
                {
                    "Invoice": {"InvoiceID": xero["InvoiceID"]},
                    "Account": {"Code": "090"},
                    "Date": "2026-03-10",
                    "Amount": xero["Total"],
                }
            ]
        },
    )
    world.sync()
    assert world.record("invoices", invoice["id"])["status"] == "PAID"
    world.patch("invoices", invoice["id"], {"reference": "Changed after payment"})
    outcome = world.sync()
    errors = [e.message for e in world.entries(str(outcome.run_id), "error")]
    assert any("PAID in Xero" in e and "was not sent" in e for e in errors), errors
    now = world.get(f"/Invoices/{xero['InvoiceID']}")["Invoices"][0]
    assert (now["Reference"], now["Status"]) == ("Club fleet order", "PAID")


def test_a_part_paid_invoice_takes_due_date_changes_only(world: XeroWorld) -> None:
    ids = _setup(world)
    invoice = world.create("invoices", _invoice(ids))
    world.sync()
    xero_id = world.record("invoices", invoice["id"])["external_ids"]["xero"]
    payment = {
        "Invoice": {"InvoiceID": xero_id},
        "Account": {"Code": "090"},
        "Date": "2026-03-10",
        "Amount": 100,
    }
    world.put("/Payments", {"Payments": [payment]})
    world.sync()
    world.patch("invoices", invoice["id"], {"due_date": "2026-04-30"})
    assert world.sync().status == "succeeded"
    assert world.get(f"/Invoices/{xero_id}")["Invoices"][0]["DueDateString"].startswith(
        "2026-04-30"
    )
    world.patch("invoices", invoice["id"], {"reference": "Too late"})
    outcome = world.sync()
    errors = [e.message for e in world.entries(str(outcome.run_id), "error")]
    assert errors == [
        "This invoice has payments or credit applied in Xero, which then takes only due-date "
        "changes; not sent: reference."
    ]
    assert world.get(f"/Invoices/{xero_id}")["Invoices"][0]["Reference"] == "Club fleet order"
