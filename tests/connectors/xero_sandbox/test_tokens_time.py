"""Token lifetimes under frozen time: 30-minute access, rotation grace, 60-day refresh."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from freezegun import freeze_time

from connectors.xero import sandbox

START = "2026-01-05 09:00:00"


def _setup() -> tuple[FlaskClient, str, dict[str, Any]]:
    app = sandbox.create_app()
    tenant = sandbox.add_organisation(app, "Frozen Org")
    return app.test_client(), tenant, sandbox.issue_token(app, [tenant])


def _refresh(client: FlaskClient, refresh_token: str) -> Any:
    return client.post(
        "/connect/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": "sandbox-client",
            "client_secret": "sandbox-secret",
        },
    )


def _organisation(client: FlaskClient, tenant: str, access: str) -> Any:
    return client.get(
        "/api.xro/2.0/Organisation",
        headers={"Authorization": f"Bearer {access}", "xero-tenant-id": tenant},
    )


def test_access_token_expires_after_30_minutes() -> None:
    with freeze_time(START) as frozen:
        client, tenant, token = _setup()
        frozen.tick(29 * 60)
        assert _organisation(client, tenant, token["access_token"]).status_code == 200
        frozen.tick(61)
        expired = _organisation(client, tenant, token["access_token"])
    assert expired.status_code == 401
    assert expired.headers["WWW-Authenticate"] == "Bearer error=invalid_token"
    body = expired.get_json()
    assert body["Title"] == "Unauthorized"
    assert body["Detail"] == "TokenExpired: token expired at 01/05/2026 09:30:00"
    assert body["Type"] is None and body["Extensions"] == {}


def test_refresh_rotates_and_old_token_has_a_30_minute_grace() -> None:
    with freeze_time(START) as frozen:
        client, tenant, token = _setup()
        first = _refresh(client, token["refresh_token"]).get_json()
        assert first["refresh_token"] != token["refresh_token"]
        assert _organisation(client, tenant, first["access_token"]).status_code == 200
        frozen.tick(20 * 60)
        retried = _refresh(client, token["refresh_token"])  # the response got lost
        assert retried.status_code == 200
        frozen.tick(11 * 60)
        late = _refresh(client, token["refresh_token"])
        assert late.status_code == 400 and late.get_json() == {"error": "invalid_grant"}
        assert _refresh(client, retried.get_json()["refresh_token"]).status_code == 200


def test_unused_refresh_token_dies_after_60_days() -> None:
    with freeze_time(START) as frozen:
        client, _tenant, token = _setup()
        frozen.tick(60 * 86_400 + 1)
        answer = _refresh(client, token["refresh_token"])
    assert answer.status_code == 400 and answer.get_json()["error"] == "invalid_grant"


def test_code_expires_after_five_minutes() -> None:
    redirect = "http://localhost:5000/connections/xero/callback"
    with freeze_time(START) as frozen:
        app = sandbox.create_app()
        client = app.test_client()
        query = (
            f"/identity/connect/authorize?response_type=code&client_id=sandbox-client"
            f"&redirect_uri={redirect}&scope=offline_access+accounting.contacts&state=s"
        )
        page = client.post(
            query, data={"step": "login", "email": "demo@example.com", "password": "demo"}
        ).get_data(as_text=True)
        ticket = page.split('name="ticket" value="')[1].split('"')[0]
        tenant = page.split('name="tenant" value="')[1].split('"')[0]
        answer = client.post(
            query, data={"step": "consent", "ticket": ticket, "tenant": tenant, "decision": "allow"}
        )
        code = answer.headers["Location"].split("code=")[1].split("&")[0]
        frozen.tick(301)
        late = client.post(
            "/connect/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
                "client_id": "sandbox-client",
                "client_secret": "sandbox-secret",
            },
        )
    assert late.status_code == 400 and late.get_json() == {"error": "invalid_grant"}
