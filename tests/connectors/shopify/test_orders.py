"""Orders -> invoices, refunds -> credit notes, transactions -> payments: Shopify's figures to
the cent, in tax-exclusive and tax-inclusive shops, and valid canonical records."""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest

import schema

INCLUSIVE = {"shop": {"taxes_included": True}}
TAX = {"title": "Sales Tax", "rate": "0.08"}


def valid(entity: str, data: dict[str, Any]) -> dict[str, Any]:
    """Load through the canonical schema, Shopify ids standing in as UUIDs."""
    refs = schema.map_refs(entity, data, lambda t, v: str(uuid.uuid5(uuid.NAMESPACE_URL, v)))
    return schema.load(entity, refs)


def everything(connector: Any, entity: str) -> list[Any]:
    return [r for page in connector.read(entity, None) for r in page.records]


@pytest.fixture
def basket(shop: Any) -> dict[str, Any]:
    """Two tees and three mugs, 5.00 off, 8% tax on goods and shipping, shipped for 9.99."""
    tee = shop.product(
        "Rugged Tee",
        {"option1": "S", "price": "20.00", "sku": "TEE-S"},
        {"option1": "M", "price": "20.00", "sku": "TEE-M"},
    )
    mug = shop.product("Mug", {"price": "12.50", "sku": "MUG"})
    return shop.order(
        line_items=[
            {"variant_id": tee["variants"][0]["id"], "quantity": 2},
            {"variant_id": mug["variants"][0]["id"], "quantity": 3},
        ],
        tax_lines=[TAX],
        shipping_lines=[{"title": "Standard", "price": "9.99", "tax_lines": [TAX]}],
        discount_codes=[{"code": "WELCOME5", "amount": "5.00", "type": "fixed_amount"}],
        customer={"email": "ada@example.com", "first_name": "Ada", "last_name": "Archer"},
    )


def test_a_tax_exclusive_order_matches_shopify_to_the_cent(connector: Any, basket: Any) -> None:
    invoice = connector.fetch("invoices", str(basket["id"])).data
    assert (invoice["total"], invoice["total_tax"]) == (basket["total_price"], basket["total_tax"])
    assert (invoice["total"], invoice["total_tax"], invoice["subtotal"]) == (
        "89.09",
        "6.60",
        "82.49",
    )
    assert invoice["line_amount_type"] == "EXCLUSIVE"
    tee, mug, shipping = invoice["lines"]
    # The 5.00 code is spread over the goods; each line's tax is on its discounted amount.
    assert (tee["quantity"], tee["unit_price"], tee["discount_amount"]) == ("2", "20.00", "2.58")
    assert (tee["line_amount"], tee["tax_amount"]) == ("37.42", "2.99")
    assert (mug["line_amount"], mug["tax_amount"]) == ("35.08", "2.81")
    assert tee["item_id"] == str(basket["line_items"][0]["variant_id"])
    assert tee["description"] == "Rugged Tee - S"
    assert shipping == {
        "description": "Shipping",
        "quantity": "1",
        "unit_price": "9.99",
        "line_amount": "9.99",
        "tax_amount": "0.80",
    }
    assert invoice["total_discount"] == "5.00"
    assert invoice["contact_id"] == str(basket["customer"]["id"])
    assert (invoice["status"], invoice["amount_paid"], invoice["amount_due"]) == (
        "PAID",
        "89.09",
        "0.00",
    )
    assert "tax_code_id" not in tee  # Shopify has tax lines, not tax codes
    valid("invoices", invoice)


@pytest.mark.parametrize("shop_config", [INCLUSIVE], indirect=True)
def test_a_tax_inclusive_order_matches_shopify_to_the_cent(connector: Any, basket: Any) -> None:
    invoice = connector.fetch("invoices", str(basket["id"])).data
    assert (invoice["total"], invoice["total_tax"]) == (basket["total_price"], basket["total_tax"])
    assert invoice["line_amount_type"] == "INCLUSIVE"
    # Prices include the tax: the tax is the part of each amount, and the total is the sum.
    assert [(li["line_amount"], li["tax_amount"]) for li in invoice["lines"]] == [
        ("37.42", "2.77"),
        ("35.08", "2.60"),
        ("9.99", "0.74"),
    ]
    assert (invoice["subtotal"], invoice["total_tax"], invoice["total"]) == (
        "76.38",
        "6.11",
        "82.49",
    )
    valid("invoices", invoice)


