"""OAuth connect through the Xero sandbox's consent page: state, organisation choice, return."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Flask
from sqlalchemy import select

from hub.connections import credentials_of
from hub.jobs.queues import redis_for
from hub.models import Connection


def _start(console: Any, org: str) -> str:
    """Submit the connect page as shown: its settings come prefilled."""
    page = console.text(f"/orgs/{org}/connect/toyxero")
    url = re.search(r'name="api_url" value="([^"]*)"', page)
    form = {"api_url": url.group(1)} if url else {}
    response = console.post(f"/orgs/{org}/connect/toyxero", form)
    assert response.status_code == 302
    return str(response.headers["Location"])


def _callback(console: Any, params: dict[str, str]) -> Any:
    return console.get(f"/connections/toyxero/callback?{urlencode(params)}")


def _connections(app: Flask) -> list[Connection]:
    with app.extensions["hub.db"].session() as session:
        return list(session.scalars(select(Connection)))


def test_connecting_through_the_consent_page(app: Flask, admin: Any, xero: Any) -> None:
    console, org = admin
    page = console.text(f"/orgs/{org}/connect/toyxero")
    assert "Continue to Xero (toy OAuth connector)" in page
    url = _start(console, org)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{xero.url}/identity/connect/authorize?")
    assert query["code_challenge_method"] == ["S256"] and query["state"][0]
    assert query["redirect_uri"] == ["http://127.0.0.1:5000/connections/toyxero/callback"]
    # What the hub keeps meanwhile (the PKCE verifier) is in Redis, encrypted.
    stored = [redis_for(app).get(k) for k in redis_for(app).keys("hub:web:oauth:state:*")]
    assert len(stored) == 1 and b"verifier" not in stored[0]

    back = _callback(console, xero.consent(url))
    assert back.status_code == 302 and "/connections/" in back.headers["Location"]
    (row,) = _connections(app)
    assert row.tenant_id == xero.tenant and row.tenant_name == "Demo Company (AU)"
    assert row.settings["api_url"] == xero.url  # prefilled from the marketplace's registration
    assert credentials_of(app, row)["access_token"]
    assert row.matrix == {"contacts": "pull"}
    page = console.text(back.headers["Location"])
    assert "Demo Company (AU)" in page and "is connected" in page


def test_an_answer_with_another_state_connects_nothing(app: Flask, admin: Any, xero: Any) -> None:
    console, org = admin
    params = xero.consent(_start(console, org))
    forged = _callback(console, {**params, "state": "not-the-one"})
    assert forged.status_code == 400
    # The attempt is spent: even the right answer cannot be replayed after a forgery.
    assert _callback(console, params).status_code == 400
    assert _connections(app) == []


def test_an_answer_is_used_once(app: Flask, admin: Any, xero: Any) -> None:
    console, org = admin
    params = xero.consent(_start(console, org))
    assert _callback(console, params).status_code == 302
    assert _callback(console, params).status_code == 400
    assert len(_connections(app)) == 1


def test_another_users_session_cannot_finish_the_attempt(
    app: Flask, admin: Any, xero: Any, people: Any
) -> None:
    console, org = admin
    params = xero.consent(_start(console, org))
    mallory = people.user("mallory@example.com")
    people.org("Mallory Ltd", **{mallory: "admin"})
    other = type(console)(app.test_client())
    other.sign_in("mallory@example.com")
    assert _callback(other, params).status_code == 400
    assert _connections(app) == []


def test_a_refused_consent_says_so(app: Flask, admin: Any, xero: Any) -> None:
    console, org = admin
    params = xero.consent(_start(console, org), decision="deny")
    answer = _callback(console, params)
    assert answer.status_code == 302
    page = console.text(answer.headers["Location"])
    assert "did not connect: access_denied" in page
    assert _connections(app) == []


def test_several_organisations_are_offered_to_choose_from(
    app: Flask, admin: Any, xero: Any
) -> None:
    from connectors.xero.sandbox import add_organisation

    console, org = admin
    second = add_organisation(xero.app, "Kiwi Ltd", "NZ", owner="demo@example.com")
    answer = _callback(console, xero.consent(_start(console, org)))
    assert answer.headers["Location"] == f"/orgs/{org}/connect/toyxero/choose"
    page = console.text(answer.headers["Location"])
    assert "Demo Company (AU)" in page and "Kiwi Ltd" in page
    assert console.post(answer.headers["Location"], {"tenant": "made-up"}).status_code == 400
    chosen = console.post(answer.headers["Location"], {"tenant": second})
    assert chosen.status_code == 302
    (row,) = _connections(app)
    assert row.tenant_id == second and row.tenant_name == "Kiwi Ltd"
    # The choice is used once.
    assert console.get(answer.headers["Location"]).status_code == 302


def test_reconnecting_keeps_settings_and_the_sharing(app: Flask, admin: Any, xero: Any) -> None:
    console, org = admin
    _callback(console, xero.consent(_start(console, org)))
    (row,) = _connections(app)
    console.post(f"/orgs/{org}/sharing/", {f"{row.id}:contacts": "both"})
    console.post(
        f"/orgs/{org}/connections/{row.id}/settings", {"api_url": xero.url, "note": "mine"}
    )
    first_token = credentials_of(app, row)["access_token"]
    _callback(console, xero.consent(_start(console, org)))
    (again,) = _connections(app)
    assert again.id == row.id and again.settings["note"] == "mine"
    assert again.matrix == {"contacts": "both"}
    assert credentials_of(app, again)["access_token"] != first_token


def test_settings_and_options_are_checked_before_leaving_for_the_app(
    app: Flask, admin: Any, xero: Any
) -> None:
    from marshmallow import Schema, fields
    from webtoys import ToyXeroConnector

    class Options(Schema):
        payroll = fields.Boolean(load_default=False, metadata={"description": "payroll too"})
        region = fields.String(required=True)

    seen: list[dict[str, Any]] = []

    class WithOptions(ToyXeroConnector):
        connect_options = Options

        @classmethod
        def begin_connect(cls, app: Any, redirect_uri: str, state: str, options: Any) -> Any:
            seen.append(dict(options))
            return super().begin_connect(app, redirect_uri, state, options)

    app.extensions["hub.registry"].add("toyxero", WithOptions)
    console, org = admin
    page = console.text(f"/orgs/{org}/connect/toyxero")
    assert 'name="option-region"' in page and 'name="option-payroll"' in page
    bad = console.post(f"/orgs/{org}/connect/toyxero", {"api_url": "nope", "option-region": "AU"})
    assert bad.status_code == 422 and "Not a valid URL." in bad.get_data(as_text=True)
    missing = console.post(f"/orgs/{org}/connect/toyxero", {"api_url": xero.url})
    assert missing.status_code == 422
    assert "Missing data for required field." in missing.get_data(as_text=True)
    good = console.post(
        f"/orgs/{org}/connect/toyxero", {"api_url": xero.url, "option-region": "AU"}
    )
    assert good.status_code == 302 and good.headers["Location"].startswith(xero.url)
    # The connector hears both: a shop's name, say, is a setting and where to sign in.
    assert seen == [{"api_url": xero.url, "note": "", "payroll": False, "region": "AU"}]
