"""Mapping: vtiger records (as the sandbox serves them) to canonical data that validates, and
canonical data (the schema's samples, shaped like Xero's) into vtiger and back."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import schema
from connectors.vtiger import documents, mapping, mapping_items
from schema.samples import sample


def valid(entity: str, data: dict[str, Any]) -> dict[str, Any]:
    """Load the mapped data with the vtiger ids swapped for hub-like ids; it must also be in
    the normal form the engine stores (or echoes would not hash alike)."""
    swapped = schema.map_refs(entity, data, lambda _t, v: str(uuid.uuid5(uuid.NAMESPACE_URL, v)))
    errors = schema.validate(entity, swapped)
    assert errors == {}, errors
    assert schema.dump(entity, schema.load(entity, swapped)) == swapped
    return swapped


def test_an_account_with_its_contacts_is_an_organization_with_people(sandbox) -> None:
    account = sandbox.create(
        "Accounts",
        accountname="Northside Cycling Club",
        email1="treasurer@northsidecc.org.au",
        phone="02 9411 2277",
        fax="02 9411 2278",
        website="https://northsidecc.org.au",
        accounttype="Customer",
        bill_street="PO Box 77",
        bill_city="Chatswood",
        bill_state="NSW",
        bill_code="2067",
        bill_country="AU",
        ship_street="Clubhouse\n3 Victoria Avenue",
        ship_city="Chatswood",
    )
    priya = sandbox.create(
        "Contacts",
        firstname="Priya",
        lastname="Raman",
        email="treasurer@northsidecc.org.au",
        title="Treasurer",
        mobile="0412 555 019",
        account_id=account["id"],
    )
    tom = sandbox.create("Contacts", firstname="Tom", lastname="O'Neill", account_id=account["id"])
    data = valid("contacts", mapping.account_to_canonical(account, [tom, priya]))
    assert data["kind"] == "ORGANIZATION" and data["is_customer"] is True
    assert data["contact_number"] == account["account_no"]
    assert data["emails"] == [{"type": "PRIMARY", "address": "treasurer@northsidecc.org.au"}]
    assert [p["type"] for p in data["phones"]] == ["DEFAULT", "FAX"]
    billing, shipping = data["addresses"]
    assert billing["lines"] == ["PO Box 77"] and billing["country_code"] == "AU"
    assert shipping["lines"] == ["Clubhouse", "3 Victoria Avenue"]
    # People in vtiger's order; the one sharing the organization's email is the primary.
    assert [(p["first_name"], p.get("is_primary")) for p in data["people"]] == [
        ("Priya", True),
        ("Tom", None),
    ]
    assert data["people"][0]["job_title"] == "Treasurer"

    person = valid("contacts", mapping.contact_to_canonical(priya))
    assert person["kind"] == "PERSON" and person["name"] == "Priya Raman"
    assert person["organization_id"] == str(uuid.uuid5(uuid.NAMESPACE_URL, account["id"]))
    loner = sandbox.create("Contacts", lastname="Solo", email="solo@example.org")
    assert mapping.contact_to_canonical(loner)["organization_id"] is None  # an individual


def test_vendor_product_and_service(sandbox) -> None:
    vendor = sandbox.create("Vendors", vendorname="Shimano Oceania", email="orders@shimano.test")
    data = valid("contacts", mapping.vendor_to_canonical(vendor))
    assert (data["is_supplier"], data["is_customer"]) == (True, False)

    product = sandbox.create(
        "Products",
        productname="Road bike 54cm",
        productcode="BIKE-RD-54",
        unit_price="1250",
        usageunit="Each",
        qtyinstock="14",
        discontinued="1",
    )
    item = valid(
        "items",
        mapping_items.product_to_canonical(product, currency="AUD", prices_include_tax=False),
    )
    assert item["code"] == "BIKE-RD-54" and item["status"] == "ACTIVE"
    assert item["sale"] == {"unit_price": "1250.00", "currency": "AUD", "tax_inclusive": False}
    assert item["quantity_on_hand"] == "14" and "purchase" not in item  # no purchase price
    service = sandbox.create("Services", servicename="Assembly", unit_price="80", discontinued="0")
    item = valid(
        "items",
        mapping_items.service_to_canonical(service, currency="AUD", prices_include_tax=True),
    )
    assert (item["type"], item["status"], item["sale"]["tax_inclusive"]) == (
        "SERVICE",
        "ARCHIVED",
        True,
    )


def _invoice(sandbox, **extra: Any) -> dict[str, Any]:
    account = sandbox.create("Accounts", accountname="Acme")
    bike = sandbox.create("Products", productname="Bike", unit_price="1250")
    helmet = sandbox.create("Products", productname="Helmet", unit_price="89.95")
    lines = [
        {"productid": bike["id"], "quantity": "2", "listprice": "1250", "discount_percent": "10",
         "tax1": "10", "comment": "Road bike 54cm"},
        {"productid": helmet["id"], "quantity": "3", "listprice": "89.95", "tax1": "10",
         "tax2": "4.5"},
    ]  # fmt: skip
    created = sandbox.create(
        "Invoice",
        subject="Club fleet order",
        account_id=account["id"],
        invoicedate="2024-03-04",
        duedate="2024-03-18",
        hdnTaxType="individual",
        LineItems=lines,
        **extra,
    )
    return sandbox.retrieve(created["id"])


def test_an_invoice_keeps_vtigers_totals(sandbox) -> None:
    record = _invoice(sandbox, hdnS_H_Amount="15", txtAdjustment="-0.50", received="500")
    data = valid("invoices", documents.invoice_to_canonical(record, currency="AUD"))
    assert data["type"] == "SALES" and data["number"] == record["invoice_no"]
    assert data["reference"] == "Club fleet order"
    first, second = data["lines"][:2]
    assert (first["line_amount"], first["tax_amount"], first["discount_rate"]) == (
        "2250.00",
        "225.00",
        "10",
    )
    assert first["description"] == "Road bike 54cm"
    # Several taxes on one line: the line carries their sum, so the totals stay vtiger's.
    assert (second["line_amount"], second["tax_amount"]) == ("269.85", "39.13")
    extras = [(line["description"], line["line_amount"]) for line in data["lines"][2:]]
    assert extras[:2] == [("Shipping and handling", "15.00"), ("Adjustment", "-0.50")]
    assert Decimal(data["total"]) == Decimal(record["hdnGrandTotal"]).quantize(Decimal("0.01"))
    assert data["amount_paid"] == "500.00"
    assert Decimal(data["amount_due"]) == Decimal(record["balance"]).quantize(Decimal("0.01"))
    assert data["status"] == "DRAFT"


def test_group_tax_and_document_discount(sandbox) -> None:
    record = _invoice(sandbox)
    record = sandbox.do(
        "revise",
        element=__import__("json").dumps(
            {
                "id": record["id"],
                "hdnTaxType": "group",
                "tax1": "10",
                "hdnDiscountAmount": "100",
                "LineItems": [
                    {k: v for k, v in line.items() if k not in ("tax1", "tax2")}
                    for line in record["LineItems"]
                ],
            }  # fmt: skip
        ),
    )
    data = valid("invoices", documents.invoice_to_canonical(record, currency="AUD"))
    assert Decimal(data["total"]) == Decimal(record["hdnGrandTotal"]).quantize(Decimal("0.01"))
    discount = next(line for line in data["lines"] if line["description"] == "Discount")
    assert (discount["line_amount"], discount["tax_amount"]) == ("-100.00", "-10.00")


def test_a_paid_invoice(sandbox) -> None:
    record = _invoice(sandbox)
    paid = sandbox.revise(record["id"], received=record["hdnGrandTotal"])
    data = valid(
        "invoices", documents.invoice_to_canonical(sandbox.retrieve(paid["id"]), currency="USD")
    )
    assert (data["status"], data["amount_due"]) == ("PAID", "0.00")


def test_canonical_samples_go_into_vtiger_and_come_back(sandbox) -> None:
    """The schema's samples (Xero-shaped: people, sale and purchase details, taxed lines)."""
    contact = sample("contacts")
    account = sandbox.create("Accounts", **mapping.account_element(contact))
    for person in contact["people"]:
        sandbox.create("Contacts", **mapping.person_element(person, account["id"]))
    people = sandbox.query(f"select * from Contacts where account_id = '{account['id']}';")
    back = valid("contacts", mapping.account_to_canonical(account, people))
    for key in ("name", "emails", "website"):
        assert back[key] == contact[key], key
    assert [a["lines"] for a in back["addresses"]] == [a["lines"] for a in contact["addresses"]]
    assert [(p["first_name"], p["email"], p.get("is_primary")) for p in back["people"]] == [
        (p["first_name"], p["email"], p.get("is_primary")) for p in contact["people"]
    ]
    assert back["phones"][0]["number"] == "+61 02 9411 2277"  # one string in vtiger

    item = sample("items")
    product = sandbox.create("Products", **mapping_items.item_element(item, "Products"))
    back = valid(
        "items",
        mapping_items.product_to_canonical(product, currency="AUD", prices_include_tax=False),
    )
    assert (back["code"], back["name"], back["sale"]["unit_price"]) == (
        "BIKE-RD-54",
        "Road bike 54cm",
        "1250.00",
    )
    assert back["unit"] == "Each"

    invoice = sample("invoices")
    items, extra = documents.line_items(invoice["lines"], inclusive=False, fallback_item=None)
    for line in items:
        line["productid"] = product["id"]
    element = {**documents.invoice_element(invoice), **extra, "account_id": account["id"],
               "hdnTaxType": "individual", "LineItems": items}  # fmt: skip
    created = sandbox.create("Invoice", **element)
    back = valid("invoices", documents.invoice_to_canonical(created, currency="AUD"))
    # vtiger recomputes, and lands on the sample's own figures.
    for key in ("subtotal", "total_tax", "total", "amount_paid", "amount_due", "issue_date"):
        assert back[key] == invoice[key], key
    assert [line["tax_amount"] for line in back["lines"]] == [
        line["tax_amount"] for line in invoice["lines"]
    ]
    assert back["status"] == "AUTHORISED"


def test_effective_tax_rates() -> None:
    line = {"line_amount": "269.85", "tax_amount": "26.99"}
    assert documents.effective_rate(line, inclusive=False) == Decimal("10.00")
    assert documents.effective_rate({"line_amount": "110", "tax_amount": "10"}, True) == Decimal(
        "10.00"
    )
    assert documents.effective_rate({"line_amount": "100", "tax_amount": "0"}, False) is None
    odd = documents.effective_rate({"line_amount": "1000", "tax_amount": "123.33"}, False)
    assert odd == Decimal("12.333")
