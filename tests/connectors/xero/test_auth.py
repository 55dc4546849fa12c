"""Connecting through Xero's consent pages: PKCE, code exchange, organisations, revocation."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
import requests

from connectors.xero.auth import XeroOAuth
from connectors.xero.connector import XeroConnector
from hub.connections import connect
from hub.sdk import ConfigurationError, Context, ReauthorizationRequired
from hub.sync.runner import run_sync

if TYPE_CHECKING:
    from conftest import XeroWorld

REDIRECT = "http://localhost:5000/connections/xero/callback"  # registered for the demo app


def _app(world: XeroWorld) -> dict[str, Any]:
    return {"client_id": "sandbox-client", "client_secret": "sandbox-secret", **world.urls}


def _consent(url: str, payroll: bool = False, decision: str = "allow") -> dict[str, str]:
    """Sign in as the sandbox's demo user and allow access, as a person would."""
    with requests.Session() as browser:
        assert browser.get(url).status_code == 200
        page = browser.post(
            url, data={"step": "login", "email": "demo@example.com", "password": "demo"}
        )
        ticket = re.search(r'name="ticket" value="([^"]+)"', page.text)
        assert ticket, page.text
        form: dict[str, Any] = {
            "step": "consent",
            "ticket": ticket.group(1),
            "tenant": re.findall(r'name="tenant" value="([^"]+)"', page.text),
            "decision": decision,
        }
        if payroll:
            form["allow_payroll"] = "yes"
        done = browser.post(url, data=form, allow_redirects=False)
    assert done.status_code == 302, done.text
    return dict(parse_qsl(urlsplit(done.headers["Location"]).query))


def test_connecting_with_pkce_lists_the_organisations_and_the_tokens_sync(
    world: XeroWorld,
) -> None:
    url, kept = XeroConnector.begin_connect(_app(world), REDIRECT, "state-123", {})
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{world.url}/identity/connect/authorize?")
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] == ["state-123"] and query["redirect_uri"] == [REDIRECT]
    scopes = query["scope"][0].split()
    assert {"offline_access", "accounting.transactions", "accounting.journals.read"} <= set(scopes)
    assert not [s for s in scopes if s.startswith("payroll.")]

    params = _consent(url)
    credentials, tenants = XeroConnector.finish_connect(_app(world), REDIRECT, params, kept)
    assert [t.name for t in tenants] == ["Demo Company (AU)"]
    assert credentials["refresh_token"] and credentials["client_id"] == "sandbox-client"

    with world.app.extensions["hub.db"].session() as session:
        connection = connect(
            session,
            world.app,
            world.org,
            XeroConnector,
            credentials=credentials,
            tenant_id=tenants[0].id,
            matrix={"company": "pull"},
        )
        connection_id = connection.id
    assert run_sync(world.app, connection_id).status == "succeeded"
    (company,) = world.records("company")
    assert company["name"] == "Demo Company (AU)" and company["base_currency"] == "AUD"
    assert company["timezone"] == "Australia/Sydney"


def test_payroll_scopes_only_when_the_user_asks_for_payroll(world: XeroWorld) -> None:
    url, kept = XeroConnector.begin_connect(_app(world), REDIRECT, "s", {"payroll": True})
    scopes = parse_qs(urlsplit(url).query)["scope"][0].split()
    assert {"payroll.employees", "payroll.timesheets", "payroll.payruns"} <= set(scopes)
    credentials, _ = XeroConnector.finish_connect(
        _app(world), REDIRECT, _consent(url, payroll=True), kept
    )
    assert "payroll.timesheets" in credentials["scope"].split()


def test_a_wrong_code_verifier_is_refused(world: XeroWorld) -> None:
    url, kept = XeroConnector.begin_connect(_app(world), REDIRECT, "s", {})
    params = _consent(url)
    forged = {**kept, "code_verifier": "x" * 64}
    with pytest.raises(ReauthorizationRequired):
        XeroConnector.finish_connect(_app(world), REDIRECT, params, forged)


def test_a_refused_consent_or_a_foreign_state_connects_nothing(world: XeroWorld) -> None:
    url, kept = XeroConnector.begin_connect(_app(world), REDIRECT, "mine", {})
    with pytest.raises(ConfigurationError, match="access_denied"):
        XeroConnector.finish_connect(_app(world), REDIRECT, _consent(url, decision="deny"), kept)
    params = {**_consent(url), "state": "someone-else"}
    with pytest.raises(ConfigurationError, match="does not belong"):
        XeroConnector.finish_connect(_app(world), REDIRECT, params, kept)


def test_revoking_on_disconnect_ends_the_tokens(world: XeroWorld) -> None:
    oauth = XeroOAuth.from_app(_app(world))
    url, verifier = oauth.authorization_url(REDIRECT, "s")
    credentials = oauth.exchange_code(_consent(url)["code"], REDIRECT, verifier)
    assert len(oauth.list_tenants(credentials)) == 1
    XeroConnector(Context(settings={}, credentials=credentials)).revoke()
    with pytest.raises(ReauthorizationRequired) as listing:
        oauth.list_tenants(credentials)
    with pytest.raises(ReauthorizationRequired) as refreshing:
        oauth.refresh(credentials)
    for raised in (listing, refreshing):
        assert "needs re-authorisation" in raised.value.user_message
