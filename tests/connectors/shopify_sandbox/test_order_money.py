"""Order arithmetic over HTTP: taxes in and out, discounts, shipping, payments, refunds."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.fixture
def variant(api) -> dict:
    product = api.post(
        "products.json",
        json={
            "product": {
                "title": "Lamp",
                "variants": [
                    {
                        "price": "40.00",
                        "sku": "LAMP",
                        "inventory_management": "shopify",
                        "inventory_quantity": 5,
                    }
                ],
            }
        },
    )
    return product.json()["product"]["variants"][0]


def order(api, **fields: object) -> dict:
    response = api.post("orders.json", json={"order": fields})
    assert response.status_code == 201, response.text
    return response.json()["order"]


def test_taxes_included_prices_contain_the_tax(api) -> None:
    made = order(
        api,
        taxes_included=True,
        financial_status="pending",
        line_items=[{"title": "Gift box", "price": "113.00", "quantity": 1}],
        tax_lines=[{"title": "HST", "rate": "0.13"}],
    )
    assert made["line_items"][0]["tax_lines"][0]["price"] == "13.00"
    assert made["tax_lines"] == [
        {
            "title": "HST",
            "rate": 0.13,
            "price": "13.00",
            "price_set": made["tax_lines"][0]["price_set"],
            "channel_liable": False,
        }
    ]
    assert (made["subtotal_price"], made["total_tax"], made["total_price"]) == (
        "113.00",
        "13.00",
        "113.00",
    )
    assert made["total_price_set"]["shop_money"] == {"amount": "113.00", "currency_code": "USD"}
    assert made["total_outstanding"] == "113.00"


def test_explicit_line_tax_prices_and_shipping_discount(api, variant) -> None:
    made = order(
        api,
        line_items=[
            {
                "variant_id": variant["id"],
                "quantity": 2,
                "tax_lines": [{"title": "GST", "rate": 0.05, "price": "4.00"}],
            }
        ],
        shipping_lines=[{"title": "Express", "price": "15.00"}],
        discount_codes=[{"code": "FREESHIP", "amount": "15.00", "type": "shipping"}],
    )
    assert made["total_line_items_price"] == "80.00"
    assert made["total_tax"] == "4.00"
    assert made["total_discounts"] == "15.00"
    assert made["shipping_lines"][0]["discounted_price"] == "0.00"
    assert made["subtotal_price"] == "80.00"
    assert made["total_price"] == "84.00"
    assert made["discount_applications"][0]["target_type"] == "shipping_line"
    assert made["financial_status"] == "paid" and made["total_outstanding"] == "0.00"


def test_order_level_tax_price_is_spread_over_lines(api) -> None:
    made = order(
        api,
        line_items=[{"title": "A", "price": "10.00"}, {"title": "B", "price": "20.00"}],
        tax_lines=[{"title": "VAT", "rate": 0.2, "price": "6.01"}],
    )
    shares = [Decimal(li["tax_lines"][0]["price"]) for li in made["line_items"]]
    assert sum(shares) == Decimal("6.01") and shares[0] < shares[1]


def test_line_item_validation(api, variant) -> None:
    unknown = api.post("orders.json", json={"order": {"line_items": [{"variant_id": 1}]}})
    assert unknown.status_code == 422
    assert unknown.json() == {"errors": {"line_items": ["Variant 1 does not exist"]}}
    zero = api.post(
        "orders.json",
        json={"order": {"line_items": [{"variant_id": variant["id"], "quantity": 0}]}},
    )
    assert zero.status_code == 422
    status = api.post(
        "orders.json", json={"order": {"financial_status": "maybe", "line_items": [{"title": "x"}]}}
    )
    assert status.json() == {"errors": {"financial_status": ["is not included in the list"]}}


def test_customer_is_found_or_created_from_the_email(api, variant) -> None:
    first = order(api, email="new@example.com", line_items=[{"variant_id": variant["id"]}])
    second = order(api, email="NEW@example.com", line_items=[{"variant_id": variant["id"]}])
    assert first["customer"]["id"] == second["customer"]["id"]
    customer = api.get(f"customers/{first['customer']['id']}.json").json()["customer"]
    assert customer["orders_count"] == 2
    assert customer["total_spent"] == "80.00"
    assert customer["last_order_name"] == second["name"]
    listed = api.get(f"customers/{customer['id']}/orders.json").json()["orders"]
    assert [o["id"] for o in listed] == [first["id"], second["id"]]
    assert api.delete(f"customers/{customer['id']}.json").status_code == 422


def test_void_and_cancel_of_authorized_orders(api, variant) -> None:
    voided = order(api, financial_status="authorized", line_items=[{"variant_id": variant["id"]}])
    api.post(f"orders/{voided['id']}/transactions.json", json={"transaction": {"kind": "void"}})
    assert api.get(f"orders/{voided['id']}.json").json()["order"]["financial_status"] == ("voided")
    cancelled = order(
        api, financial_status="authorized", line_items=[{"variant_id": variant["id"]}]
    )
    done = api.post(f"orders/{cancelled['id']}/cancel.json", json={"reason": "fraud"})
    assert done.json()["order"]["financial_status"] == "voided"
    assert done.json()["order"]["cancel_reason"] == "fraud"
    assert api.post(f"orders/{cancelled['id']}/cancel.json").status_code == 422


def test_capture_without_authorization_is_refused(api, variant) -> None:
    made = order(api, financial_status="pending", line_items=[{"variant_id": variant["id"]}])
    refused = api.post(
        f"orders/{made['id']}/transactions.json",
        json={"transaction": {"kind": "capture", "amount": "5.00"}},
    )
    assert refused.status_code == 422
    assert refused.json() == {"errors": {"base": ["No capturable transaction was found"]}}
    sale = api.post(
        f"orders/{made['id']}/transactions.json",
        json={"transaction": {"kind": "sale", "amount": "15.00"}},
    )
    assert sale.status_code == 201
    listed = api.get(
        f"orders/{made['id']}/transactions.json",
        params={"since_id": 0, "updated_at_min": "2099-01-01"},
    )
    # Transactions honour since_id only; updated_at_min is not a transaction filter.
    assert [t["kind"] for t in listed.json()["transactions"]] == ["sale"]
    assert api.get(f"orders/{made['id']}.json").json()["order"]["financial_status"] == (
        "partially_paid"
    )


def test_refund_quantities_shipping_and_restock(api, variant) -> None:
    made = order(
        api,
        line_items=[{"variant_id": variant["id"], "quantity": 2}],
        shipping_lines=[
            {"title": "Std", "price": "10.00", "tax_lines": [{"title": "T", "rate": 0.1}]}
        ],
    )
    line = made["line_items"][0]["id"]
    too_many = api.post(
        f"orders/{made['id']}/refunds.json",
        json={"refund": {"refund_line_items": [{"line_item_id": line, "quantity": 3}]}},
    )
    assert too_many.status_code == 422
    refund = api.post(
        f"orders/{made['id']}/refunds.json",
        json={
            "refund": {
                "refund_line_items": [
                    {"line_item_id": line, "quantity": 1, "restock_type": "return"}
                ],
                "shipping": {"amount": "5.00"},
                "transactions": [{"amount": "45.50", "kind": "refund"}],
            }
        },
    ).json()["refund"]
    assert refund["order_adjustments"][0]["amount"] == "-5.00"
    assert refund["order_adjustments"][0]["tax_amount"] == "-0.50"
    after = api.get(f"orders/{made['id']}.json").json()["order"]
    assert after["current_total_price"] == "45.50"  # 91.00 - 40.00 - 5.00 - 0.50
    assert after["financial_status"] == "partially_refunded"
    assert after["refunds"][0]["refund_line_items"][0]["line_item"]["id"] == line
    product = api.get(f"products/{variant['product_id']}.json").json()["product"]
    assert product["variants"][0]["inventory_quantity"] == 6
