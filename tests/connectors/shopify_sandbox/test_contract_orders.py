"""ShopifyAPI contract: orders, transactions and refunds through the unmodified package."""

from __future__ import annotations

from decimal import Decimal

import pytest
import shopify

pytestmark = pytest.mark.usefixtures("shopify_session")


def _catalog() -> tuple[shopify.Customer, shopify.Product]:
    customer = shopify.Customer.create({"first_name": "Grace", "email": "grace@example.com"})
    product = shopify.Product.create(
        {
            "title": "Mug",
            "variants": [
                {"option1": "Blue", "price": "12.50", "sku": "MUG-B"},
                {"option1": "Red", "price": "14.00", "sku": "MUG-R"},
            ],
            "options": [{"name": "Color"}],
        }
    )
    return customer, product


def _order(customer: shopify.Customer, product: shopify.Product, **extra: object) -> shopify.Order:
    order = shopify.Order.create(
        {
            "customer": {"id": customer.id},
            "line_items": [
                {"variant_id": product.variants[0].id, "quantity": 2},
                {"variant_id": product.variants[1].id, "quantity": 1},
            ],
            "tax_lines": [{"title": "HST", "rate": 0.13}],
            "shipping_lines": [
                {
                    "title": "Standard",
                    "price": "5.00",
                    "tax_lines": [{"title": "HST", "rate": 0.13}],
                }
            ],
            **extra,
        }
    )
    assert order.errors.full_messages() == []
    return order


def test_order_with_lines_taxes_and_shipping() -> None:
    customer, product = _catalog()
    order = _order(customer, product, financial_status="pending")
    assert order.name == "#1001" and order.order_number == 1001
    assert [(li.sku, li.quantity, li.price) for li in order.line_items] == [
        ("MUG-B", 2, "12.50"),
        ("MUG-R", 1, "14.00"),
    ]
    assert [t.price for t in order.line_items[0].tax_lines] == ["3.25"]
    assert order.taxes_included is False
    assert order.subtotal_price == "39.00"
    assert order.total_tax == "5.72"  # 3.25 + 1.82 + 0.65 shipping
    assert order.total_price == "49.72"
    assert order.tax_lines[0].title == "HST" and order.tax_lines[0].price == "5.72"
    assert order.shipping_lines[0].price == "5.00"
    assert order.financial_status == "pending"
    assert order.customer.id == customer.id
    assert shopify.Customer.find(customer.id).orders_count == 1
    assert [o.id for o in customer.orders()] == [order.id]


def test_discount_codes_are_allocated_and_taxed_after_discount() -> None:
    customer, product = _catalog()
    order = _order(
        customer,
        product,
        discount_codes=[{"code": "SAVE3", "amount": "3.90", "type": "fixed_amount"}],
    )
    assert order.total_discounts == "3.90"
    allocations = [Decimal(li.discount_allocations[0].amount) for li in order.line_items]
    assert sum(allocations) == Decimal("3.90")
    assert order.subtotal_price == "35.10"
    assert Decimal(order.total_price) == Decimal("35.10") + Decimal("5.00") + Decimal(
        order.total_tax
    )


def test_default_financial_status_paid_records_a_sale() -> None:
    customer, product = _catalog()
    order = _order(customer, product)
    assert order.financial_status == "paid"
    sales = shopify.Transaction.find(order_id=order.id)
    assert [(t.kind, t.status, t.amount) for t in sales] == [("sale", "success", "49.72")]
    assert Decimal(shopify.Customer.find(customer.id).total_spent) == Decimal("49.72")


def test_authorize_then_capture_moves_to_paid() -> None:
    customer, product = _catalog()
    order = _order(customer, product, financial_status="authorized")
    assert order.financial_status == "authorized"
    capture = order.capture("20.00")
    assert capture.kind == "capture" and capture.amount == "20.00"
    assert shopify.Order.find(order.id).financial_status == "partially_paid"
    shopify.Transaction.create({"order_id": order.id, "kind": "capture"})
    assert shopify.Order.find(order.id).financial_status == "paid"
    assert shopify.Transaction.count(order_id=order.id) == 3