@pytest.mark.parametrize("shop_config", [{}, INCLUSIVE], indirect=True, ids=["excl", "incl"])
def test_every_seeded_order_refund_and_payment_adds_up(shop: Any, connector: Any) -> None:
    shop.seed(customers=8, products=6, orders=60, seed=7)
    orders = {
        str(o["id"]): o for o in shop.admin("GET", "orders.json?status=any&limit=250")["orders"]
    }
    invoices = {r.id: r.data for r in everything(connector, "invoices")}
    credits = everything(connector, "credit_notes")
    payments = everything(connector, "payments")
    assert invoices.keys() == orders.keys()
    assert credits and payments
    for ident, invoice in invoices.items():
        order = orders[ident]
        assert (invoice["total"], invoice["total_tax"]) == (
            order["total_price"],
            order["total_tax"],
        )
        valid("invoices", invoice)
    received: dict[str, Decimal] = defaultdict(Decimal)
    for payment in payments:
        valid("payments", payment.data)
        (line,) = payment.data["lines"]
        sign = -1 if payment.data["type"] == "SPEND" else 1
        received[line["invoice_id"]] += sign * Decimal(line["amount"])
    credited: dict[str, Decimal] = defaultdict(Decimal)
    for credit in credits:
        valid("credit_notes", credit.data)
        for allocation in credit.data["allocations"]:
            credited[allocation["invoice_id"]] += Decimal(allocation["amount"])
    for ident, invoice in invoices.items():
        # What the transactions say was paid is what the invoice says; refunds are credited.
        assert Decimal(invoice["amount_paid"]) == received[ident], orders[ident]["name"]
        assert Decimal(invoice["amount_credited"]) == credited[ident]
        paid_up = orders[ident]["financial_status"] in ("paid", "partially_refunded", "refunded")
        assert (invoice["status"] == "PAID") == paid_up


def test_statuses_follow_the_financial_status(shop: Any, connector: Any) -> None:
    cap = shop.product("Cap", {"price": "15.00", "sku": "CAP"})
    line = [{"variant_id": cap["variants"][0]["id"], "quantity": 2}]
    pending = shop.order(line_items=line, financial_status="pending")
    authorized = shop.order(line_items=line, financial_status="authorized")
    voided = shop.order(line_items=line, financial_status="authorized")
    shop.admin("POST", f"orders/{voided['id']}/cancel.json", {})
    invoice = {
        o["id"]: connector.fetch("invoices", str(o["id"])).data
        for o in (pending, authorized, voided)
    }
    assert [(i["status"], i["amount_paid"], i["amount_due"]) for i in invoice.values()] == [
        ("AUTHORISED", "0.00", "30.00"),
        ("AUTHORISED", "0.00", "30.00"),
        ("VOIDED", "0.00", "30.00"),
    ]
    # Capturing the authorization pays the invoice.
    shop.admin(
        "POST", f"orders/{authorized['id']}/transactions.json", {"transaction": {"kind": "capture"}}
    )
    paid = connector.fetch("invoices", str(authorized["id"])).data
    assert (paid["status"], paid["amount_paid"], paid["amount_due"]) == ("PAID", "30.00", "0.00")
    (capture,) = everything(connector, "payments")
    assert capture.data["type"] == "RECEIVE" and capture.data["amount"] == "30.00"


def test_a_refund_is_a_credit_note_allocated_to_its_invoice(
    connector: Any, shop: Any, basket: Any
) -> None:
    tee_line = basket["line_items"][0]
    refund = shop.admin(
        "POST",
        f"orders/{basket['id']}/refunds.json",
        {
            "refund": {
                "refund_line_items": [{"line_item_id": tee_line["id"], "quantity": 1}],
                "shipping": {"full_refund": True},
                "transactions": [{"kind": "refund", "amount": "31.00"}],
                "note": "Wrong size",
            }
        },
    )["refund"]
    ident = f"{basket['id']}:{refund['id']}"
    credit = connector.fetch("credit_notes", ident).data
    tee, shipping = credit["lines"][:2]
    assert (tee["item_id"], tee["quantity"], tee["line_amount"], tee["tax_amount"]) == (
        str(tee_line["variant_id"]),
        "1",
        "18.71",
        "1.50",
    )
    assert (shipping["description"], shipping["line_amount"], shipping["tax_amount"]) == (
        "Shipping",
        "9.99",
        "0.80",
    )
    # 31.00 went back to the customer: the credit is what was refunded.
    assert credit["total"] == "31.00"
    assert credit["allocations"] == [
        {"invoice_id": str(basket["id"]), "amount": "31.00", "date": credit["issue_date"]}
    ]
    assert (credit["remaining_credit"], credit["status"], credit["notes"]) == (
        "0.00",
        "PAID",
        "Wrong size",
    )
    valid("credit_notes", credit)
    invoice = connector.fetch("invoices", str(basket["id"])).data
    assert (invoice["amount_paid"], invoice["amount_credited"], invoice["amount_due"]) == (
        "58.09",
        "31.00",
        "0.00",
    )
    money_back = [p.data for p in everything(connector, "payments") if p.data["type"] == "SPEND"]
    assert [(p["amount"], p["lines"][0]["invoice_id"]) for p in money_back] == [
        ("31.00", str(basket["id"]))
    ]


def test_a_refund_of_an_unpaid_order_lowers_what_is_due(connector: Any, shop: Any) -> None:
    cap = shop.product("Cap", {"price": "15.00", "sku": "CAP"})
    order = shop.order(
        line_items=[{"variant_id": cap["variants"][0]["id"], "quantity": 2}],
        financial_status="pending",
    )
    shop.admin(
        "POST",
        f"orders/{order['id']}/refunds.json",
        {
            "refund": {
                "refund_line_items": [{"line_item_id": order["line_items"][0]["id"], "quantity": 1}]
            }
        },
    )
    invoice = connector.fetch("invoices", str(order["id"])).data
    assert (invoice["amount_credited"], invoice["amount_due"], invoice["status"]) == (
        "15.00",
        "15.00",
        "AUTHORISED",
    )
