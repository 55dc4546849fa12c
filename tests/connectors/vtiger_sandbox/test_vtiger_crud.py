"""create / retrieve / update / revise / delete: ids, string values and vtiger's errors."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from freezegun import freeze_time


def _all_strings(record: dict) -> bool:
    return all(isinstance(v, str) for k, v in record.items() if k not in ("LineItems",))


def test_create_returns_the_whole_record_as_strings(api):
    account = api.create(
        "Accounts",
        accountname="Acme Ltd",
        annual_revenue=1250000,
        employees=42,
        emailoptout=True,
        bill_city="London",
    )
    assert re.fullmatch(r"11x\d+", account["id"])
    assert account["accountname"] == "Acme Ltd"
    assert account["annual_revenue"] == "1250000.00000000"
    assert account["employees"] == "42"
    assert account["emailoptout"] == "1"
    assert account["account_no"] == "ACC1"
    assert account["assigned_user_id"] == "19x1"
    assert account["modifiedby"] == "19x1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", account["createdtime"])
    assert account["description"] == ""
    assert _all_strings(account)
    assert api.ok("retrieve", id=account["id"]) == account


def test_auto_numbers_and_crmids_increase(api):
    first = api.create("Accounts", accountname="One")
    contact = api.create("Contacts", lastname="Solo")
    second = api.create("Accounts", accountname="Two")
    assert (first["account_no"], second["account_no"]) == ("ACC1", "ACC2")
    assert contact["contact_no"] == "CON1"
    numbers = [int(r["id"].split("x")[1]) for r in (first, contact, second)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3  # one crmid sequence


def test_timestamps_are_utc(api):
    with freeze_time(datetime(2024, 3, 9, 17, 45, 12, tzinfo=UTC)):
        account = api.create("Accounts", accountname="Clock Co")
    assert account["createdtime"] == account["modifiedtime"] == "2024-03-09 17:45:12"


def test_mandatory_field_missing(api):
    error = api.error("create", elementType="Contacts", element=json.dumps({"firstname": "A"}))
    assert error == {
        "code": "MANDATORY_FIELDS_MISSING",
        "message": "lastname does not have a value",
    }


def test_zero_is_a_value_for_a_mandatory_field(api):
    assert api.create("Accounts", accountname="0")["accountname"] == "0"


def test_reference_fields_take_and_return_ws_ids(api):
    account = api.create("Accounts", accountname="Parent plc")
    contact = api.create("Contacts", lastname="Child", account_id=account["id"])
    assert contact["account_id"] == account["id"]
    error = api.error(
        "create",
        elementType="Contacts",
        element=json.dumps({"lastname": "X", "account_id": contact["id"]}),
    )
    assert error == {
        "code": "REFERENCE_INVALID",
        "message": "Invalid reference specified for account_id",
    }


def test_reference_with_unknown_prefix_is_denied(api):
    error = api.error(
        "create",
        elementType="Contacts",
        element=json.dumps({"lastname": "X", "account_id": "99x1"}),
    )
    assert error["code"] == "ACCESS_DENIED"


def test_dangling_reference_reads_back_as_null(api):
    account = api.create("Accounts", accountname="Short-lived")
    contact = api.create("Contacts", lastname="Orphan", account_id=account["id"])
    api.ok("delete", id=account["id"])
    assert api.ok("retrieve", id=contact["id"])["account_id"] is None
    never = api.create("Contacts", lastname="Ghost", account_id="11x9999")
    assert never["account_id"] is None


def test_assigning_to_an_unknown_user_is_denied(api):
    error = api.error(
        "create",
        elementType="Accounts",
        element=json.dumps({"accountname": "X", "assigned_user_id": "19x77"}),
    )
    assert error == {"code": "ACCESS_DENIED", "message": "Cannot assign record to the given user"}


def test_bad_number_is_a_database_error(api):
    error = api.error(
        "create",
        elementType="Products",
        element=json.dumps({"productname": "Widget", "unit_price": "ten"}),
    )
    assert error["code"] == "DATABASE_QUERY_ERROR"


def test_element_must_be_a_form_field_holding_json(api):
    body = api.http.post(
        api.endpoint,
        json={
            "operation": "create",
            "sessionName": api.session_name,
            "elementType": "Accounts",
            "element": {"accountname": "JSON body"},
        },
        timeout=10,
    ).json()
    # A JSON request body is not read at all: no operation, so nothing is done.
    assert body["error"]["code"] == "UNKNOWN_OPERATION"
    error = api.error("create", elementType="Accounts", element="{not json")
    assert error == {
        "code": "INTERNAL_SERVER_ERROR",
        "message": "Unknown Error while processing request",
    }


def test_unknown_fields_are_ignored(api):
    account = api.create("Accounts", accountname="Extra", shoe_size="44")
    assert "shoe_size" not in account


def test_update_replaces_the_whole_record(api):
    account = api.create("Accounts", accountname="Full", phone="123", website="https://a.example")
    changed = dict(account, phone="456")
    changed.pop("website")
    updated = api.ok("update", element=json.dumps(changed))
    assert updated["phone"] == "456"
    assert updated["website"] == ""  # left out of the element, so cleared
    assert updated["account_no"] == account["account_no"]
    assert updated["createdtime"] == account["createdtime"]


def test_update_rechecks_every_mandatory_field(api):
    account = api.create("Accounts", accountname="Partial")
    error = api.error("update", element=json.dumps({"id": account["id"], "phone": "1"}))
    assert error == {
        "code": "MANDATORY_FIELDS_MISSING",
        "message": "accountname does not have a value",
    }


def test_revise_changes_only_the_given_fields(api):
    with freeze_time(datetime(2024, 1, 1, 8, 0, tzinfo=UTC)) as frozen:
        account = api.create(
            "Accounts", accountname="Rev", phone="111", website="https://r.example"
        )
        frozen.tick(timedelta(minutes=5))
        revised = api.ok("revise", element=json.dumps({"id": account["id"], "phone": "222"}))
    assert revised["phone"] == "222"
    assert revised["website"] == "https://r.example"
    assert revised["modifiedtime"] == "2024-01-01 08:05:00"
    assert revised["createdtime"] == "2024-01-01 08:00:00"


def test_revise_cannot_blank_a_mandatory_field(api):
    account = api.create("Accounts", accountname="Keep")
    error = api.error("revise", element=json.dumps({"id": account["id"], "accountname": ""}))
    assert error["code"] == "MANDATORY_FIELDS_MISSING"


def test_delete_then_retrieve_is_not_found(api):
    account = api.create("Accounts", accountname="Doomed")
    assert api.ok("delete", id=account["id"]) == {"status": "successful"}
    assert api.error("retrieve", id=account["id"]) == {
        "code": "RECORD_NOT_FOUND",
        "message": "Record you are trying to access is not found",
    }
    assert api.error("delete", id=account["id"])["code"] == "RECORD_NOT_FOUND"


def test_id_errors(api):
    contact = api.create("Contacts", lastname="Typed")
    wrong_module = "11x" + contact["id"].split("x")[1]
    assert api.error("retrieve", id=wrong_module) == {
        "code": "INVALID_ID_ATTRIBUTE",
        "message": "Id specified is incorrect",
    }
    assert api.error("retrieve", id="banana")["code"] == "INVALID_ID_ATTRIBUTE"
    assert api.error("retrieve", id="11x424242")["code"] == "RECORD_NOT_FOUND"
    assert api.error("retrieve", id="99x1")["code"] == "ACCESS_DENIED"


def test_create_of_unknown_module_is_denied(api):
    error = api.error("create", elementType="Leads", element=json.dumps({"lastname": "L"}))
    assert error["code"] == "ACCESS_DENIED"
