"""Payments and credit notes both ways, and the rule that holds a payment without a bank."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import XeroWorld


@pytest.fixture
def shared() -> tuple[str, ...]:
    return ("accounts", "tax_codes", "contacts", "invoices", "credit_notes", "payments")


def _one(world: XeroWorld, entity: str, **match: Any) -> dict[str, Any]:
    found = [r for r in world.records(entity) if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (entity, match, len(found))
    return found[0]


def _invoiced(world: XeroWorld, **settings: Any) -> dict[str, Any]:
    """A hub contact and an approved 110.00 invoice, both in Xero."""
    world.connect(settings=settings)
    world.sync()
    contact = world.create("contacts", {"kind": "ORGANIZATION", "name": "Northside Club"})
    invoice = world.create(
        "invoices",
        {
            "type": "SALES",
            "number": "SHOP-2001",
            "contact_id": contact["id"],
            "issue_date": "2026-05-01",
            "status": "AUTHORISED",
            "lines": [
                {
                    "description": "Service",
                    "quantity": "1",
                    "unit_price": "100.00",
                    "tax_code_id": _one(world, "tax_codes", code="OUTPUT")["id"],
                }
            ],
        },
    )
    assert world.sync().status == "succeeded"
    xero_id = world.record("invoices", invoice["id"])["external_ids"]["xero"]
    return {"contact": contact, "invoice": invoice, "xero_invoice": xero_id}


def _xero_invoice(world: XeroWorld, xero_id: str) -> dict[str, Any]:
    return dict(world.get(f"/Invoices/{xero_id}")["Invoices"][0])


def test_a_hub_payment_pays_the_invoice_in_xero_and_deleting_it_reopens_it(
    world: XeroWorld,
) -> None:
    made = _invoiced(world)
    bank = _one(world, "accounts", code="090")["id"]
    payment = world.create(
        "payments",
        {
            "type": "RECEIVE",
            "date": "2026-05-03",
            "account_id": bank,
            "amount": "110.00",
            "reference": "EFT deposit",
            "lines": [{"invoice_id": made["invoice"]["id"], "amount": "110.00"}],
        },
    )
    assert world.sync().status == "succeeded"
    (xero,) = world.get("/Payments")["Payments"]
    assert (xero["Amount"], xero["Account"]["Code"], xero["Reference"]) == (
        110,
        "090",
        "EFT deposit",
    )
    assert _xero_invoice(world, made["xero_invoice"])["Status"] == "PAID"
    assert world.record("payments", payment["id"])["external_ids"] == {"xero": xero["PaymentID"]}
    # The invoice's new state comes back to the hub.
    world.sync()
    assert world.record("invoices", made["invoice"]["id"])["status"] == "PAID"

    world.delete("payments", payment["id"])
    assert world.sync().status == "succeeded"
    assert world.get(f"/Payments/{xero['PaymentID']}")["Payments"][0]["Status"] == "DELETED"
    assert _xero_invoice(world, made["xero_invoice"])["Status"] == "AUTHORISED"


def test_a_payment_without_a_bank_account_is_held_and_the_invoice_stays_open(
    world: XeroWorld,
) -> None:
    made = _invoiced(world)
    world.create(
        "payments",
        {
            "date": "2026-05-03",
            "lines": [{"invoice_id": made["invoice"]["id"], "amount": "110.00"}],
        },
    )
    outcome = world.sync()
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert any("names no bank account" in n and "stays AUTHORISED" in n for n in notes), notes
    assert world.get("/Payments")["Payments"] == []
    assert _xero_invoice(world, made["xero_invoice"])["Status"] == "AUTHORISED"


def test_the_payment_account_setting_pays_from_that_bank(world: XeroWorld) -> None:
    made = _invoiced(world, payment_account="091")
    world.create(
        "payments",
        {"date": "2026-05-03", "lines": [{"invoice_id": made["invoice"]["id"], "amount": "50.00"}]},
    )
    outcome = world.sync()
    (xero,) = world.get("/Payments")["Payments"]
    assert (xero["Account"]["Code"], xero["Amount"]) == ("091", 50)
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert any("sent to the payment account 091" in n for n in notes)
    assert _xero_invoice(world, made["xero_invoice"])["AmountDue"] == 60


def test_a_xero_payment_arrives_with_its_invoice_and_bank(world: XeroWorld) -> None:
    made = _invoiced(world)
    world.put(
        "/Payments",
        {
            "Payments": [
                {
                    "Invoice": {"InvoiceID": made["xero_invoice"]},
                    "Account": {"Code": "090"},
                    "Date": "2026-05-04",
                    "Amount": 40,
                    "Reference": "Card",
                }
            ]
        },
    )
    world.sync()
    (payment,) = world.records("payments")
    assert payment["lines"] == [{"invoice_id": made["invoice"]["id"], "amount": "40.00"}]
    assert (payment["type"], payment["account_id"], payment["contact_id"]) == (
        "RECEIVE",
        _one(world, "accounts", code="090")["id"],
        made["contact"]["id"],
    )
    invoice = world.record("invoices", made["invoice"]["id"])
    assert (invoice["amount_paid"], invoice["amount_due"]) == ("40.00", "70.00")


def test_a_hub_credit_note_and_its_allocation_reach_xero(world: XeroWorld) -> None:
    made = _invoiced(world)
    note = world.create(
        "credit_notes",
        {
            "type": "SALES",
            "number": "CN-SHOP-1",
            "contact_id": made["contact"]["id"],
            "issue_date": "2026-05-05",
            "status": "AUTHORISED",
            "line_amount_type": "NONE",
            "lines": [{"description": "Refund", "quantity": "1", "unit_price": "20.00"}],
            "allocations": [
                {"invoice_id": made["invoice"]["id"], "amount": "20.00", "date": "2026-05-05"}
            ],
        },
    )
    assert world.sync().status == "succeeded"
    (xero,) = world.get("/CreditNotes", page=1)["CreditNotes"]
    assert (xero["Type"], xero["CreditNoteNumber"], xero["Status"]) == (
        "ACCRECCREDIT",
        "CN-SHOP-1",
        "PAID",
    )
    assert [a["Amount"] for a in xero["Allocations"]] == [20]
    assert _xero_invoice(world, made["xero_invoice"])["AmountCredited"] == 20
    assert world.record("credit_notes", note["id"])["external_ids"] == {
        "xero": xero["CreditNoteID"]
    }


def test_a_xero_credit_note_arrives_with_its_allocation(world: XeroWorld) -> None:
    made = _invoiced(world)
    contact_id = world.record("contacts", made["contact"]["id"])["external_ids"]["xero"]
    credit = world.put(
        "/CreditNotes",
        {
            "CreditNotes": [
                {
                    "Type": "ACCRECCREDIT",
                    "Contact": {"ContactID": contact_id},
                    "Status": "AUTHORISED",
                    "LineItems": [
                        {
                            "Description": "Goodwill",
                            "Quantity": 1,
                            "UnitAmount": 10,
                            "AccountCode": "200",
                        }
                    ],
                }
            ]
        },
    )["CreditNotes"][0]
    allocation = {"Invoice": {"InvoiceID": made["xero_invoice"]}, "Amount": 5, "Date": "2026-05-06"}
    world.put(f"/CreditNotes/{credit['CreditNoteID']}/Allocations", {"Allocations": [allocation]})
    world.sync()
    (note,) = world.records("credit_notes")
    assert (note["type"], note["contact_id"], note["total"]) == (
        "SALES",
        made["contact"]["id"],
        "11.00",
    )
    assert note["allocations"] == [
        {"invoice_id": made["invoice"]["id"], "amount": "5.00", "date": "2026-05-06"}
    ]
    assert note["remaining_credit"] == "6.00"  # 10.00 plus GST, less 5.00 allocated
