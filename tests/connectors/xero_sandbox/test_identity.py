"""The browser flow, the token endpoint, connections and revocation, over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from xero_python.accounting import AccountingApi
from xero_python.api_client.oauth2 import TokenApi

from connectors.xero import sandbox
from connectors.xero.sandbox.store import state_of

if TYPE_CHECKING:
    from conftest import Sandbox

CLIENT_ID, CLIENT_SECRET = "sandbox-client", "sandbox-secret"
REDIRECT = "http://localhost:5000/connections/xero/callback"
SCOPES = "openid profile email offline_access accounting.settings payroll.employees"


def _authorize_url(box: Sandbox, **extra: str) -> str:
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT,
        "scope": SCOPES,
        "state": "xyz",
        **extra,
    }
    return f"{box.url}/identity/connect/authorize?{urlencode(params)}"


def _sign_in(box: Sandbox, url: str, email: str = "owner@example.com") -> str:
    """Log in like a browser; returns the consent page's ticket."""
    login = box.http.get(url)
    assert login.status_code == 200 and 'name="password"' in login.text
    consent = box.http.post(url, data={"step": "login", "email": email, "password": "password"})
    assert "Allow payroll access" in consent.text
    ticket = re.search(r'name="ticket" value="([^"]+)"', consent.text)
    assert ticket
    return ticket.group(1)


def _consent(box: Sandbox, url: str, ticket: str, tenants: list[str], payroll: bool) -> dict:
    form = {"step": "consent", "ticket": ticket, "decision": "allow", "tenant": tenants}
    if payroll:
        form["allow_payroll"] = "yes"
    answer = box.http.post(url, data=form, allow_redirects=False)
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _exchange(box: Sandbox, code: str, **form: str) -> requests.Response:
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    return box.http.post(
        f"{box.url}/connect/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, **form},
        headers={"Authorization": f"Basic {basic}"},
    )


def test_code_flow_grants_chosen_tenants_without_unticked_payroll(xero: Sandbox) -> None:
    other = sandbox.add_organisation(xero.app, "Second Org (NZ)", "NZ")
    url = _authorize_url(xero)
    wrong = xero.http.post(
        url, data={"step": "login", "email": "owner@example.com", "password": "nope"}
    )
    assert "Your email or password is incorrect" in wrong.text
    ticket = _sign_in(xero, url)
    redirect = _consent(xero, url, ticket, [xero.tenant_id], payroll=False)
    assert redirect["state"] == "xyz"
    assert "payroll.employees" not in redirect["scope"].split()

    token = _exchange(xero, redirect["code"]).json()
    assert token["expires_in"] == 1800 and token["token_type"] == "Bearer"
    assert token["refresh_token"] and token["id_token"].count(".") == 2
    assert "payroll.employees" not in token["scope"].split()

    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    connections = xero.http.get(f"{xero.url}/connections", headers=bearer).json()
    assert [c["tenantId"] for c in connections] == [xero.tenant_id]
    assert connections[0]["tenantType"] == "ORGANISATION"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}", connections[0]["createdDateUtc"])

    mine = xero.get("/Organisation", headers=xero.headers(token=token["access_token"]))
    assert mine.status_code == 200
    assert mine.json()["Organisations"][0]["Name"] == "Test Org (AU)"
    theirs = xero.get("/Organisation", headers=xero.headers(other, token["access_token"]))
    assert theirs.status_code == 403
    assert theirs.json()["Detail"] == "AuthenticationUnsuccessful"


def test_payroll_box_keeps_payroll_scopes_and_code_is_single_use(xero: Sandbox) -> None:
    url = _authorize_url(xero)
    redirect = _consent(xero, url, _sign_in(xero, url), [xero.tenant_id], payroll=True)
    assert "payroll.employees" in redirect["scope"].split()
    assert _exchange(xero, redirect["code"]).status_code == 200
    again = _exchange(xero, redirect["code"])
    assert again.status_code == 400 and again.json() == {"error": "invalid_grant"}


def test_cancel_redirects_with_access_denied(xero: Sandbox) -> None:
    url = _authorize_url(xero)
    ticket = _sign_in(xero, url)
    answer = xero.http.post(
        url, data={"step": "consent", "ticket": ticket, "decision": "deny"}, allow_redirects=False
    )
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert query["error"] == ["access_denied"] and query["state"] == ["xyz"]


def test_unregistered_redirect_uri_is_refused_without_redirect(xero: Sandbox) -> None:
    answer = xero.http.get(
        _authorize_url(xero, redirect_uri="https://evil.example/cb"), allow_redirects=False
    )
    assert answer.status_code == 400 and "Invalid redirect_uri" in answer.text


