"""Shopify through the hub to Xero (and vtiger): paid orders, refunds, taxes, webhooks."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from connectors.shopify.sandbox import sign
from hub.jobs.worker import work_burst

GST = {"title": "GST", "rate": "0.10"}


@pytest.fixture
def shop(apps: Any, request: pytest.FixtureRequest) -> Any:
    """Xero (payments into 090, GST on lines with no tax), vtiger and an Australian shop."""
    apps.connect_xero(payment_account="090", default_tax_type="OUTPUT", invoice_status="AUTHORISED")
    apps.connect_vtiger()
    apps.connect_shopify(currency="AUD", **getattr(request, "param", {}))
    return apps


def order(
    apps: Any, *lines: tuple[str, int], shipping: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A paid order (unless `extra` says otherwise) of products (price, quantity) with 10%
    GST, by a new customer."""
    items = []
    for price, quantity in lines:
        body = {"title": f"Product {price}", "variants": [{"price": price, "sku": f"P-{price}"}]}
        product = apps.in_shop("POST", "products.json", {"product": body})["product"]
        items.append({"variant_id": product["variants"][0]["id"], "quantity": quantity})
    body: dict[str, Any] = {
        "line_items": items,
        "tax_lines": [GST],
        "customer": {"email": "ada@example.com", "first_name": "Ada", "last_name": "Archer"},
    }
    body.update(extra)
    if shipping:
        body["shipping_lines"] = [{"title": "Post", "price": shipping, "tax_lines": [GST]}]
    return apps.in_shop("POST", "orders.json", {"order": body})["order"]


def settle(apps: Any) -> None:
    for name in ("vtiger", "xero", "shopify"):
        apps.sync(name)


def xero_one(apps: Any, plural: str) -> dict[str, Any]:
    [row] = apps.in_xero("GET", f"/{plural}")[plural]
    key = {"Invoices": "InvoiceID", "CreditNotes": "CreditNoteID"}[plural]
    return apps.in_xero("GET", f"/{plural}/{row[key]}")[plural][0]


def test_a_paid_order_is_a_paid_invoice_in_xero(shop: Any) -> None:
    paid = order(shop, ("20.00", 2))
    assert paid["financial_status"] == "paid"
    shop.sync("shopify")
    invoice = xero_one(shop, "Invoices")
    # AUTHORISED, as the Xero settings choose, then paid in full by the order's payment.
    assert invoice["Status"] == "PAID" and invoice["Contact"]["Name"] == "Ada Archer"
    assert [(li["TaxType"], Decimal(str(li["TaxAmount"]))) for li in invoice["LineItems"]] == [
        ("OUTPUT", Decimal("4"))
    ]
    assert Decimal(str(invoice["Total"])) == Decimal(paid["total_price"]) == Decimal("44")
    [payment] = shop.in_xero("GET", "/Payments")["Payments"]
    assert payment["Account"]["Code"] == "090" and Decimal(str(payment["Amount"])) == 44
    # In vtiger too, for the person who bought (vtiger files it under an Account).
    [crm] = shop.vtiger_query("SELECT * FROM Invoice;")
    assert Decimal(crm["hdnGrandTotal"]) == Decimal("44") and crm["invoicestatus"] == "Paid"
    [person] = shop.vtiger_query("SELECT * FROM Contacts;")
    assert crm["contact_id"] == person["id"] and person["email"] == "ada@example.com"
    assert [a["accountname"] for a in shop.vtiger_query("SELECT * FROM Accounts;")] == [
        "Individual customers (from the hub)"
    ]
    # Xero's paid invoice, read back once, adds its own fully-paid date; after that every
    # app is settled: nothing bounces, no duplicate contact or invoice, no writes.
    settle(shop)
    versions, writes = shop.versions(), (shop.writes("xero"), shop.writes("vtiger"))
    settle(shop)
    assert shop.versions() == versions
    assert (shop.writes("xero"), shop.writes("vtiger")) == writes


