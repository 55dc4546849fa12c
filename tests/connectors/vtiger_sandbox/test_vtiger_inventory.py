"""Inventory documents: LineItems, recomputed totals, and the invoice balance / Paid rule."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest


@pytest.fixture
def catalog(api):
    """An account and two items to put on documents."""
    return {
        "account": api.create("Accounts", accountname="Buyer Ltd"),
        "widget": api.create("Products", productname="Widget", unit_price="100"),
        "setup": api.create("Services", servicename="Setup", unit_price="50"),
    }


def invoice_element(catalog, **extra):
    return {
        "subject": "INV test",
        "account_id": catalog["account"]["id"],
        "LineItems": [
            {"productid": catalog["widget"]["id"], "quantity": "2", "listprice": "100"},
            {"productid": catalog["setup"]["id"], "quantity": "1", "listprice": "50"},
        ],
        **extra,
    }


def create(api, module, element):
    return api.ok("create", elementType=module, element=json.dumps(element))


def test_line_items_are_required(api, catalog):
    element = invoice_element(catalog)
    del element["LineItems"]
    error = api.error("create", elementType="Invoice", element=json.dumps(element))
    assert error == {"code": "MANDATORY_FIELDS_MISSING", "message": "Mandatory Fields Missing.."}
    element["LineItems"] = []
    assert api.error("create", elementType="Invoice", element=json.dumps(element))["code"] == (
        "MANDATORY_FIELDS_MISSING"
    )


def test_mandatory_fields_are_checked_before_line_items(api, catalog):
    element = invoice_element(catalog)
    del element["account_id"]
    error = api.error("create", elementType="Invoice", element=json.dumps(element))
    assert error["message"] == "account_id does not have a value"


def test_individual_tax_totals(api, catalog):
    element = invoice_element(
        catalog,
        hdnTaxType="individual",
        hdnDiscountAmount="11.075",
        hdnS_H_Amount="15",
        txtAdjustment="-5",
    )
    element["LineItems"][0]["tax1"] = "10"
    element["LineItems"][1].update(discount_percent="10", tax2="4.5")
    invoice = create(api, "Invoice", element)
    # line 1: 200 net + 20 tax; line 2: 50 - 5 = 45 net + 2.025 tax
    assert invoice["hdnSubTotal"] == "267.02500000"
    assert invoice["pre_tax_total"] == "270.95000000"  # 267.025 - 11.075 + 15
    assert invoice["hdnGrandTotal"] == "265.95000000"  # - 5 adjustment
    assert invoice["balance"] == "265.95000000"
    assert invoice["received"] == "0.00000000"
    lines = invoice["LineItems"]
    assert [line["sequence_no"] for line in lines] == ["1", "2"]
    assert lines[0]["productid"] == catalog["widget"]["id"]
    assert lines[0]["quantity"] == "2.000"
    assert lines[0]["listprice"] == "100.00000000"
    assert lines[1]["discount_percent"] == "10.000"
    assert all(isinstance(v, str) for line in lines for v in line.values())
    details = invoice["LineItems_FinalDetails"]
    assert details["1"]["taxTotal1"] == "20.00000000"
    assert details["2"]["netPrice2"] == "47.02500000"
    assert details["1"]["final_details"]["grandTotal"] == "265.95000000"


def test_group_tax_totals_on_a_sales_order(api, catalog):
    element = invoice_element(
        catalog,
        hdnTaxType="group",
        hdnDiscountPercent="10",
        hdnS_H_Amount="10",
        tax1="10",
        bill_street="1 Main St",
        ship_street="1 Main St",
    )
    order = create(api, "SalesOrder", element)
    assert order["hdnSubTotal"] == "250.00000000"
    assert order["pre_tax_total"] == "235.00000000"  # 250 - 25 + 10
    assert order["txtTax"] == "22.50000000"  # 10% of 225
    assert order["hdnGrandTotal"] == "257.50000000"
    taxes = order["LineItems_FinalDetails"]["1"]["final_details"]["taxes"]
    assert taxes[0] == {
        "taxname": "tax1",
        "taxlabel": "VAT",
        "percentage": "10.000",
        "amount": "22.50000000",
    }


def test_sales_order_needs_addresses(api, catalog):
    error = api.error(
        "create", elementType="SalesOrder", element=json.dumps(invoice_element(catalog))
    )
    assert error["message"] == "bill_street does not have a value"


def test_list_price_defaults_to_the_item_price(api, catalog):
    element = invoice_element(catalog)
    for line in element["LineItems"]:
        del line["listprice"]
    invoice = create(api, "Invoice", element)
    assert [line["listprice"] for line in invoice["LineItems"]] == ["100.00000000", "50.00000000"]
    assert invoice["hdnGrandTotal"] == "250.00000000"


def test_line_must_reference_a_product_or_service(api, catalog):
    element = invoice_element(catalog)
    element["LineItems"][0]["productid"] = catalog["account"]["id"]
    error = api.error("create", elementType="Invoice", element=json.dumps(element))
    assert error == {
        "code": "REFERENCE_INVALID",
        "message": "Invalid reference specified for productid",
    }


def test_retrieve_has_lines_but_query_does_not(api, catalog):
    invoice = create(api, "Invoice", invoice_element(catalog))
    retrieved = api.ok("retrieve", id=invoice["id"])
    assert len(retrieved["LineItems"]) == 2
    assert retrieved["productid"] == catalog["widget"]["id"]
    [row] = api.query("select * from Invoice;")
    assert "LineItems" not in row and "LineItems_FinalDetails" not in row
    assert row["hdnGrandTotal"] == "250.00000000"
    assert row["invoice_no"] == "INV1"
    assert row["currency_id"] == "21x1"


def test_lines_are_recreated_on_every_save(api, catalog):
    invoice = create(api, "Invoice", invoice_element(catalog))
    first_ids = [line["id"] for line in invoice["LineItems"]]
    element = dict(invoice)
    element["LineItems"] = [{"productid": catalog["widget"]["id"], "quantity": "3"}]
    updated = api.ok("update", element=json.dumps(element))
    assert len(updated["LineItems"]) == 1
    assert updated["LineItems"][0]["id"] not in first_ids
    assert updated["hdnGrandTotal"] == "300.00000000"


def test_update_needs_line_items_but_revise_keeps_them(api, catalog):
    invoice = create(api, "Invoice", invoice_element(catalog))
    element = {k: v for k, v in invoice.items() if not k.startswith("LineItems")}
    error = api.error("update", element=json.dumps(element))
    assert error["code"] == "MANDATORY_FIELDS_MISSING"
    revised = api.ok("revise", element=json.dumps({"id": invoice["id"], "hdnS_H_Amount": "20"}))
    assert len(revised["LineItems"]) == 2
    assert revised["hdnGrandTotal"] == "270.00000000"


def test_invoice_payment_balance_and_paid_status(api, catalog):
    invoice = create(api, "Invoice", invoice_element(catalog, invoicestatus="Sent"))
    assert invoice["balance"] == "250.00000000"
    partly = api.ok("revise", element=json.dumps({"id": invoice["id"], "received": "100"}))
    assert partly["received"] == "100.00000000"
    assert partly["balance"] == "150.00000000"
    assert partly["invoicestatus"] == "Sent"
    paid = api.ok("revise", element=json.dumps({"id": invoice["id"], "received": "250.00"}))
    assert paid["balance"] == "0.00000000"
    assert paid["invoicestatus"] == "Paid"
    [row] = api.query("select invoicestatus, balance from Invoice where invoicestatus = 'Paid';")
    assert row["balance"] == "0.00000000"


def test_overpayment_leaves_a_negative_balance_not_paid(api, catalog):
    invoice = create(api, "Invoice", invoice_element(catalog, received="300"))
    assert invoice["balance"] == "-50.00000000"
    assert invoice["invoicestatus"] == "Created"


def test_invoice_paid_in_full_at_creation(api, catalog):
    invoice = create(api, "Invoice", invoice_element(catalog, received="250"))
    assert invoice["invoicestatus"] == "Paid"


def test_full_update_without_received_resets_the_payment(api, catalog):
    invoice = create(api, "Invoice", invoice_element(catalog, received="100"))
    element = {k: v for k, v in invoice.items() if k not in ("received", "LineItems_FinalDetails")}
    updated = api.ok("update", element=json.dumps(element))
    assert updated["received"] == "0.00000000"
    assert Decimal(updated["balance"]) == Decimal(updated["hdnGrandTotal"])


def test_purchase_orders_and_quotes(api, catalog):
    vendor = api.create("Vendors", vendorname="Parts Inc")
    order = create(
        api,
        "PurchaseOrder",
        {
            "subject": "Restock",
            "vendor_id": vendor["id"],
            "postatus": "Created",
            "bill_street": "1 Dock Rd",
            "ship_street": "1 Dock Rd",
            "LineItems": [
                {"productid": catalog["widget"]["id"], "quantity": "10", "listprice": "60"}
            ],
        },
    )
    assert order["purchaseorder_no"] == "PO1"
    assert order["hdnGrandTotal"] == "600.00000000"
    quote = create(
        api,
        "Quotes",
        invoice_element(
            catalog,
            quotestage="Created",
            bill_street="x",
            ship_street="y",
        ),
    )
    assert quote["id"].startswith("4x")
    assert quote["quote_no"] == "QUO1"


def test_deleting_an_invoice(api, catalog):
    invoice = create(api, "Invoice", invoice_element(catalog))
    assert api.ok("delete", id=invoice["id"]) == {"status": "successful"}
    assert api.query("select count(*) from Invoice;") == [{"count": "0"}]
