"""Challenge/login, sessions that expire, and the envelope rules around them."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from connectors.vtiger.sandbox import DEFAULT_ACCESS_KEY


def test_challenge_then_login_returns_a_session_name(vtiger):
    challenge = vtiger.ok("getchallenge", username="admin")
    assert re.fullmatch(r"[0-9a-f]{13}", challenge["token"])
    assert challenge["expireTime"] - challenge["serverTime"] == 300

    key = hashlib.md5((challenge["token"] + DEFAULT_ACCESS_KEY).encode()).hexdigest()
    result = vtiger.ok("login", username="admin", accessKey=key)

    assert set(result) == {"sessionName", "userId", "version", "vtigerVersion"}
    assert result["userId"] == "19x1"
    assert result["version"] == "0.22"
    assert result["vtigerVersion"] == "7.0.1"
    vtiger.session_name = result["sessionName"]
    assert "Accounts" in vtiger.ok("listtypes")["types"]


def test_wrong_access_key_is_refused(vtiger):
    key = vtiger.access_key_for("admin", "not-the-key")
    error = vtiger.error("login", username="admin", accessKey=key)
    assert error == {"code": "INVALID_USER_CREDENTIALS", "message": "Invalid username or password"}


def test_plain_access_key_without_the_md5_is_refused(vtiger):
    vtiger.ok("getchallenge", username="admin")
    error = vtiger.error("login", username="admin", accessKey=DEFAULT_ACCESS_KEY)
    assert error["code"] == "INVALID_USER_CREDENTIALS"


def test_login_without_a_challenge_needs_a_token(vtiger):
    error = vtiger.error("login", username="admin", accessKey="x" * 32)
    assert error == {
        "code": "INVALID_AUTH_TOKEN",
        "message": "Specified token is invalid or expired",
    }


def test_unknown_user_gets_a_token_but_cannot_log_in(vtiger):
    key = vtiger.access_key_for("nobody", DEFAULT_ACCESS_KEY)
    assert vtiger.error("login", username="nobody", accessKey=key)["code"] == "INVALID_AUTH_TOKEN"


def test_a_new_challenge_replaces_the_old_token(vtiger):
    old_key = vtiger.access_key_for("admin", DEFAULT_ACCESS_KEY)
    vtiger.ok("getchallenge", username="admin")
    error = vtiger.error("login", username="admin", accessKey=old_key)
    assert error["code"] == "INVALID_USER_CREDENTIALS"


def test_challenge_token_expires_after_five_minutes(vtiger):
    start = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    with freeze_time(start) as frozen:
        key = vtiger.access_key_for("admin", DEFAULT_ACCESS_KEY)
        frozen.tick(timedelta(seconds=301))
        assert vtiger.error("login", username="admin", accessKey=key)["code"] == (
            "INVALID_AUTH_TOKEN"
        )


def test_inactive_user_and_user_without_key(make_vtiger):
    users = [
        {"id": 1, "user_name": "admin", "access_key": DEFAULT_ACCESS_KEY, "is_admin": True},
        {"id": 5, "user_name": "gone", "access_key": "k5", "status": "Inactive"},
        {"id": 6, "user_name": "nokey", "access_key": None},
    ]
    client = make_vtiger({"users": users})
    key = client.access_key_for("gone", "k5")
    assert client.error("login", username="gone", accessKey=key) == {
        "code": "AUTHENTICATION_REQUIRED",
        "message": "Given user is inactive",
    }
    key = client.access_key_for("nokey", "")
    assert client.error("login", username="nokey", accessKey=key)["code"] == ("ACCESSKEY_UNDEFINED")


def test_operations_need_a_session_name(vtiger):
    error = vtiger.error("listtypes")
    assert error == {"code": "AUTHENTICATION_REQUIRED", "message": "Authencation required"}


def test_unknown_session_name_is_invalid(vtiger):
    error = vtiger.error("listtypes", sessionName="f00ba4")
    assert error == {
        "code": "INVALID_SESSIONID",
        "message": "Session Identifier provided is Invalid",
    }


def test_session_left_idle_for_more_than_1800_seconds(vtiger):
    with freeze_time(datetime(2024, 5, 1, 9, 0, tzinfo=UTC)) as frozen:
        vtiger.login()
        frozen.tick(timedelta(seconds=1700))
        vtiger.ok("listtypes")  # activity resets the idle clock
        frozen.tick(timedelta(seconds=1700))
        vtiger.ok("listtypes")
        frozen.tick(timedelta(seconds=1801))
        assert vtiger.error("listtypes")["code"] == "SESSION_LEFT_IDLE"
        # The session is destroyed, not just refused once.
        assert vtiger.error("listtypes")["code"] == "INVALID_SESSIONID"


def test_session_expires_after_a_day_even_when_busy(vtiger):
    with freeze_time(datetime(2024, 5, 1, 9, 0, tzinfo=UTC)) as frozen:
        vtiger.login()
        for _ in range(48):
            frozen.tick(timedelta(seconds=1800))
            vtiger.ok("listtypes")
        frozen.tick(timedelta(seconds=1))
        error = vtiger.error("listtypes")
    assert error == {
        "code": "SESSION_EXPIRED",
        "message": "Session has life span over please login again",
    }


def test_session_lifetimes_come_from_config(make_vtiger):
    client = make_vtiger({"session_idle_timeout": 60})
    with freeze_time(datetime(2024, 5, 1, 9, 0, tzinfo=UTC)) as frozen:
        client.login()
        frozen.tick(timedelta(seconds=61))
        assert client.error("listtypes")["code"] == "SESSION_LEFT_IDLE"


def test_logout_ends_the_session(api):
    assert api.ok("logout") == {"message": "successfull"}
    assert api.error("listtypes")["code"] == "INVALID_SESSIONID"


def test_unknown_operation(api):
    error = api.error("frobnicate")
    assert error == {"code": "UNKNOWN_OPERATION", "message": "Unknown operation requested"}


def test_operation_name_is_case_insensitive(api):
    assert api.raw_get(operation="ListTypes", sessionName=api.session_name).json()["success"]


def test_login_sent_as_get_loses_its_parameters(vtiger):
    key = vtiger.access_key_for("admin", DEFAULT_ACCESS_KEY)
    body = vtiger.raw_get(operation="login", username="admin", accessKey=key).json()
    # login reads $_POST only: the username is lost, so no token is found for it.
    assert body["success"] is False
    assert body["error"]["code"] == "INVALID_AUTH_TOKEN"


def test_get_operation_sent_as_post_loses_its_parameters(api):
    body = api.raw_post(operation="describe", elementType="Accounts", sessionName=api.session_name)
    assert body.status_code == 200
    # sessionName still counts (it is read from $_REQUEST) but elementType is gone.
    assert body.json()["error"]["code"] == "ACCESS_DENIED"


def test_failures_are_http_200_with_json(vtiger):
    response = vtiger.raw_get(operation="nope")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "success": False,
        "error": {"code": "UNKNOWN_OPERATION", "message": "Unknown operation requested"},
    }