def test_pkce_flow_checks_the_verifier(xero: Sandbox) -> None:
    sandbox.add_client(xero.app, "pkce-app", None, [REDIRECT], "PKCE app")
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    params = {
        "client_id": "pkce-app",
        "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    url = _authorize_url(xero, **params)
    redirect = _consent(xero, url, _sign_in(xero, url), [xero.tenant_id], payroll=False)
    form = {
        "grant_type": "authorization_code",
        "code": redirect["code"],
        "redirect_uri": REDIRECT,
        "client_id": "pkce-app",
    }
    wrong = xero.http.post(
        f"{xero.url}/connect/token", data={**form, "code_verifier": secrets.token_urlsafe(48)}
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    right = xero.http.post(f"{xero.url}/connect/token", data={**form, "code_verifier": verifier})
    assert right.status_code == 200 and right.json()["refresh_token"]


def test_pkce_app_must_send_a_challenge(xero: Sandbox) -> None:
    sandbox.add_client(xero.app, "pkce-app", None, [REDIRECT], "PKCE app")
    answer = xero.http.get(_authorize_url(xero, client_id="pkce-app"), allow_redirects=False)
    assert answer.status_code == 302
    assert "error=invalid_request" in answer.headers["Location"]


def test_wrong_client_secret_is_invalid_client(xero: Sandbox) -> None:
    answer = xero.http.post(
        f"{xero.url}/connect/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": xero.token["refresh_token"],
            "client_id": CLIENT_ID,
            "client_secret": "wrong",
        },
    )
    assert answer.status_code == 400 and answer.json() == {"error": "invalid_client"}


def test_revocation_removes_every_connection(xero: Sandbox) -> None:
    answer = xero.http.post(
        f"{xero.url}/connect/revocation",
        data={
            "token": xero.token["refresh_token"],
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    )
    assert answer.status_code == 200
    bearer = {"Authorization": f"Bearer {xero.token['access_token']}"}
    assert xero.http.get(f"{xero.url}/connections", headers=bearer).status_code == 401
    refresh = xero.http.post(
        f"{xero.url}/connect/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": xero.token["refresh_token"],
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    )
    assert refresh.json() == {"error": "invalid_grant"}


def test_deleting_a_connection_cuts_that_tenant_off(xero: Sandbox) -> None:
    bearer = {"Authorization": f"Bearer {xero.token['access_token']}"}
    [connection] = xero.http.get(f"{xero.url}/Connections", headers=bearer).json()
    gone = xero.http.delete(f"{xero.url}/connections/{connection['id']}", headers=bearer)
    assert gone.status_code == 204 and gone.text == ""
    again = xero.http.delete(f"{xero.url}/connections/{connection['id']}", headers=bearer)
    assert again.status_code == 404
    assert xero.get("/Organisation").status_code == 403


def test_connections_filter_by_auth_event(xero: Sandbox) -> None:
    second = sandbox.add_organisation(xero.app, "Second Org (UK)", "UK")
    token = sandbox.issue_token(xero.app, [second])
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    everything = xero.http.get(f"{xero.url}/connections", headers=bearer).json()
    assert {c["tenantId"] for c in everything} == {xero.tenant_id, second}
    event = next(c["authEventId"] for c in everything if c["tenantId"] == second)
    only = xero.http.get(f"{xero.url}/connections?authEventId={event}", headers=bearer).json()
    assert [c["tenantId"] for c in only] == [second]


def test_xero_python_refreshes_an_expired_token_through_the_sandbox(
    xero: Sandbox, api_factory: Callable[..., AccountingApi], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TokenApi, "refresh_token_url", f"{xero.url}/connect/token")
    stale = {**xero.token, "expires_at": time.time() - 10, "scope": xero.token["scope"].split()}
    api = api_factory(stale)
    org = api.get_organisations(xero.tenant_id).organisations[0]
    assert org.name == "Test Org (AU)"
    refreshed = api.api_client.get_oauth2_token()
    assert refreshed["refresh_token"] != xero.token["refresh_token"]


def test_client_credentials_reach_the_custom_connection_tenant(xero: Sandbox) -> None:
    state = state_of(xero.app)
    state.add_client("custom", "custom-secret", [], "Custom Connection", xero.tenant_id)
    basic = base64.b64encode(b"custom:custom-secret").decode()
    answer = xero.http.post(
        f"{xero.url}/connect/token",
        data={"grant_type": "client_credentials", "scope": "accounting.settings"},
        headers={"Authorization": f"Basic {basic}"},
    )
    token = answer.json()
    assert "refresh_token" not in token and token["expires_in"] == 1800
    organisation = xero.get("/Organisation", headers=xero.headers(token=token["access_token"]))
    assert organisation.status_code == 200
    plain = xero.http.post(
        f"{xero.url}/connect/token",
        data={
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    )
    assert plain.json() == {"error": "unauthorized_client"}
