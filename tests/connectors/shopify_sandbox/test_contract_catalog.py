"""ShopifyAPI contract: customers and products with variants through the unmodified package."""

from __future__ import annotations

from decimal import Decimal

import pytest
import shopify
from pyactiveresource.connection import ResourceNotFound

from connectors.shopify.sandbox import seed

pytestmark = pytest.mark.usefixtures("shopify_session")


def test_customer_create_read_update_delete() -> None:
    customer = shopify.Customer.create(
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ADA@example.com",
            "tags": ["vip", "wholesale"],
            "addresses": [{"address1": "1 Main St", "city": "Ottawa", "country": "Canada"}],
        }
    )
    assert customer.errors.full_messages() == []
    assert isinstance(customer.id, int) and customer.id > 2**32
    assert customer.email == "ada@example.com"
    assert customer.tags == "vip, wholesale"
    assert customer.default_address.city == "Ottawa"
    assert customer.admin_graphql_api_id == f"gid://shopify/Customer/{customer.id}"

    fetched = shopify.Customer.find(customer.id)
    fetched.note = "prefers email"
    assert fetched.save()
    assert shopify.Customer.find(customer.id).note == "prefers email"
    assert shopify.Customer.count() == 1

    fetched.destroy()
    with pytest.raises(ResourceNotFound):
        shopify.Customer.find(customer.id)


def test_duplicate_email_surfaces_as_resource_errors() -> None:
    shopify.Customer.create({"email": "dup@example.com", "first_name": "A"})
    clash = shopify.Customer.create({"email": "dup@example.com", "first_name": "B"})
    assert clash.id is None
    assert clash.errors.on("email") == "has already been taken"
    assert clash.errors.full_messages() == ["email has already been taken"]


def test_invalid_email_and_empty_customer_are_rejected() -> None:
    bad = shopify.Customer()
    bad.email = "not-an-email"
    assert bad.save() is False
    assert bad.errors.on("email") == "is invalid"
    empty = shopify.Customer()
    assert empty.save() is False
    assert "Customer must have a name, phone number or email address" in (
        empty.errors.full_messages()
    )


def test_customer_search_by_email(sandbox) -> None:
    seed(sandbox.app, "acme", customers=8, products=0, orders=0)
    target = shopify.Customer.find(limit=1)[0]
    found = shopify.Customer.search(query=f"email:{target.email}")
    assert [c.id for c in found] == [target.id]


def test_product_with_variants_round_trip() -> None:
    product = shopify.Product.create(
        {
            "title": "Rugged Tee",
            "vendor": "Acme",
            "product_type": "Shirts",
            "options": [{"name": "Size"}],
            "variants": [
                {"option1": "S", "price": "19.99", "sku": "TEE-S"},
                {"option1": "M", "price": "19.99", "sku": "TEE-M"},
                {"option1": "L", "price": "21.50", "sku": "TEE-L", "weight": 0.25},
            ],
        }
    )
    assert product.errors.full_messages() == []
    assert product.handle == "rugged-tee"
    assert [v.sku for v in product.variants] == ["TEE-S", "TEE-M", "TEE-L"]
    assert [v.title for v in product.variants] == ["S", "M", "L"]
    assert product.options[0].values == ["S", "M", "L"]
    assert Decimal(product.variants[2].price) == Decimal("21.50")
    assert product.variants[2].weight == 0.25  # weights and rates are JSON numbers
    assert product.price_range() == "19.99 - 21.50"

    variant = shopify.Variant(
        {"product_id": product.id, "option1": "XL", "price": "23.00", "sku": "TEE-XL"}
    )
    assert variant.save(), variant.errors.full_messages()
    reloaded = shopify.Product.find(product.id)
    assert [v.sku for v in reloaded.variants] == ["TEE-S", "TEE-M", "TEE-L", "TEE-XL"]

    found = shopify.Variant.find(variant.id)
    found.price = "24.00"
    assert found.save()
    assert shopify.Variant.find(variant.id).price == "24.00"

    reloaded.title = "Rugged Tee v2"
    assert reloaded.save()
    assert shopify.Product.find(product.id).title == "Rugged Tee v2"
    reloaded.destroy()
    with pytest.raises(ResourceNotFound):
        shopify.Variant.find(variant.id)


def test_product_validation_errors() -> None:
    untitled = shopify.Product.create({"title": " ", "variants": [{"price": "1.00"}]})
    assert untitled.errors.on("title") == "can't be blank"
    twins = shopify.Product.create(
        {
            "title": "Twins",
            "variants": [{"option1": "A", "price": "1"}, {"option1": "A", "price": "2"}],
        }
    )
    assert twins.errors.full_messages() == ["The variant 'A' already exists."]


def test_paginated_collection_walks_every_page(sandbox) -> None:
    seed(sandbox.app, "acme", customers=23, products=0, orders=0)
    page = shopify.Customer.find(limit=10)
    seen = [c.id for c in page]
    pages = 1
    assert not page.has_previous_page()
    while page.has_next_page():
        page = page.next_page()
        seen += [c.id for c in page]
        pages += 1
    assert pages == 3
    assert len(seen) == 23 == len(set(seen))
    assert seen == sorted(seen)
    assert page.has_previous_page()
    back = page.previous_page()
    assert [c.id for c in back] == seen[10:20]


def test_paginated_iterator_and_count(sandbox) -> None:
    seed(sandbox.app, "acme", customers=0, products=12, orders=0)
    pages = list(shopify.PaginatedIterator(shopify.Product.find(limit=5)))
    assert [len(p) for p in pages] == [5, 5, 2]
    assert shopify.Product.count() == 12


def test_call_limit_is_readable_through_limits() -> None:
    shopify.Shop.current()
    assert shopify.Limits.credit_limit() == 40
    assert 1 <= shopify.Limits.credit_used() <= 40
