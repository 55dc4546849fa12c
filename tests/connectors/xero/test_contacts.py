"""Contacts both ways through the hub engine, with Xero's rules on persons and flags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from hub.connections import ConnectionError_

if TYPE_CHECKING:
    from conftest import XeroWorld


@pytest.fixture
def shared() -> tuple[str, ...]:
    return ("accounts", "tax_codes", "contacts", "invoices")


def _hub_id(world: XeroWorld, entity: str, **match: Any) -> str:
    found = [r for r in world.records(entity) if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (entity, match)
    return str(found[0]["id"])


def _person(first: str, last: str) -> dict[str, Any]:
    return {"first_name": first, "last_name": last, "email": f"{first.lower()}@club.test"}


def test_a_hub_contact_reaches_xero_with_its_references_and_is_not_echoed_back(
    world: XeroWorld,
) -> None:
    world.connect()
    assert world.sync().status == "succeeded"  # the chart and tax rates arrive first
    sales, output = (
        _hub_id(world, "accounts", code="200"),
        _hub_id(world, "tax_codes", code="OUTPUT"),
    )
    contact = world.create(
        "contacts",
        {
            "kind": "ORGANIZATION",
            "name": "Northside Cycling Club",
            "contact_number": "CUST-0042",
            "tax_number": "53 004 085 616",
            "emails": [{"type": "PRIMARY", "address": "treasurer@club.test"}],
            "phones": [{"type": "MOBILE", "number": "0412 555 019"}],
            "addresses": [
                {
                    "type": "BILLING",
                    "lines": ["PO Box 77"],
                    "city": "Chatswood",
                    "postal_code": "2067",
                }
            ],
            "people": [_person("Priya", "Raman")],
            "sales_defaults": {
                "account_id": sales,
                "tax_code_id": output,
                "payment_terms": {"day": 14, "type": "DAYS_AFTER_BILL_DATE"},
            },
        },
    )
    outcome = world.sync()
    assert outcome.status == "succeeded"
    (xero,) = world.get("/Contacts", page=1)["Contacts"]
    assert xero["Name"] == "Northside Cycling Club"
    assert xero["EmailAddress"] == "treasurer@club.test"
    assert xero["ContactNumber"] == "CUST-0042"
    assert xero["SalesDefaultAccountCode"] == "200"
    assert xero["AccountsReceivableTaxType"] == "OUTPUT"
    assert xero["PaymentTerms"]["Sales"] == {"Day": 14, "Type": "DAYSAFTERBILLDATE"}
    assert xero["ContactPersons"][0]["EmailAddress"] == "priya@club.test"
    mobile = [p for p in xero["Phones"] if p["PhoneType"] == "MOBILE"]
    assert mobile[0]["PhoneNumber"] == "0412 555 019"
    postal = [a for a in xero["Addresses"] if a["AddressType"] == "POBOX"]
    assert (postal[0]["AddressLine1"], postal[0]["City"]) == ("PO Box 77", "Chatswood")
    assert world.record("contacts", contact["id"])["external_ids"] == {"xero": xero["ContactID"]}

    # Our own write read back is recognised: nothing changes in the hub or in Xero.
    again = world.sync()
    counts = world.run_json(str(again.run_id))["counts"]["contacts"]
    assert counts.get("pulled") == 1 and counts.get("unchanged") == 1
    assert "sent" not in counts
    assert world.record("contacts", contact["id"])["version"] == 1


def test_a_xero_contact_arrives_in_the_hub_with_references_right(world: XeroWorld) -> None:
    world.put(
        "/Contacts",
        {
            "Contacts": [
                {
                    "Name": "Spokes Wholesale Pty Ltd",
                    "FirstName": "Ann",
                    "LastName": "Lee",
                    "EmailAddress": "ann@spokes.test",
                    "TaxNumber": "12 345 678 901",
                    "AccountsPayableTaxType": "INPUT",
                    "PurchasesDefaultAccountCode": "300",
                    "Addresses": [{"AddressType": "STREET", "AddressLine1": "1 Dock Rd"}],
                    "ContactPersons": [{"FirstName": "Bo", "EmailAddress": "bo@spokes.test"}],
                }
            ]
        },
    )
    world.connect()
    assert world.sync().status == "succeeded"
    (contact,) = world.records("contacts")
    assert contact["name"] == "Spokes Wholesale Pty Ltd"
    assert contact["kind"] == "ORGANIZATION"
    assert (contact["first_name"], contact["last_name"]) == ("Ann", "Lee")
    assert contact["emails"] == [{"type": "PRIMARY", "address": "ann@spokes.test"}]
    assert contact["addresses"][0]["type"] == "SHIPPING"
    assert contact["addresses"][0]["lines"] == ["1 Dock Rd"]
    assert contact["people"][0]["first_name"] == "Bo"
    purchases = contact["purchase_defaults"]
    assert purchases["account_id"] == _hub_id(world, "accounts", code="300")
    assert purchases["tax_code_id"] == _hub_id(world, "tax_codes", code="INPUT")
    # Rule: a contact that is no supplier is shared onward as a customer.
    assert (contact["is_customer"], contact["is_supplier"]) == (True, False)


def test_xero_edits_and_archiving_reach_the_hub(world: XeroWorld) -> None:
    made = world.put("/Contacts", {"Contacts": [{"Name": "Old Name"}]})["Contacts"][0]
    world.connect()
    world.sync()
    world.post("/Contacts", {"Contacts": [{"ContactID": made["ContactID"], "Name": "New Name"}]})
    world.sync()
    assert world.by_external("contacts", made["ContactID"])["name"] == "New Name"
    world.post(
        "/Contacts", {"Contacts": [{"ContactID": made["ContactID"], "ContactStatus": "ARCHIVED"}]}
    )
    world.sync()
    assert world.by_external("contacts", made["ContactID"])["status"] == "ARCHIVED"


def test_only_five_contact_persons_are_sent_and_the_note_names_the_others(
    world: XeroWorld,
) -> None:
    world.connect()
    world.sync()
    names = [
        ("Amy", "A"),
        ("Ben", "B"),
        ("Cat", "C"),
        ("Dan", "D"),
        ("Eve", "E"),
        ("Fay", "F"),
        ("Gus", "G"),
    ]
    contact = world.create(
        "contacts",
        {
            "kind": "ORGANIZATION",
            "name": "Big Club",
            "emails": [{"type": "PRIMARY", "address": "office@big.test"}],
            "people": [_person(first, last) for first, last in names],
        },
    )
    outcome = world.sync()
    assert outcome.status == "succeeded"
    (xero,) = world.get("/Contacts", page=1)["Contacts"]
    assert [p["FirstName"] for p in xero["ContactPersons"]] == ["Amy", "Ben", "Cat", "Dan", "Eve"]
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert any("at most 5 contact persons" in n and "Fay F, Gus G" in n for n in notes), notes
    # The two left out stay in the hub.
    assert len(world.record("contacts", contact["id"])["people"]) == 7


def test_a_changed_person_email_in_xero_updates_that_person(world: XeroWorld) -> None:
    made = world.put(
        "/Contacts",
        {
            "Contacts": [
                {
                    "Name": "Trail Co",
                    "EmailAddress": "hello@trail.test",
                    "ContactPersons": [
                        {"FirstName": "Kim", "LastName": "Ng", "EmailAddress": "kim@trail.test"},
                        {"FirstName": "Lou", "LastName": "Ma", "EmailAddress": "lou@trail.test"},
                    ],
                }
            ]
        },
    )["Contacts"][0]
    world.connect()
    world.sync()
    persons = [
        {"FirstName": "Kim", "LastName": "Ng", "EmailAddress": "kim.ng@trail.test"},
        {"FirstName": "Lou", "LastName": "Ma", "EmailAddress": "lou@trail.test"},
    ]
    world.post(
        "/Contacts", {"Contacts": [{"ContactID": made["ContactID"], "ContactPersons": persons}]}
    )
    world.sync()
    people = world.by_external("contacts", made["ContactID"])["people"]
    assert [(p["first_name"], p["email"]) for p in people] == [
        ("Kim", "kim.ng@trail.test"),
        ("Lou", "lou@trail.test"),
    ]


def test_a_supplier_stays_a_supplier_and_is_not_made_a_customer(world: XeroWorld) -> None:
    made = world.put("/Contacts", {"Contacts": [{"Name": "Parts Supplier"}]})["Contacts"][0]
    world.put(
        "/Invoices",
        {
            "Invoices": [
                {
                    "Type": "ACCPAY",
                    "Contact": {"ContactID": made["ContactID"]},
                    "LineItems": [{"Description": "Chains", "Quantity": 1, "UnitAmount": 50}],
                }
            ]
        },
    )
    world.connect()
    world.sync()
    contact = world.by_external("contacts", made["ContactID"])
    assert (contact["is_customer"], contact["is_supplier"]) == (False, True)


def test_sharing_only_customers_and_suppliers_holds_the_rest(world: XeroWorld) -> None:
    world.connect(settings={"share_contacts": "customers_and_suppliers"})
    world.sync()
    world.create("contacts", {"kind": "ORGANIZATION", "name": "A Lead", "is_lead": True})
    world.create("contacts", {"kind": "ORGANIZATION", "name": "A Customer", "is_customer": True})
    outcome = world.sync()
    assert [c["Name"] for c in world.get("/Contacts")["Contacts"]] == ["A Customer"]
    notes = [e.message for e in world.entries(str(outcome.run_id), "note")]
    assert any("shares only customers and suppliers" in n for n in notes), notes


def test_settings_are_validated_when_the_connection_is_saved(world: XeroWorld) -> None:
    with pytest.raises(ConnectionError_) as raised:
        world.connect(settings={"invoice_status": "PAID", "default_sales_account": "12345678901"})
    assert set(raised.value.errors) == {"invoice_status", "default_sales_account"}


def test_a_person_of_an_organization_is_not_a_xero_contact_of_its_own(world: Any) -> None:
    """A CRM's people of a company arrive as person records; Xero has them as persons."""
    company = world.create(
        "contacts",
        {
            "kind": "ORGANIZATION",
            "name": "Person Parent Ltd",
            "emails": [{"type": "PRIMARY", "address": "office@parent.test"}],
            "people": [{"first_name": "Pat", "last_name": "Lee", "email": "pat@parent.test"}],
        },
    )
    world.create(
        "contacts",
        {
            "kind": "PERSON",
            "name": "Pat Lee",
            "organization_id": company["id"],
            "emails": [{"type": "PRIMARY", "address": "pat@parent.test"}],
        },
    )
    world.connect()
    outcome = world.sync()
    names = [c["Name"] for c in world.get("/Contacts")["Contacts"]]
    assert "Person Parent Ltd" in names and "Pat Lee" not in names
    notes = [e.message for e in world.entries(outcome.run_id, kind="note")]
    assert any("contact persons" in n for n in notes)