def test_refund_with_line_items_and_transactions() -> None:
    customer, product = _catalog()
    order = _order(customer, product)
    line = order.line_items[0]
    calc = shopify.Refund.calculate(
        order.id,
        refund_line_items=[{"line_item_id": line.id, "quantity": 1, "restock_type": "no_restock"}],
    )
    suggested = calc.transactions[0]
    assert suggested.kind == "suggested_refund"
    assert suggested.amount == "14.13"  # 12.50 + 1.63 tax

    refund = shopify.Refund.create(
        {
            "order_id": order.id,
            "note": "broken",
            "refund_line_items": [
                {"line_item_id": line.id, "quantity": 1, "restock_type": "no_restock"}
            ],
            "transactions": [
                {
                    "parent_id": suggested.parent_id,
                    "amount": suggested.amount,
                    "kind": "refund",
                    "gateway": suggested.gateway,
                }
            ],
        }
    )
    assert refund.errors.full_messages() == []
    assert refund.refund_line_items[0].subtotal == "12.50"
    assert refund.refund_line_items[0].total_tax == "1.63"
    assert refund.transactions[0].kind == "refund"
    after = shopify.Order.find(order.id)
    assert after.financial_status == "partially_refunded"
    assert after.current_total_price == "35.59"
    assert [r.id for r in shopify.Refund.find(order_id=order.id)] == [refund.id]

    rest = shopify.Refund.create(
        {
            "order_id": order.id,
            "shipping": {"full_refund": True},
            "transactions": [{"amount": "35.59", "kind": "refund"}],
        }
    )
    assert rest.errors.full_messages() == []
    assert shopify.Order.find(order.id).financial_status == "refunded"


def test_refund_over_the_paid_amount_is_a_422() -> None:
    customer, product = _catalog()
    order = _order(customer, product)
    refund = shopify.Refund.create(
        {"order_id": order.id, "transactions": [{"amount": "100.00", "kind": "refund"}]}
    )
    assert refund.id is None
    assert refund.errors.full_messages() == [
        "Refund amount must be less than or equal to the refundable amount of 49.72"
    ]


def test_update_close_reopen_cancel_and_status_filters() -> None:
    customer, product = _catalog()
    first = _order(customer, product)
    second = _order(customer, product, financial_status="pending")
    first.note = "gift wrap"
    assert first.save()
    assert shopify.Order.find(first.id).note == "gift wrap"
    first.close()
    assert first.closed_at is not None
    assert [o.id for o in shopify.Order.find()] == [second.id]  # default status=open
    assert {o.id for o in shopify.Order.find(status="any")} == {first.id, second.id}
    first.open()
    second.cancel(reason="customer")
    assert second.cancel_reason == "customer"
    assert [o.id for o in shopify.Order.find(status="cancelled")] == [second.id]
    assert shopify.Order.count(status="any") == 2
    second.destroy()
    assert shopify.Order.count(status="any") == 1


def test_webhook_subscriptions_through_the_package(receiver) -> None:
    hook = shopify.Webhook.create(
        {"topic": "orders/create", "address": f"{receiver.url}/hooks/a", "format": "json"}
    )
    assert hook.errors.full_messages() == []
    assert hook.api_version == "2024-10"
    assert [w.id for w in shopify.Webhook.find(topic="orders/create")] == [hook.id]
    again = shopify.Webhook.create({"topic": "orders/create", "address": f"{receiver.url}/hooks/a"})
    assert again.errors.full_messages() == ["address for this topic has already been taken"]
    hook.destroy()
    assert shopify.Webhook.count() == 0


def test_access_scopes_lists_the_grant() -> None:
    handles = {s.handle for s in shopify.AccessScope.find()}
    assert {"read_orders", "write_customers"} <= handles
