"""Purchase orders both ways; manual journals pushed; the general ledger pulled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import XeroWorld


@pytest.fixture
def shared() -> tuple[str, ...]:
    return ("accounts", "tax_codes", "contacts", "invoices", "purchase_orders", "journals")


def _one(world: XeroWorld, entity: str, **match: Any) -> dict[str, Any]:
    found = [r for r in world.records(entity) if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (entity, match, len(found))
    return found[0]


def _order(contact_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "number": "PO-HUB-31",
        "reference": "Spring restock",
        "contact_id": contact_id,
        "issue_date": "2026-03-01",
        "delivery_date": "2026-03-15",
        "status": "AUTHORISED",
        "line_amount_type": "EXCLUSIVE",
        "lines": [{"description": "Helmet, size M", "quantity": "10", "unit_price": "45.00"}],
        "delivery_address": {
            "type": "SHIPPING",
            "lines": ["12 Wharf Street"],
            "city": "Pyrmont",
            "region": "NSW",
            "postal_code": "2009",
        },
        "attention_to": "Workshop",
        "delivery_instructions": "Rear dock, before 10am",
        **changes,
    }


def test_a_hub_purchase_order_reaches_xero_and_is_not_echoed(world: XeroWorld) -> None:
    world.connect()
    world.sync()
    supplier = world.create("contacts", {"kind": "ORGANIZATION", "name": "Helmets Inc"})
    order = world.create("purchase_orders", _order(supplier["id"]))
    assert world.sync().status == "succeeded"
    (xero,) = world.get("/PurchaseOrders", page=1)["PurchaseOrders"]
    assert (xero["PurchaseOrderNumber"], xero["Status"], xero["Reference"]) == (
        "PO-HUB-31",
        "AUTHORISED",
        "Spring restock",
    )
    assert xero["DeliveryAddress"] == "12 Wharf Street\nPyrmont NSW 2009"
    assert (xero["AttentionTo"], xero["Total"]) == ("Workshop", 450)
    assert world.record("purchase_orders", order["id"])["external_ids"] == {
        "xero": xero["PurchaseOrderID"]
    }
    again = world.sync()
    assert "sent" not in world.run_json(str(again.run_id))["counts"].get("purchase_orders", {})
    assert world.record("purchase_orders", order["id"])["version"] == 1
    world.delete("purchase_orders", order["id"])
    world.sync()
    assert (
        world.get(f"/PurchaseOrders/{xero['PurchaseOrderID']}")["PurchaseOrders"][0]["Status"]
        == "DELETED"
    )


def test_a_xero_purchase_order_arrives(world: XeroWorld) -> None:
    supplier = world.put("/Contacts", {"Contacts": [{"Name": "Tyre Co"}]})["Contacts"][0]
    world.put(
        "/PurchaseOrders",
        {
            "PurchaseOrders": [
                {
                    "Contact": {"ContactID": supplier["ContactID"]},
                    "Date": "2026-06-01",
                    "DeliveryDate": "2026-06-09",
                    "DeliveryAddress": "1 Dock Rd\nBotany NSW 2019",
                    "LineItems": [{"Description": "Tyres", "Quantity": 8, "UnitAmount": 21.5}],
                }
            ]
        },
    )
    world.connect()
    world.sync()
    (order,) = world.records("purchase_orders")
    assert (order["number"], order["status"], order["total"]) == ("PO-0001", "DRAFT", "172.00")
    assert order["contact_id"] == world.by_external("contacts", supplier["ContactID"])["id"]
    assert order["delivery_address"] == {
        "type": "SHIPPING",
        "lines": ["1 Dock Rd", "Botany NSW 2019"],
    }
    assert order["lines"][0]["unit_price"] == "21.50"


def test_only_the_chosen_documents_are_pushed(world: XeroWorld) -> None:
    world.connect(settings={"push_documents": "invoices"})
    world.sync()
    supplier = world.create("contacts", {"kind": "ORGANIZATION", "name": "Helmets Inc"})
    world.create("purchase_orders", _order(supplier["id"]))
    outcome = world.sync()
    assert world.get("/PurchaseOrders")["PurchaseOrders"] == []
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert "Not sent: this connection pushes only invoices to Xero." in notes


def test_a_manual_journal_is_posted_and_the_ledger_comes_back(world: XeroWorld) -> None:
    world.connect()
    world.sync()
    power, suspense = _one(world, "accounts", code="445"), _one(world, "accounts", code="850")
    journal = world.create(
        "journals",
        {
            "source": "MANUAL",
            "date": "2026-03-31",
            "narration": "Accrue March electricity",
            "lines": [
                {"account_id": power["id"], "description": "Electricity", "amount": "184.20"},
                {"account_id": suspense["id"], "description": "Accrued", "amount": "-184.20"},
            ],
        },
    )
    assert world.sync().status == "succeeded"
    (xero,) = world.get("/ManualJournals", page=1)["ManualJournals"]
    assert (xero["Narration"], xero["Status"]) == ("Accrue March electricity", "POSTED")
    assert [line["AccountCode"] for line in xero["JournalLines"]] == ["445", "850"]
    assert world.record("journals", journal["id"])["external_ids"] == {
        "xero": xero["ManualJournalID"]
    }
    # The posting comes back from the general ledger as a generated journal.
    world.sync()
    generated = _one(world, "journals", source="GENERATED")
    assert (generated["source_type"], generated["date"], generated["number"]) == (
        "MANJOURNAL",
        "2026-03-31",
        "1",
    )
    assert sorted((line["account_id"], line["amount"]) for line in generated["lines"]) == sorted(
        [(power["id"], "184.20"), (suspense["id"], "-184.20")]
    )
    assert len(world.get("/ManualJournals")["ManualJournals"]) == 1  # never pushed back


def test_generated_journals_name_their_source_and_are_never_pushed(world: XeroWorld) -> None:
    contact = world.put("/Contacts", {"Contacts": [{"Name": "Cash Sale"}]})["Contacts"][0]
    invoice = world.put(
        "/Invoices",
        {
            "Invoices": [
                {
                    "Type": "ACCREC",
                    "Contact": {"ContactID": contact["ContactID"]},
                    "Status": "AUTHORISED",
                    "LineItems": [
                        {
                            "Description": "Bike",
                            "Quantity": 1,
                            "UnitAmount": 40,
                            "AccountCode": "200",
                        }
                    ],
                }
            ]
        },
    )["Invoices"][0]
    world.connect()
    world.sync()
    (generated,) = world.records("journals")
    assert generated["source_type"] == "ACCREC"
    assert generated["invoice_id"] == world.by_external("invoices", invoice["InvoiceID"])["id"]
    amounts = {line["account_id"]: line["amount"] for line in generated["lines"]}
    assert amounts[_one(world, "accounts", code="610")["id"]] == "44.00"
    assert amounts[_one(world, "accounts", code="200")["id"]] == "-40.00"

    world.create(
        "journals",
        {
            "source": "GENERATED",
            "date": "2026-03-31",
            "lines": [
                {"account_id": generated["lines"][0]["account_id"], "amount": "1.00"},
                {"account_id": generated["lines"][1]["account_id"], "amount": "-1.00"},
            ],
        },
    )
    outcome = world.sync()
    assert world.get("/ManualJournals")["ManualJournals"] == []
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert any("generated journals are read-only" in n for n in notes), notes
