"""Deterministic demo data: customers, products with variants, orders with taxes and refunds."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from flask import Flask

from .config import shop_domain
from .customer_data import create_customer
from .order_data import create_order
from .product_data import create_product
from .refund_data import create_refund
from .store import ShopStore, state_of
from .taxes import cents
from .wire import utcnow

FIRST = [
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jon",
    "Keiko",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
]
LAST = [
    "Archer",
    "Brooks",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Hale",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Patel",
]
CITIES = [
    ("Ottawa", "Ontario", "ON", "Canada", "CA", "K1P 1J1"),
    ("Toronto", "Ontario", "ON", "Canada", "CA", "M5H 2N2"),
    ("New York", "New York", "NY", "United States", "US", "10001"),
    ("Austin", "Texas", "TX", "United States", "US", "73301"),
]
ADJECTIVES = ["Classic", "Organic", "Rugged", "Vintage", "Everyday", "Premium", "Compact"]
NOUNS = ["Tee", "Hoodie", "Mug", "Backpack", "Notebook", "Water Bottle", "Cap", "Scarf"]
SIZES = ["S", "M", "L", "XL"]
TAX = {"title": "Sales Tax", "rate": "0.08"}


def _customer(rng: random.Random, n: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, province, code, country, country_code, postcode = rng.choice(CITIES)
    return {
        "first_name": first,
        "last_name": last,
        "email": f"{first}.{last}.{n}@example.com".lower(),
        "phone": f"+1613555{n:04d}" if rng.random() < 0.6 else None,
        "tags": rng.choice(["", "vip", "wholesale", "newsletter"]),
        "email_marketing_consent": {"state": rng.choice(["subscribed", "not_subscribed"])},
        "addresses": [
            {
                "first_name": first,
                "last_name": last,
                "company": f"{last} Trading" if rng.random() < 0.3 else None,
                "address1": f"{rng.randint(1, 999)} Main Street",
                "city": city,
                "province": province,
                "province_code": code,
                "country": country,
                "country_code": country_code,
                "zip": postcode,
                "default": True,
            }
        ],
    }


def _product(rng: random.Random, n: int) -> dict[str, Any]:
    title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {n}"
    price = cents(Decimal(rng.randint(500, 12000)) / 100)
    sized = rng.random() < 0.5
    variants = [
        {
            "option1": size,
            "price": str(price + (2 if size == "XL" else 0)),
            "sku": f"SKU-{n:04d}-{size}",
            "inventory_management": "shopify",
            "inventory_quantity": rng.randint(0, 200),
            "grams": rng.randint(100, 900),
        }
        for size in (SIZES[: rng.randint(2, 4)] if sized else ["Default Title"])
    ]
    return {
        "title": title,
        "vendor": rng.choice(["Acme Goods", "Northwind", "Globex"]),
        "product_type": rng.choice(NOUNS),
        "body_html": f"<p>{title}</p>",
        "tags": rng.choice(["", "summer", "bestseller"]),
        "variants": variants,
        "options": [{"name": "Size" if sized else "Title"}],
    }


def _order(
    rng: random.Random, shop: ShopStore, customer_ids: list[int], variant_ids: list[int]
) -> dict[str, Any]:
    lines = [
        {"variant_id": v, "quantity": rng.randint(1, 3)}
        for v in rng.sample(variant_ids, k=min(len(variant_ids), rng.randint(1, 3)))
    ]
    data: dict[str, Any] = {
        "line_items": lines,
        "tax_lines": [TAX],
        "financial_status": rng.choices(["paid", "pending", "authorized"], [75, 15, 10])[0],
    }
    if customer_ids:
        data["customer"] = {"id": rng.choice(customer_ids)}
    if rng.random() < 0.7:
        data["shipping_lines"] = [
            {"title": "Standard", "code": "STD", "price": "9.99", "tax_lines": [TAX]}
        ]
    if rng.random() < 0.2:
        data["discount_codes"] = [{"code": "WELCOME5", "amount": "5.00", "type": "fixed_amount"}]
    return data


def seed(
    app: Flask,
    shop: str = "acme",
    *,
    customers: int = 25,
    products: int = 10,
    orders: int = 50,
    seed: int = 0,
    days: int = 30,
) -> dict[str, list[int]]:
    """Fill one shop with data spread over the last `days` days; no webhooks are sent.

    The same `seed` gives the same names, prices and mix of statuses every time.
    """
    rng = random.Random(seed)
    state = state_of(app)
    with state.lock:
        store = state.shops[shop_domain(shop)]
        now = utcnow()
        stamps = sorted(
            now - timedelta(seconds=rng.randint(3600, days * 86400))
            for _ in range(customers + products + orders)
        )
        # Customers and products first, then orders, each in time order so ids follow time.
        created: dict[str, list[int]] = {"customers": [], "products": [], "orders": []}
        with store.quiet():
            for n in range(customers):
                record = create_customer(store, _customer(rng, len(store.customers) + n + 1))
                record["created_at"] = record["updated_at"] = stamps[n]
                created["customers"].append(record["id"])
            for n in range(products):
                record = create_product(store, _product(rng, len(store.products) + 1))
                record["created_at"] = record["updated_at"] = stamps[customers + n]
                for variant in record["variants"]:
                    variant["created_at"] = variant["updated_at"] = stamps[customers + n]
                created["products"].append(record["id"])
            variant_ids = sorted(store.variant_product)
            for n in range(orders if variant_ids else 0):
                stamp = stamps[customers + products + n]
                order = create_order(
                    store, _order(rng, store, created["customers"], variant_ids), created_at=stamp
                )
                created["orders"].append(order["id"])
                _age(rng, store, order, now)
    return created


def _age(rng: random.Random, shop: ShopStore, order: dict[str, Any], now: Any) -> None:
    """Give some orders a later life: refunded, closed or cancelled."""
    roll = rng.random()
    if order["financial_status"] == "paid" and roll < 0.15:
        line = order["line_items"][0]
        excluded = not order["taxes_included"]
        net = (
            line["price"]
            - sum((a["amount"] for a in line["discount_allocations"]), Decimal("0"))
            / line["quantity"]
        )
        tax = sum((t["price"] for t in line["tax_lines"]), Decimal("0")) / line["quantity"]
        amount = cents(net + (tax if excluded else 0))
        create_refund(
            shop,
            order,
            {
                "refund_line_items": [
                    {"line_item_id": line["id"], "quantity": 1, "restock_type": "return"}
                ],
                "transactions": [{"amount": str(amount), "kind": "refund"}],
                "note": "Seeded return",
            },
        )
    elif (
        order["financial_status"] == "paid"
        and roll < 0.4
        and order["created_at"] < now - timedelta(days=7)
    ):
        order["closed_at"] = order["created_at"] + timedelta(days=5)
    elif order["financial_status"] == "pending" and roll < 0.3:
        order["cancelled_at"] = order["closed_at"] = order["created_at"] + timedelta(hours=4)
        order["cancel_reason"] = "customer"
