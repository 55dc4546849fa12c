"""sync: the modifiedTime cursor, updated records and deleted ids, the more flag, ownership."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from connectors.vtiger.sandbox import DEFAULT_ACCESS_KEY

START = datetime(2024, 2, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock(vtiger):
    """Frozen time with the admin logged in; tick it to give changes distinct times."""
    # pytest's own timing must keep real time, or --durations reports decades.
    with freeze_time(START, ignore=["_pytest"]) as frozen:
        vtiger.login()
        yield frozen


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def test_first_sync_returns_everything_with_a_cursor(vtiger, clock):
    first = vtiger.create("Accounts", accountname="First")
    clock.tick(timedelta(seconds=10))
    second = vtiger.create("Accounts", accountname="Second")
    result = vtiger.ok("sync", modifiedTime="0", elementType="Accounts")
    assert [r["id"] for r in result["updated"]] == [first["id"], second["id"]]
    assert result["updated"][1] == second  # shaped like query/retrieve output
    assert result["deleted"] == []
    assert result["more"] is False
    assert result["lastModifiedTime"] == epoch(START) + 10


def test_cursor_returns_only_later_changes(vtiger, clock):
    keep = vtiger.create("Accounts", accountname="Keep")
    edit = vtiger.create("Accounts", accountname="Edit")
    cursor = vtiger.ok("sync", modifiedTime="0", elementType="Accounts")["lastModifiedTime"]
    assert vtiger.ok("sync", modifiedTime=str(cursor), elementType="Accounts")["updated"] == []
    clock.tick(timedelta(minutes=1))
    vtiger.ok("revise", element=json.dumps({"id": edit["id"], "phone": "555"}))
    result = vtiger.ok("sync", modifiedTime=str(cursor), elementType="Accounts")
    assert [r["id"] for r in result["updated"]] == [edit["id"]]
    assert result["updated"][0]["phone"] == "555"
    assert keep["id"] not in [r["id"] for r in result["updated"]]
    assert result["lastModifiedTime"] == cursor + 60


def test_deletes_come_back_as_ids(vtiger, clock):
    doomed = vtiger.create("Contacts", lastname="Doomed")
    cursor = vtiger.ok("sync", modifiedTime="0", elementType="Contacts")["lastModifiedTime"]
    clock.tick(timedelta(seconds=5))
    vtiger.ok("delete", id=doomed["id"])
    result = vtiger.ok("sync", modifiedTime=str(cursor), elementType="Contacts")
    assert result["updated"] == []
    assert result["deleted"] == [doomed["id"]]
    assert result["lastModifiedTime"] == cursor + 5


def test_more_flag_pages_through_a_backlog(vtiger, clock):
    made = []
    for n in range(150):
        made.append(vtiger.create("Products", productname=f"P{n}")["id"])
        clock.tick(timedelta(seconds=1))
    first = vtiger.ok("sync", modifiedTime="0", elementType="Products")
    assert len(first["updated"]) == 100
    assert first["more"] is True
    second = vtiger.ok("sync", modifiedTime=str(first["lastModifiedTime"]), elementType="Products")
    assert len(second["updated"]) == 50
    assert second["more"] is False
    seen = [r["id"] for r in first["updated"] + second["updated"]]
    assert seen == made


def test_tied_timestamps_can_exceed_one_hundred(vtiger, clock):
    for n in range(130):
        vtiger.create("Products", productname=f"Same second {n}")
    result = vtiger.ok("sync", modifiedTime="0", elementType="Products")
    assert len(result["updated"]) == 130
    assert result["more"] is False


def test_without_element_type_all_entity_modules_but_users(vtiger, clock):
    account = vtiger.create("Accounts", accountname="A")
    contact = vtiger.create("Contacts", lastname="C")
    result = vtiger.ok("sync", modifiedTime="0")
    ids = {r["id"] for r in result["updated"]}
    assert ids == {account["id"], contact["id"]}  # the admin user (19x1) is not in it


def test_only_the_session_users_records_are_seen(make_vtiger):
    users = [
        {"id": 1, "user_name": "admin", "access_key": DEFAULT_ACCESS_KEY, "is_admin": True},
        {"id": 7, "user_name": "sam", "access_key": "sam-key"},
    ]
    client = make_vtiger({"users": users})
    with freeze_time(START):
        client.login()
        mine = client.create("Accounts", accountname="Mine")
        theirs = client.create("Accounts", accountname="Theirs", assigned_user_id="19x7")
        synced = client.ok("sync", modifiedTime="0", elementType="Accounts")["updated"]
        assert [r["id"] for r in synced] == [mine["id"]]
        # query sees both: only sync filters by owner.
        assert len(client.query("select * from Accounts;")) == 2
        client.login("sam", "sam-key")
        synced = client.ok("sync", modifiedTime="0", elementType="Accounts")["updated"]
        assert [r["id"] for r in synced] == [theirs["id"]]


def test_owner_filter_can_be_switched_off(make_vtiger):
    users = [
        {"id": 1, "user_name": "admin", "access_key": DEFAULT_ACCESS_KEY, "is_admin": True},
        {"id": 7, "user_name": "sam", "access_key": "sam-key"},
    ]
    client = make_vtiger({"users": users, "sync_owner_filter": False})
    client.login()
    client.create("Accounts", accountname="Theirs", assigned_user_id="19x7")
    assert len(client.ok("sync", modifiedTime="0", elementType="Accounts")["updated"]) == 1


def test_sync_carries_no_line_items(vtiger, clock):
    account = vtiger.create("Accounts", accountname="Buyer")
    item = vtiger.create("Products", productname="Thing", unit_price="10")
    invoice = vtiger.create(
        "Invoice",
        subject="S1",
        account_id=account["id"],
        LineItems=[{"productid": item["id"], "quantity": "2"}],
    )
    synced = vtiger.ok("sync", modifiedTime="0", elementType="Invoice")["updated"]
    assert synced[0]["id"] == invoice["id"]
    assert synced[0]["hdnGrandTotal"] == "20.00000000"
    assert "LineItems" not in synced[0]


def test_element_type_errors_and_users(vtiger, clock):
    assert vtiger.error("sync", modifiedTime="0", elementType="Leads") == {
        "code": "ACCESS_DENIED",
        "message": "Permission to perform the operation is denied",
    }
    assert vtiger.error("sync", modifiedTime="0", elementType="Currency")["code"] == "ACCESS_DENIED"
    assert vtiger.ok("sync", modifiedTime="123", elementType="Users") == {
        "updated": [],
        "deleted": [],
        "more": False,
        "lastModifiedTime": 123,
    }


def test_nothing_new_echoes_the_cursor(vtiger, clock):
    vtiger.create("Accounts", accountname="Old news")
    later = epoch(START) + 3600
    result = vtiger.ok("sync", modifiedTime=str(later), elementType="Accounts")
    assert result == {"updated": [], "deleted": [], "more": False, "lastModifiedTime": later}


def test_missing_modified_time_means_from_the_beginning(vtiger, clock):
    vtiger.create("Accounts", accountname="Anything")
    assert len(vtiger.ok("sync", elementType="Accounts")["updated"]) == 1