def test_a_refund_is_a_credit_note_for_the_invoice_paid_back(shop: Any) -> None:
    paid = order(shop, ("20.00", 2))
    shop.sync("shopify")
    refund = {
        "refund_line_items": [{"line_item_id": paid["line_items"][0]["id"], "quantity": 1}],
        "transactions": [{"kind": "refund", "amount": "22.00"}],
    }
    shop.in_shop("POST", f"orders/{paid['id']}/refunds.json", {"refund": refund})
    shop.sync("shopify")
    credit = xero_one(shop, "CreditNotes")
    assert Decimal(str(credit["Total"])) == 22 and Decimal(str(credit["TotalTax"])) == 2
    assert credit["Contact"]["Name"] == "Ada Archer"
    # The invoice was paid in full, so Xero cannot allocate the credit to it: the money
    # Shopify sent back is the credit note's cash refund out of the payment account.
    assert credit["Status"] == "PAID" and Decimal(str(credit["RemainingCredit"])) == 0
    refunds = [p for p in shop.in_xero("GET", "/Payments")["Payments"] if p.get("CreditNote")]
    assert [(p["Account"]["Code"], Decimal(str(p["Amount"]))) for p in refunds] == [("090", 22)]
    assert any("sent as a refund of credit note" in n for n in shop.notes())
    assert xero_one(shop, "Invoices")["Status"] == "PAID"


def test_a_refund_before_payment_is_a_credit_note_allocated_to_the_invoice(shop: Any) -> None:
    unpaid = order(shop, ("20.00", 2), financial_status="pending")
    shop.sync("shopify")
    refund = {"refund_line_items": [{"line_item_id": unpaid["line_items"][0]["id"], "quantity": 1}]}
    shop.in_shop("POST", f"orders/{unpaid['id']}/refunds.json", {"refund": refund})
    shop.sync("shopify")
    credit, invoice = xero_one(shop, "CreditNotes"), xero_one(shop, "Invoices")
    assert [a["Invoice"]["InvoiceID"] for a in credit["Allocations"]] == [invoice["InvoiceID"]]
    assert [Decimal(str(a["Amount"])) for a in credit["Allocations"]] == [Decimal("22")]
    assert (
        Decimal(str(invoice["AmountCredited"])) == 22 and Decimal(str(invoice["AmountDue"])) == 22
    )
    assert invoice["Status"] == "AUTHORISED"


@pytest.mark.parametrize(
    "shop", [{"taxes_included": False}, {"taxes_included": True}], indirect=True, ids=str
)
def test_totals_and_tax_match_to_the_cent(shop: Any) -> None:
    paid = order(shop, ("19.99", 3), ("7.45", 1), shipping="8.95")
    shop.sync("shopify")
    invoice = xero_one(shop, "Invoices")
    inclusive = bool(paid["taxes_included"])
    assert invoice["LineAmountTypes"] == ("Inclusive" if inclusive else "Exclusive")
    assert Decimal(str(invoice["Total"])) == Decimal(paid["total_price"])
    assert Decimal(str(invoice["TotalTax"])) == Decimal(paid["total_tax"])
    assert invoice["Status"] == "PAID"


def test_the_same_webhook_three_times_makes_one_invoice(shop: Any) -> None:
    shop.sync("shopify")  # connected and settled; from here the shop's webhooks drive it
    paid = order(shop, ("15.00", 2))
    body = json.dumps(paid).encode()
    headers = {
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Webhook-Id": "delivery-1",
        "X-Shopify-Hmac-Sha256": sign(body, "test-app-secret"),
        "X-Shopify-Shop-Domain": "acme.myshopify.com",
        "Content-Type": "application/json",
    }
    url = f"/webhooks/shopify/{shop.ids['shopify']}"
    answers = [shop.client.post(url, data=body, headers=headers) for _ in range(3)]
    assert [a.status_code for a in answers] == [202, 202, 202]
    work_burst(shop.app)
    invoices = shop.in_xero("GET", "/Invoices")["Invoices"]
    assert [Decimal(str(i["Total"])) for i in invoices] == [Decimal(paid["total_price"])]
    assert shop.writes("xero").count("PUT /api.xro/2.0/Invoices") == 1
    assert len(shop.records("invoices")) == 1
