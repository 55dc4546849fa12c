"""Tokens under frozen time: refresh before expiry and after a 401, a lost refresh answer,
and a revoked connection shown as needing re-authorisation."""

from __future__ import annotations

import io
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from freezegun import freeze_time

from hub.connections import credentials_of

if TYPE_CHECKING:
    from conftest import XeroWorld

START = "2026-01-05 09:00:00"


def _credentials(world: XeroWorld) -> dict[str, Any]:
    return credentials_of(world.app, world.connection())


def _refreshes(world: XeroWorld, lose_first: bool = False) -> list[str]:
    """Watch the token endpoint; optionally lose the answer to the first refresh (Xero
    rotates the token, the hub never hears of it). Returns the refresh tokens presented."""
    presented: list[str] = []

    def fault(environ: dict[str, Any], start_response: Any, app: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") != "/connect/token":
            return None
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        form = dict(part.split("=", 1) for part in body.decode().split("&") if "=" in part)
        if form.get("grant_type") != "refresh_token":
            return None
        presented.append(form["refresh_token"])
        if not lose_first or len(presented) > 1:
            return None
        b"".join(app(environ, lambda *args: None))  # Xero processes the refresh...
        environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)  # ...and the answer is lost
        start_response("502 Bad Gateway", [("Content-Length", "0")])
        return [b""]

    world.switch.faults.append(fault)
    return presented


def test_an_expired_token_is_refreshed_and_the_new_one_saved_at_once(world: XeroWorld) -> None:
    with freeze_time(START) as frozen:
        world.connect(matrix={"contacts": "both"})
        first = _credentials(world)
        presented = _refreshes(world)
        assert world.sync().status == "succeeded"
        assert presented == []  # still fresh: no refresh
        frozen.tick(31 * 60)
        assert world.sync().status == "succeeded"
        saved = _credentials(world)
    assert presented == [first["refresh_token"]]
    assert saved["refresh_token"] != first["refresh_token"]
    assert saved["access_token"] != first["access_token"]
    assert float(saved["expires_at"]) > float(first["expires_at"]) + 30 * 60
    assert saved["client_id"] == "sandbox-client" and saved["api_url"] == world.url


def test_a_401_for_a_token_xero_considers_expired_is_refreshed_once(world: XeroWorld) -> None:
    with freeze_time(START) as frozen:
        # The stored expiry claims another day: only Xero's 401 tells the truth.
        world.connect(matrix={"contacts": "both"}, credentials={"expires_at": 4_000_000_000})
        presented = _refreshes(world)
        frozen.tick(31 * 60)
        outcome = world.sync()
    assert outcome.status == "succeeded"
    assert len(presented) == 1


def test_a_lost_refresh_answer_is_retried_within_the_grace_period(world: XeroWorld) -> None:
    with freeze_time(START) as frozen:
        world.connect(matrix={"contacts": "both"})
        first = _credentials(world)
        presented = _refreshes(world, lose_first=True)
        frozen.tick(31 * 60)
        outcome = world.sync()
        saved = _credentials(world)
        frozen.tick(10 * 60)
        assert world.sync().status == "succeeded"  # the saved token works on
    assert outcome.status == "succeeded", outcome.message
    # The same old token twice: Xero's 30-minute grace covers the lost rotation.
    assert presented == [first["refresh_token"], first["refresh_token"]]
    assert saved["refresh_token"] not in presented


def test_a_lost_rotation_found_too_late_needs_reauthorisation(world: XeroWorld) -> None:
    with freeze_time(START) as frozen:
        world.connect(matrix={"contacts": "both"})
        stale = _credentials(world)
        frozen.tick(31 * 60)
        assert world.sync().status == "succeeded"  # rotates the refresh token
        # A backup of the old credentials comes back 31 minutes after the rotation.
        world.connect(credentials=stale)
        frozen.tick(31 * 60)
        outcome = world.sync()
    assert outcome.status == "failed"
    connection = world.connection()
    assert connection.status == "reauthorize"
    assert "needs re-authorisation" in str(connection.status_message)


def test_a_revoked_connection_is_shown_as_needing_reauthorisation(world: XeroWorld) -> None:
    world.connect(matrix={"contacts": "both"})
    assert world.sync().status == "succeeded"
    answer = world.http.post(
        f"{world.url}/connect/revocation",
        data={"token": _credentials(world)["refresh_token"]},
        auth=("sandbox-client", "sandbox-secret"),
    )
    assert answer.status_code == 200
    outcome = world.sync()
    assert outcome.status == "failed"
    connection = world.connection()
    assert (connection.status, connection.status_message) == (
        "reauthorize",
        "Xero needs re-authorisation: reconnect the Xero organisation in the console.",
    )
    assert world.sync().status == "skipped"  # nothing runs until the user reconnects
