"""Reading a seeded sandbox through `sync`: a full first read, then only changes, deletes as
tombstones, windows that end when `more` is false, and every call counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun import freeze_time

from connectors.vtiger.sandbox import DEFAULT_ACCESS_KEY

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def read_all(connector: Any, entity: str, cursor: Any = None) -> tuple[list[Any], Any, int]:
    """Every record of a read, the cursor the engine would store, and the pages it took."""
    records, pages = [], 0
    for page in connector.read(entity, cursor):
        records += page.records
        cursor = page.cursor
        pages += 1
    return records, cursor, pages


def test_first_read_is_everything_then_only_changes(make_sandbox, make_connector) -> None:
    sb = make_sandbox(accounts=12, contacts=30, products=0, invoices=0, services=0, sales_orders=0)
    connector = make_connector(sb)
    records, cursor, _ = read_all(connector, "contacts")
    kinds = [r.data["kind"] for r in records]
    assert (kinds.count("ORGANIZATION"), kinds.count("PERSON")) == (12, 30)
    # The 30 people are also the people of their organizations, with their references.
    organizations = {r.id: r for r in records if r.data["kind"] == "ORGANIZATION"}
    assert sum(len(o.data["people"]) for o in organizations.values()) == 30
    persons = [r for r in records if r.data["kind"] == "PERSON"]
    assert all(p.data["organization_id"] in organizations for p in persons)
    assert set(cursor) == {"Accounts", "Vendors", "Contacts"}
    # challenge + login, one sync per module, one query for all the accounts' contacts.
    assert (sb.calls("getchallenge"), sb.calls("login")) == (1, 1)
    assert (sb.calls("sync"), sb.calls("query"), sb.calls()) == (3, 1, 6)
    assert connector.api_calls == 6

    before = sb.calls()
    assert read_all(connector, "contacts", cursor)[0] == []  # nothing changed: 3 syncs
    assert sb.calls() - before == 3

    account, person = persons[0].data["organization_id"], persons[-1].id
    sb.revise(account, phone="02 9999 0000")
    sb.do("delete", id=person)
    before = sb.calls()
    changed, cursor, _ = read_all(connector, "contacts", cursor)
    assert [(r.id, r.deleted) for r in changed] == [(account, False), (person, True)]
    assert changed[0].data["phones"][0]["number"] == "02 9999 0000"
    assert len(changed[0].data["people"]) == len(organizations[account].data["people"]) - (
        person in [p.id for p in persons if p.data["organization_id"] == account]
    )
    assert sb.calls() - before == 4  # 3 syncs + the account's people


def test_a_changed_person_brings_its_organization_along(make_sandbox, make_connector) -> None:
    sb = make_sandbox()
    account = sb.create("Accounts", accountname="Acme")
    connector = make_connector(sb)
    _, cursor, _ = read_all(connector, "contacts")
    with freeze_time(datetime.now(UTC) + timedelta(seconds=5)):
        person = sb.create(
            "Contacts", lastname="New", email="new@acme.test", account_id=account["id"]
        )
        records, _, pages = read_all(connector, "contacts", cursor)
    assert [r.id for r in records] == [account["id"], person["id"]]
    assert [p["last_name"] for p in records[0].data["people"]] == ["New"]
    assert records[1].data["organization_id"] == account["id"]


def test_windows_follow_more_until_the_end(make_sandbox, make_connector) -> None:
    sb = make_sandbox(accounts=3, contacts=250, products=0, invoices=0, services=0, sales_orders=0)
    times = {c["modifiedtime"] for c in sb.query("select modifiedtime from Contacts limit 0, 100;")}
    assert len(times) == 100  # seeded over months: distinct seconds
    connector = make_connector(sb)
    records, cursor, _ = read_all(connector, "contacts")
    people = [r for r in records if r.data["kind"] == "PERSON"]
    assert len({r.id for r in people}) == 250
    assert sb.calls("sync") == 1 + 1 + 3  # Accounts, Vendors, then 100 + 100 + 50 Contacts
    before = sb.calls()
    assert read_all(connector, "contacts", cursor)[0] == []
    assert sb.calls() - before == 3


def test_a_window_keeps_records_that_share_a_second(make_sandbox, make_connector) -> None:
    sb = make_sandbox()
    with freeze_time(START):
        for n in range(150):
            sb.create("Contacts", lastname=f"Tied {n}")
    with freeze_time(START + timedelta(minutes=1)):
        connector = make_connector(sb)
        records, cursor, _ = read_all(connector, "contacts")
    assert len(records) == 150  # one window of more than 100 rows: the tie is not split
    assert sb.calls("sync") == 3
    assert cursor["Contacts"] == int(START.timestamp())


def test_an_edit_in_the_second_the_read_ended_is_not_lost(make_sandbox, make_connector) -> None:
    sb = make_sandbox()
    with freeze_time(START) as clock:
        first = sb.create("Accounts", accountname="First")
        connector = make_connector(sb)
        _, cursor, _ = read_all(connector, "contacts")
        # The read ended in the current second: the cursor stays a second behind...
        assert cursor["Accounts"] == int(START.timestamp()) - 1
        second = sb.create("Accounts", accountname="Second")  # ...so this one, same second,
        records, cursor, _ = read_all(connector, "contacts", cursor)
        assert {r.id for r in records} == {first["id"], second["id"]}  # is read
        clock.tick(timedelta(seconds=30))
        records, cursor, _ = read_all(connector, "contacts", cursor)
        assert {r.id for r in records} == {first["id"], second["id"]}  # the second was open
        assert cursor["Accounts"] == int(START.timestamp())
        assert read_all(connector, "contacts", cursor)[0] == []  # and now it is settled


def test_items_and_invoices(make_sandbox, make_connector) -> None:
    sb = make_sandbox(accounts=4, contacts=0, products=5, services=2, invoices=6, sales_orders=2)
    connector = make_connector(sb)
    items, _, _ = read_all(connector, "items")
    assert sorted(r.data["type"] for r in items) == ["PRODUCT"] * 5 + ["SERVICE"] * 2
    before = sb.calls()
    invoices, cursor, _ = read_all(connector, "invoices")
    assert len(invoices) == 6
    # sync has no lines: each invoice is retrieved; plus the currency list and the lookup of
    # the service that stands for item-less lines.
    assert (sb.calls("sync"), sb.calls("retrieve")) == (3, 6)
    assert sb.calls() - before == 1 + 6 + 2
    for invoice in invoices:
        assert invoice.data["contact_id"].startswith("11x")
        assert all(line["item_id"] for line in invoice.data["lines"][:1])
    assert set(cursor) == {"Invoice"}


def test_fetch_reads_a_record_sync_cannot_see(make_sandbox, make_connector) -> None:
    """sync only returns records owned by the API user; a reference is fetched by id."""
    users = [
        {"id": 1, "user_name": "admin", "access_key": DEFAULT_ACCESS_KEY, "is_admin": True},
        {"id": 5, "user_name": "sam", "access_key": "other-key", "last_name": "Sales"},
    ]
    sb = make_sandbox({"users": users})
    theirs = sb.create("Accounts", accountname="Owned by Sam", assigned_user_id="19x5")
    connector = make_connector(sb)
    assert read_all(connector, "contacts")[0] == []
    found = connector.fetch("contacts", theirs["id"])
    assert found is not None and found.data["name"] == "Owned by Sam"
    assert found.data["people"] == []
    assert connector.fetch("contacts", "11x999") is None
    assert connector.fetch("items", theirs["id"]) is None  # not an item


@pytest.mark.parametrize("entity", ["contacts", "items", "invoices", "purchase_orders"])
def test_an_empty_sandbox_reads_nothing(sandbox, make_connector, entity: str) -> None:
    records, cursor, pages = read_all(make_connector(sandbox), entity)
    assert records == [] and pages >= 1
    assert all(value == 0 for value in cursor.values())
