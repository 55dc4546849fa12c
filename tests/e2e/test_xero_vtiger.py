"""Xero and vtiger through the hub: customers, people, invoices and payments both ways."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest


@pytest.fixture
def both(apps: Any) -> Any:
    apps.connect_xero(payment_account="090", default_tax_type="OUTPUT")
    apps.connect_vtiger()
    return apps


def quiet(apps: Any) -> None:
    """Syncing both apps again changes nothing anywhere: no echo, no bounce."""
    versions = apps.versions()
    xero, crm = apps.writes("xero"), apps.writes("vtiger")
    apps.sync("xero")
    apps.sync("vtiger")
    after = apps.versions()
    assert {key: after[key] for key in versions} == versions
    # New hub records may only be vtiger's Contacts made for an organization's people, read
    # back as PERSON contacts of it (connectors/vtiger/README.md); Xero holds those back.
    for record in apps.records("contacts"):
        if record.id not in versions:
            assert record.data["kind"] == "PERSON" and record.data["organization_id"]
    assert apps.writes("xero") == xero
    assert apps.writes("vtiger") == crm


def test_customer_from_xero_reaches_vtiger_with_its_people(both: Any) -> None:
    contact = both.in_xero(
        "PUT",
        "/Contacts",
        {
            "Contacts": [
                {
                    "Name": "Bayside Cycles",
                    "EmailAddress": "accounts@bayside.example",
                    "ContactPersons": [
                        {
                            "FirstName": "Ann",
                            "LastName": "Lee",
                            "EmailAddress": "ann@bayside.example",
                        },
                        {
                            "FirstName": "Bo",
                            "LastName": "Chan",
                            "EmailAddress": "bo@bayside.example",
                        },
                    ],
                }
            ]
        },
    )["Contacts"][0]
    both.sync("xero")
    [account] = both.vtiger_query("SELECT * FROM Accounts;")
    assert account["accountname"] == "Bayside Cycles"
    people = both.vtiger_query("SELECT * FROM Contacts;")
    assert sorted((p["firstname"], p["email"], p["account_id"]) for p in people) == [
        ("Ann", "ann@bayside.example", account["id"]),
        ("Bo", "bo@bayside.example", account["id"]),
    ]
    quiet(both)

    both.in_xero(
        "POST",
        f"/Contacts/{contact['ContactID']}",
        {
            "Contacts": [
                {
                    "ContactID": contact["ContactID"],
                    "Name": "Bayside Cycles Pty Ltd",
                    "Phones": [{"PhoneType": "DEFAULT", "PhoneNumber": "03 9555 0101"}],
                }
            ]
        },
    )
    both.sync("xero")
    [account] = both.vtiger_query("SELECT * FROM Accounts;")
    assert account["accountname"] == "Bayside Cycles Pty Ltd"
    assert "9555 0101" in account["phone"]
    quiet(both)


def test_vtiger_account_with_seven_contacts_reaches_xero_with_five(both: Any) -> None:
    account = both.vtiger_create(
        "Accounts",
        accountname="Northwind Traders",
        email1="office@northwind.example",
        accounttype="Customer",
    )
    names = ["Ada", "Ben", "Cy", "Di", "Ed", "Flo", "Gus"]
    for name in names:
        both.vtiger_create(
            "Contacts",
            firstname=name,
            lastname="Smith",
            account_id=account["id"],
            email=f"{name.lower()}@northwind.example",
        )
    both.sync("vtiger")
    [contact] = both.in_xero("GET", "/Contacts", where='Name=="Northwind Traders"')["Contacts"]
    detail = both.in_xero("GET", f"/Contacts/{contact['ContactID']}")["Contacts"][0]
    persons = detail.get("ContactPersons") or []
    assert len(persons) == 5
    assert {p["FirstName"] for p in persons} <= set(names)
    left = sorted(set(names) - {p["FirstName"] for p in persons})
    notes = [n for n in both.notes() if "at most 5 contact persons" in n]
    assert len(notes) == 1
    assert all(f"{name} Smith" in notes[0] for name in left)
    assert len(both.in_xero("GET", "/Contacts")["Contacts"]) == 1  # no contact per person
    quiet(both)


def test_vtiger_invoice_reaches_xero_and_a_xero_payment_marks_it_paid(both: Any) -> None:
    account = both.vtiger_create(
        "Accounts", accountname="Buyer Ltd", email1="ap@buyer.example", accounttype="Customer"
    )
    wheel = both.vtiger_create(
        "Products", productname="Wheel", productcode="WHL-1", unit_price="100", discontinued="1"
    )
    fitting = both.vtiger_create(
        "Products", productname="Fitting", productcode="FIT-1", unit_price="50", discontinued="1"
    )
    invoice = both.vtiger_create(
        "Invoice",
        subject="Spring order",
        account_id=account["id"],
        invoicestatus="Approved",
        hdnTaxType="individual",
        LineItems=[
            {"productid": wheel["id"], "quantity": "2", "listprice": "100", "tax1": "10"},
            {"productid": fitting["id"], "quantity": "1", "listprice": "50", "tax1": "10"},
        ],
    )
    both.sync("vtiger")
    [sent] = both.in_xero("GET", "/Invoices")["Invoices"]
    sent = both.in_xero("GET", f"/Invoices/{sent['InvoiceID']}")["Invoices"][0]
    assert sent["Status"] == "AUTHORISED" and sent["Contact"]["Name"] == "Buyer Ltd"
    lines = [
        (
            li["ItemCode"],
            Decimal(str(li["LineAmount"])),
            li["TaxType"],
            Decimal(str(li["TaxAmount"])),
            li["AccountCode"],
        )
        for li in sent["LineItems"]
    ]
    assert lines == [
        ("WHL-1", Decimal("200"), "OUTPUT", Decimal("20"), "200"),
        ("FIT-1", Decimal("50"), "OUTPUT", Decimal("5"), "200"),
    ]
    assert Decimal(str(sent["Total"])) == Decimal("275") == Decimal(invoice["hdnGrandTotal"])
    quiet(both)

    both.in_xero(
        "PUT",
        "/Payments",
        {
            "Payments": [
                {
                    "Invoice": {"InvoiceID": sent["InvoiceID"]},
                    "Account": {"Code": "090"},
                    "Amount": "275.00",
                    "Date": sent["DateString"][:10],
                }
            ]
        },
    )
    both.sync("xero")
    paid = both.in_vtiger("retrieve", id=invoice["id"])
    assert paid["invoicestatus"] == "Paid"
    assert Decimal(paid["received"]) == Decimal("275") and Decimal(paid["balance"]) == 0
    quiet(both)


def test_edits_in_either_app_reach_the_other_and_do_not_bounce(both: Any) -> None:
    account = both.vtiger_create(
        "Accounts", accountname="Cape Tours", email1="hello@cape.example", accounttype="Customer"
    )
    tent = both.vtiger_create(
        "Products", productname="Tent", productcode="TNT-2", unit_price="300", discontinued="1"
    )
    invoice = both.vtiger_create(
        "Invoice",
        subject="Tents",
        account_id=account["id"],
        invoicestatus="Created",
        hdnTaxType="individual",
        LineItems=[{"productid": tent["id"], "quantity": "1", "listprice": "300", "tax1": "10"}],
    )
    both.sync("vtiger")
    quiet(both)

    # vtiger -> Xero: the account's name, the product's price, the draft invoice's quantity.
    both.vtiger_revise(account["id"], accountname="Cape Tours & Treks")
    both.vtiger_revise(tent["id"], unit_price="320")
    both.vtiger_revise(
        invoice["id"],
        LineItems=[{"productid": tent["id"], "quantity": "3", "listprice": "300", "tax1": "10"}],
    )
    both.sync("vtiger")
    [contact] = both.in_xero("GET", "/Contacts")["Contacts"]
    assert contact["Name"] == "Cape Tours & Treks"
    [item] = both.in_xero("GET", "/Items")["Items"]
    assert Decimal(str(item["SalesDetails"]["UnitPrice"])) == Decimal("320")
    [sent] = both.in_xero("GET", "/Invoices")["Invoices"]
    assert Decimal(str(sent["Total"])) == Decimal("990")
    quiet(both)

    # Xero -> vtiger: the contact's email and the item's name.
    both.in_xero(
        "POST",
        f"/Contacts/{contact['ContactID']}",
        {"Contacts": [{"ContactID": contact["ContactID"], "EmailAddress": "office@cape.example"}]},
    )
    both.in_xero(
        "POST",
        f"/Items/{item['ItemID']}",
        {"Items": [{"ItemID": item["ItemID"], "Code": "TNT-2", "Name": "Tent, two person"}]},
    )
    both.sync("xero")
    assert both.in_vtiger("retrieve", id=account["id"])["email1"] == "office@cape.example"
    assert both.in_vtiger("retrieve", id=tent["id"])["productname"] == "Tent, two person"
    quiet(both)
