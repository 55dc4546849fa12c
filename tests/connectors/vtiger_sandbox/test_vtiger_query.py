"""VTQL: columns, operators, ordering, limits and the 100-row cap, count(*), and its errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

PRICES = {"Anvil": "120.50", "Bolt": "0.25", "Crate": "18", "Drill": "89.99", "Easel": "45"}


@pytest.fixture
def products(api):
    made = {}
    for name, price in PRICES.items():
        made[name] = api.create(
            "Products",
            productname=name,
            unit_price=price,
            productcode=f"SKU-{name[:3].upper()}",
            discontinued="0" if name == "Crate" else "1",
        )
    return made


def names(rows):
    return [row["productname"] for row in rows]


def test_select_star_returns_whole_records_without_line_items(api, products):
    rows = api.query("select * from Products;")
    assert names(rows) == list(PRICES)
    assert rows[0] == {k: v for k, v in products["Anvil"].items()}
    assert all(isinstance(v, str) for row in rows for v in row.values())


def test_selected_columns_come_back_with_the_id(api, products):
    rows = api.query("select productname, unit_price from Products where productname = 'Bolt';")
    assert rows == [
        {"productname": "Bolt", "unit_price": "0.25000000", "id": products["Bolt"]["id"]}
    ]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("unit_price > '50'", ["Anvil", "Drill"]),
        ("unit_price >= 45", ["Anvil", "Drill", "Easel"]),
        ("unit_price < '1'", ["Bolt"]),
        ("unit_price <= '18.00'", ["Bolt", "Crate"]),
        ("productname != 'Anvil'", ["Bolt", "Crate", "Drill", "Easel"]),
        ("productname = 'anvil'", ["Anvil"]),  # MySQL collation: case-insensitive
        ("productname in ('Bolt', 'Easel', 'Nope')", ["Bolt", "Easel"]),
        ("productname like '%r%'", ["Crate", "Drill"]),
        ("productcode like 'SKU-_N_'", ["Anvil"]),
        ("discontinued = 0", ["Crate"]),
        ("unit_price > 10 and unit_price < 100", ["Crate", "Drill", "Easel"]),
        ("productname = 'Bolt' or productname = 'Crate'", ["Bolt", "Crate"]),
        # AND binds tighter than OR, as in SQL.
        ("productname = 'Bolt' or unit_price > 50 and productname like 'D%'", ["Bolt", "Drill"]),
    ],
)
def test_where_operators(api, products, where, expected):
    assert names(api.query(f"select productname from Products where {where};")) == expected


def test_id_accepts_ws_ids(api, products):
    bolt = products["Bolt"]["id"]
    rows = api.query(f"select productname from Products where id = '{bolt}';")
    assert names(rows) == ["Bolt"]
    ids = ", ".join(f"'{products[n]['id']}'" for n in ("Anvil", "Easel"))
    assert names(api.query(f"select productname from Products where id in ({ids});")) == [
        "Anvil",
        "Easel",
    ]


def test_reference_columns_compare_ws_ids(api):
    acme = api.create("Accounts", accountname="Acme")
    other = api.create("Accounts", accountname="Other")
    api.create("Contacts", lastname="Inside", account_id=acme["id"])
    api.create("Contacts", lastname="Outside", account_id=other["id"])
    rows = api.query(f"select lastname from Contacts where account_id = '{acme['id']}';")
    assert [r["lastname"] for r in rows] == ["Inside"]
    error = api.error("query", query="select lastname from Contacts where account_id = '5';")
    assert error == {"code": "INVALID_ID_ATTRIBUTE", "message": "Id specified is incorrect"}


def test_order_by_and_direction(api, products):
    desc = api.query("select productname from Products order by unit_price desc;")
    assert names(desc) == ["Anvil", "Drill", "Easel", "Crate", "Bolt"]
    asc = api.query("select productname from Products order by productname asc;")
    assert names(asc) == sorted(PRICES)
    # ASC/DESC applies to the last column only (MySQL), so discontinued stays ascending.
    mixed = api.query("select productname from Products order by discontinued, unit_price desc;")
    assert names(mixed) == ["Crate", "Anvil", "Drill", "Easel", "Bolt"]


def test_limit_and_offset(api, products):
    query = "select productname from Products order by productname"
    assert names(api.query(f"{query} limit 2;")) == ["Anvil", "Bolt"]
    assert names(api.query(f"{query} limit 2, 2;")) == ["Crate", "Drill"]
    assert names(api.query(f"{query} limit 4, 100;")) == ["Easel"]


def test_count(api, products):
    assert api.query("select count(*) from Products;") == [{"count": "5"}]
    assert api.query("select count(*) from Products where unit_price > 50;") == [{"count": "2"}]
    assert api.query("select count(*) from Accounts;") == [{"count": "0"}]


def test_deleted_records_are_not_returned(api, products):
    api.ok("delete", id=products["Bolt"]["id"])
    assert "Bolt" not in names(api.query("select productname from Products;"))
    assert api.query("select count(*) from Products;") == [{"count": "4"}]


def test_module_name_is_case_insensitive_but_columns_are_not(api, products):
    assert len(api.query("SELECT productname FROM products;")) == 5
    error = api.error("query", query="select ProductName from Products;")
    assert error == {
        "code": "ACCESS_DENIED",
        "message": "Permission to access '.ProductName.' attribute denied.",
    }
    error = api.error("query", query="select productname from Products where colour = 'red';")
    assert error == {
        "code": "ACCESS_DENIED",
        "message": "Permission to access colour attribute denied.",
    }


def test_trailing_semicolon_is_mandatory(api, products):
    error = api.error("query", query="select * from Products")
    assert error["code"] == "QUERY_SYNTAX_ERROR"
    assert error["message"].startswith("Syntax Error on line 1: token 'Products'")


@pytest.mark.parametrize(
    "text",
    [
        'select * from Products where productname = "Bolt";',  # double quotes do not lex
        "select * from Products where unit_price > 10.5;",  # decimals must be quoted
        "select * from Products order productname;",
        "select * from Products where productname 'Bolt';",
        "select * from Products limit 'x';",
        "select * from Products; select * from Accounts;",
        "select from Products;",
        "select * from Products where;",
    ],
)
def test_syntax_errors(api, products, text):
    assert api.error("query", query=text)["code"] == "QUERY_SYNTAX_ERROR"


def test_unknown_or_missing_module_is_access_denied(api):
    error = api.error("query", query="select * from Potentials;")
    assert error == {
        "code": "ACCESS_DENIED",
        "message": "Permission to perform the operation is denied for name",
    }
    # The module is looked up before parsing, so even a malformed query without FROM is denied.
    assert api.error("query", query="select * Products;")["code"] == "ACCESS_DENIED"
    assert api.error("query", query="select * from Nothing")["code"] == "ACCESS_DENIED"


def test_unknown_order_column_is_a_database_error(api, products):
    error = api.error("query", query="select * from Products order by colour;")
    assert error["code"] == "DATABASE_QUERY_ERROR"


def test_quoted_values_escape_quotes(api):
    api.create("Accounts", accountname="O'Hara & Sons")
    rows = api.query("select accountname from Accounts where accountname = 'O''Hara & Sons';")
    assert rows[0]["accountname"] == "O'Hara & Sons"


def test_one_hundred_rows_at_most(make_vtiger):
    client = make_vtiger(
        accounts=0, contacts=0, products=130, services=0, sales_orders=0, invoices=0
    )
    client.login()
    assert len(client.query("select * from Products;")) == 100  # no LIMIT means LIMIT 100
    assert len(client.query("select * from Products limit 500;")) == 100
    page = client.query("select productname from Products order by id limit 100, 500;")
    assert len(page) == 30  # the offset is kept, the count capped
    assert client.query("select count(*) from Products;") == [{"count": "130"}]
    everything = []
    for offset in range(0, 200, 100):
        everything += client.query(f"select id from Products order by id limit {offset},100;")
    assert len({row["id"] for row in everything}) == 130


def test_polling_by_modifiedtime(vtiger):
    with freeze_time(datetime(2024, 6, 1, 12, 0, tzinfo=UTC)) as frozen:
        vtiger.login()
        old = vtiger.create("Accounts", accountname="Old")
        frozen.tick(timedelta(minutes=20))
        new = vtiger.create("Accounts", accountname="New")
        frozen.tick(timedelta(minutes=20))
        vtiger.ok("revise", element=json.dumps({"id": old["id"], "phone": "1"}))
        rows = vtiger.query(
            "select accountname from Accounts where modifiedtime > '2024-06-01 12:10:00' "
            "order by modifiedtime limit 0,100;"
        )
        narrowed = vtiger.query(
            "select accountname from Accounts where modifiedtime >= '2024-06-01 12:20:00' "
            "and accountname like 'o%' order by modifiedtime;"
        )
    assert [r["id"] for r in rows] == [new["id"], old["id"]]
    assert [r["id"] for r in narrowed] == [old["id"]]
