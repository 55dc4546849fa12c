"""The error family carries what the engine and the user need, and never a credential."""

from __future__ import annotations

from hub.sdk.errors import ConnectorError, RetryLater, SkipRecord, StopRun


def test_messages_are_scrubbed_and_the_log_message_defaults_to_the_user_one() -> None:
    error = StopRun("Unexpected shape from vt-key-1234", secrets=["vt-key-1234"])
    assert error.user_message == error.log_message == str(error) == "Unexpected shape from ***"
    error = ConnectorError("Could not sync", "POST /token body client_secret=abc -> 500")
    assert error.user_message == "Could not sync"
    assert error.log_message == "POST /token body client_secret=*** -> 500"


def test_retry_later_carries_the_wait_and_the_limit() -> None:
    error = RetryLater("Rate limited", retry_after=66975.0, limit="day", status=429)
    assert (error.retry_after, error.limit, error.status) == (66975.0, "day", 429)
    assert RetryLater("Down").retry_after is None


def test_skip_record_normalises_field_errors() -> None:
    error = SkipRecord(
        "email: has already been taken",
        field_errors={"email": ["has already been taken"], "password": "password=hunter2"},
    )
    assert error.field_errors == {
        "email": ["has already been taken"],
        "password": ["password=***"],
    }
    assert SkipRecord("Invoice # must be unique.").field_errors == {}
