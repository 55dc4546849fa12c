"""The seed function, and the server under concurrent writes."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal

import requests
from freezegun import freeze_time

from connectors.vtiger.sandbox import create_app, sandbox_of, seed
from connectors.vtiger.sandbox.query_exec import run


def test_seed_creates_the_requested_amounts(make_vtiger):
    client = make_vtiger(accounts=6, contacts=9, products=5, invoices=12, seed=3)
    client.login()
    counts = {
        module: client.query(f"select count(*) from {module};")[0]["count"]
        for module in ("Accounts", "Contacts", "Products", "Invoice", "Services", "SalesOrder")
    }
    assert counts == {
        "Accounts": "6",
        "Contacts": "9",
        "Products": "5",
        "Invoice": "12",
        "Services": "3",
        "SalesOrder": "5",
    }


def test_seed_is_deterministic():
    def snapshot() -> list[dict]:
        app = create_app()
        with freeze_time(datetime(2024, 9, 1, tzinfo=UTC)):
            seed(app, seed=11)
        sb = sandbox_of(app)
        return [run(sb, f"select * from {m};") for m in ("Accounts", "Contacts", "Invoice")]

    assert snapshot() == snapshot()


def test_seeded_invoices_are_consistent_and_some_are_paid(make_vtiger):
    client = make_vtiger(invoices=40, seed=1)
    client.login()
    invoices = client.query("select * from Invoice;")
    assert len(invoices) == 40
    statuses = {row["invoicestatus"] for row in invoices}
    assert "Paid" in statuses and statuses - {"Paid"}
    for row in invoices:
        balance = Decimal(row["hdnGrandTotal"]) - Decimal(row["received"])
        assert Decimal(row["balance"]) == balance
        assert (row["invoicestatus"] == "Paid") == (balance == 0)
    partly = [r for r in invoices if Decimal(r["received"]) and Decimal(r["balance"])]
    assert partly
    full = client.ok("retrieve", id=invoices[0]["id"])
    assert full["LineItems"] and full["account_id"].startswith("11x")


def test_seeded_records_belong_to_the_api_user_and_reach_sync(make_vtiger):
    client = make_vtiger(accounts=5, contacts=5, products=3, invoices=4, services=1, sales_orders=1)
    client.login()
    result = client.ok("sync", modifiedTime="0")
    assert len(result["updated"]) == 5 + 5 + 3 + 4 + 1 + 1
    assert {row["assigned_user_id"] for row in result["updated"]} == {"19x1"}


def test_contacts_point_at_seeded_accounts(make_vtiger):
    client = make_vtiger(accounts=4, contacts=10)
    client.login()
    accounts = {row["id"] for row in client.query("select id from Accounts;")}
    contacts = client.query("select account_id, email from Contacts;")
    assert all(row["account_id"] in accounts for row in contacts)
    assert all("@" in row["email"] for row in contacts)


def test_concurrent_creates_get_distinct_ids_and_numbers(api):
    def make(n: int) -> dict:
        # One connection per call: the server is threaded, so these really overlap.
        element = json.dumps({"accountname": f"Parallel {n}"})
        data = {
            "operation": "create",
            "sessionName": api.session_name,
            "elementType": "Accounts",
            "element": element,
        }
        body = requests.post(api.endpoint, data=data, timeout=10).json()
        assert body["success"] is True, body
        return body["result"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        made = list(pool.map(make, range(40)))
    assert len({row["id"] for row in made}) == 40
    assert len({row["account_no"] for row in made}) == 40
    assert api.query("select count(*) from Accounts;") == [{"count": "40"}]
