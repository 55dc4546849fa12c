"""Customers and variants as the hub sees them, and reading by windows and Link pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs


def read(connector: Any, entity: str, cursor: Any = None) -> list[Any]:
    return list(connector.read(entity, cursor))


def test_a_customer_is_a_person_pointing_at_their_company(connector: Any, shop: Any) -> None:
    customer = shop.admin(
        "POST",
        "customers.json",
        {
            "customer": {
                "first_name": "Ada",
                "last_name": "Archer",
                "email": "ada@example.com",
                "phone": "+16135550101",
                "tags": "vip, wholesale",
                "note": "Net 30",
                "addresses": [
                    {
                        "address1": "1 Main St",
                        "city": "Ottawa",
                        "province": "Ontario",
                        "country": "Canada",
                        "country_code": "CA",
                        "zip": "K1P 1J1",
                        "company": "Archer  Trading",
                        "default": True,
                    },
                    {"address1": "9 Side Rd", "city": "Toronto", "country_code": "CA"},
                ],
            }
        },
    )["customer"]
    companies, people = read(connector, "contacts")
    # The company comes first, on a page that does not move the cursor.
    assert companies.cursor is None
    (company,) = companies.records
    assert (company.id, company.data) == (
        "company:Archer Trading",
        {"kind": "ORGANIZATION", "name": "Archer Trading", "is_customer": True},
    )
    (person,) = people.records
    assert person.id == str(customer["id"])
    data = person.data
    assert (data["kind"], data["name"], data["organization_id"]) == (
        "PERSON",
        "Ada Archer",
        "company:Archer Trading",
    )
    assert data["emails"] == [{"type": "PRIMARY", "address": "ada@example.com"}]
    assert data["phones"] == [{"type": "DEFAULT", "number": "+16135550101"}]
    assert [(a["type"], a["city"]) for a in data["addresses"]] == [
        ("BILLING", "Ottawa"),
        ("OTHER", "Toronto"),
    ]
    assert data["addresses"][0]["lines"] == ["1 Main St"]
    assert (data["tags"], data["notes"]) == (["vip", "wholesale"], "Net 30")
    assert connector.fetch("contacts", "company:Archer Trading").data == company.data


def test_each_variant_is_an_item(connector: Any, shop: Any) -> None:
    tee = shop.product(
        "Rugged Tee",
        {
            "option1": "S",
            "price": "20.00",
            "sku": "TEE-S",
            "inventory_management": "shopify",
            "inventory_quantity": 7,
        },
        {"option1": "M", "price": "21.50", "sku": "TEE-M"},
        body_html="<p>Heavy &amp; soft</p>",
        product_type="Shirts",
    )
    shop.product("Gift card", {"price": "25.00", "sku": "", "requires_shipping": False})
    (page,) = read(connector, "items")
    items = {r.label: r for r in page.records}
    assert set(items) == {"Rugged Tee - S", "Rugged Tee - M", "Gift card"}
    small = items["Rugged Tee - S"]
    assert small.id == str(tee["variants"][0]["id"])
    assert small.data == {
        "code": "TEE-S",
        "name": "Rugged Tee - S",
        "description": "Heavy & soft",
        "type": "PRODUCT",
        "category": "Shirts",
        "barcode": None,
        "status": "ACTIVE",
        "is_sold": True,
        "sale": {"unit_price": "20.00", "currency": "USD", "tax_inclusive": False},
        "quantity_on_hand": "7",
    }
    assert "quantity_on_hand" not in items["Rugged Tee - M"].data  # stock not tracked
    card = items["Gift card"].data
    assert (card["code"], card["type"]) == (None, "SERVICE")
    assert connector.fetch("items", small.id).data == small.data


def test_pages_follow_the_link_header_and_a_resumed_read_goes_on(connector: Any, shop: Any) -> None:
    shop.seed(customers=260, products=0, orders=0)
    shop.age(hours=2)
    pages = [
        p
        for p in read(connector, "contacts")
        if not p.records or not p.records[0].id.startswith("company:")
    ]
    assert [len(p.records) for p in pages] == [250, 10]
    middle, last = pages[0].cursor, pages[1].cursor
    assert middle["after"] == max(int(r.id) for r in pages[0].records)
    assert last == {"since": middle["until"]}
    queries = [parse_qs(c.query) for c in shop.calls() if c.path.endswith("customers.json")]
    assert queries[0] == {"limit": ["250"], "since_id": ["0"]}
    # The next page is Shopify's URL as given: page_info, and only limit beside it.
    assert set(queries[1]) == {"limit", "page_info"}

    # A run that stopped after the first page starts from where it stopped, same window.
    mark = len(shop.calls())
    resumed = [
        p
        for p in read(connector, "contacts", middle)
        if p.records and not p.records[0].id.startswith("company:")
    ]
    assert [r.id for r in resumed[0].records] == [r.id for r in pages[1].records]
    (again,) = [parse_qs(c.query) for c in shop.calls()[mark:]]
    assert again["since_id"] == [str(middle["after"])]
    assert resumed[-1].cursor == {"since": middle["until"]}
    # Nothing changed since: the next window is empty, in one call.
    assert [len(p.records) for p in read(connector, "contacts", last)] == [0]
