"""The session: challenge and login, kept between runs, renewed when vtiger drops it, and
vtiger's error codes (inside HTTP 200 envelopes) mapped to what the engine does next."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun import freeze_time

from connectors.vtiger.client import ERRORS, error_for
from connectors.vtiger.sandbox import DEFAULT_ACCESS_KEY
from hub.sdk import ReauthorizationRequired, RetryLater, SkipRecord, StopRun


def contacts(connector: Any) -> list[Any]:
    return [r for page in connector.read("contacts", None) for r in page.records]


def test_one_login_serves_every_read_of_a_run(sandbox, make_connector) -> None:
    sandbox.create("Accounts", accountname="Acme")
    connector = make_connector(sandbox)
    assert len(contacts(connector)) == 1
    before = sandbox.calls()
    assert [r for page in connector.read("items", None) for r in page.records] == []
    assert sandbox.calls() - before == 2  # Products and Services: no new challenge or login
    assert (sandbox.calls("getchallenge"), sandbox.calls("login"), connector.api.logins) == (
        1,
        1,
        1,
    )
    assert connector.api.session_name not in connector.context.credentials.values()


def test_a_session_that_expires_mid_run_is_renewed_and_nothing_is_lost(
    make_sandbox, make_connector
) -> None:
    sb = make_sandbox(accounts=12, contacts=250, products=0, invoices=0, services=0,
                      sales_orders=0)  # fmt: skip
    expected = 12 + 250

    def expire_in_the_contacts_windows(number: int) -> None:
        # 1-2 login, 3 Accounts, 4-6 their 250 people, 7 Vendors, 8-10 Contacts windows
        if number == 9:
            sb.expire_sessions()

    sb.before = expire_in_the_contacts_windows
    connector = make_connector(sb)
    records = contacts(connector)
    assert len({r.id for r in records}) == expected
    assert connector.api.logins == 2
    # The refused call was sent again once, after a fresh challenge and login.
    assert sb.operations[8:12] == ["sync", "getchallenge", "login", "sync"]
    assert sb.calls("sync") == 1 + 1 + 3 + 1


def test_a_session_left_idle_is_replaced(make_sandbox, make_connector) -> None:
    sb = make_sandbox({"session_idle_timeout": 60})
    sb.create("Accounts", accountname="Acme")
    connector = make_connector(sb)
    with freeze_time(datetime.now(UTC)) as clock:
        assert len(contacts(connector)) == 1
        clock.tick(timedelta(seconds=61))  # vtiger drops it: SESSION_LEFT_IDLE
        assert len(contacts(connector)) == 1
    assert connector.api.logins == 2


def test_a_wrong_access_key_needs_reauthorization(sandbox, make_connector) -> None:
    connector = make_connector(sandbox, credentials={"access_key": "not-the-key"})
    with pytest.raises(ReauthorizationRequired) as caught:
        contacts(connector)
    assert "INVALID_USER_CREDENTIALS" in caught.value.user_message
    assert "not-the-key" not in caught.value.log_message


def test_an_inactive_user_needs_reauthorization(make_sandbox, make_connector) -> None:
    users = [{"id": 1, "user_name": "admin", "access_key": DEFAULT_ACCESS_KEY,
              "status": "Inactive"}]  # fmt: skip
    with pytest.raises(ReauthorizationRequired, match="inactive"):
        contacts(make_connector(make_sandbox({"users": users})))


@pytest.mark.parametrize(
    ("code", "writing", "expected"),
    [
        ("MANDATORY_FIELDS_MISSING", True, SkipRecord),
        ("REFERENCE_INVALID", True, SkipRecord),
        ("ACCESS_DENIED", False, ReauthorizationRequired),
        ("ACCESS_DENIED", True, SkipRecord),
        ("INVALID_USER_CREDENTIALS", False, ReauthorizationRequired),
        ("DATABASE_QUERY_ERROR", False, RetryLater),
        ("DATABASE_QUERY_ERROR", True, SkipRecord),
        ("QUERY_SYNTAX_ERROR", False, StopRun),
        ("SOMETHING_NEW", False, StopRun),
    ],
)
def test_the_error_table(code: str, writing: bool, expected: type) -> None:
    error = error_for(code, "message from vtiger", "create", writing=writing)
    assert type(error) is expected
    assert error.code == code  # type: ignore[attr-defined]
    if expected is SkipRecord:
        assert error.user_message == "message from vtiger"


def test_vtigers_field_messages_name_the_field() -> None:
    error = error_for("MANDATORY_FIELDS_MISSING", "lastname does not have a value", "create",
                      writing=True)  # fmt: skip
    assert error.field_errors == {"lastname": ["lastname does not have a value"]}
    # A session error is met by logging in again; only if that does not help is it raised.
    assert ERRORS["SESSION_EXPIRED"] == (RetryLater, RetryLater)


def test_a_query_error_stops_the_run(sandbox, make_connector) -> None:
    connector = make_connector(sandbox)
    with pytest.raises(StopRun, match="QUERY_SYNTAX_ERROR"):
        connector.api.query("select * from Accounts")  # no trailing ;
