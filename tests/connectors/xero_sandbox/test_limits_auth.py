"""Rate limits per organisation, and the 401/403 answers for tokens, tenants and scopes."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from freezegun import freeze_time

from connectors.xero import sandbox
from connectors.xero.sandbox.store import state_of


def _client(limits: dict[str, int], scopes: str = sandbox.DEFAULT_SCOPES) -> tuple[Any, ...]:
    app = sandbox.create_app({"limits": limits})
    tenant = sandbox.add_organisation(app, "Limited Org")
    token = sandbox.issue_token(app, [tenant], scopes)
    headers = {"Authorization": f"Bearer {token['access_token']}", "xero-tenant-id": tenant}
    return app, app.test_client(), headers


def _call(client: FlaskClient, headers: dict[str, str]) -> Any:
    return client.get("/api.xro/2.0/Organisation", headers=headers)


def test_minute_limit_answers_429_until_the_window_moves() -> None:
    with freeze_time("2026-03-02 10:00:00") as frozen:
        _app, client, headers = _client({"minute": 3})
        answers = [_call(client, headers) for _ in range(3)]
        assert [a.headers["X-MinLimit-Remaining"] for a in answers] == ["2", "1", "0"]
        assert answers[0].headers["X-DayLimit-Remaining"] == "4999"
        assert answers[0].headers["X-AppMinLimit-Remaining"] == "9999"
        frozen.tick(20)
        refused = _call(client, headers)
        assert refused.status_code == 429
        assert refused.headers["X-Rate-Limit-Problem"] == "minute"
        assert refused.headers["Retry-After"] == "40"
        frozen.tick(40)
        assert _call(client, headers).status_code == 200


def test_day_limit_names_the_day() -> None:
    with freeze_time("2026-03-02 10:00:00"):
        _app, client, headers = _client({"day": 2})
        assert _call(client, headers).status_code == 200
        assert _call(client, headers).status_code == 200
        refused = _call(client, headers)
    assert refused.status_code == 429
    assert refused.headers["X-Rate-Limit-Problem"] == "day"
    assert refused.headers["X-DayLimit-Remaining"] == "0"
    assert refused.headers["Retry-After"] == "86400"


def test_each_organisation_has_its_own_budget() -> None:
    app, client, headers = _client({"minute": 1})
    other = sandbox.add_organisation(app, "Other Org")
    token = sandbox.issue_token(app, [other])
    assert _call(client, headers).status_code == 200
    assert _call(client, headers).status_code == 429
    other_headers = {"Authorization": f"Bearer {token['access_token']}", "xero-tenant-id": other}
    assert _call(client, other_headers).status_code == 200


def test_concurrent_calls_beyond_the_limit_are_refused() -> None:
    app, client, headers = _client({"concurrent": 2})
    limiter = state_of(app).extras["limiter"]
    tenant = headers["xero-tenant-id"]
    held = [limiter.acquire("sandbox-client", tenant)[0] for _ in range(2)]
    refused = _call(client, headers)
    assert refused.status_code == 429
    assert refused.headers["X-Rate-Limit-Problem"] == "concurrent"
    for ticket in held:
        limiter.release(ticket)
    assert _call(client, headers).status_code == 200


def test_missing_scope_is_authorization_unsuccessful() -> None:
    _app, client, headers = _client({}, scopes="offline_access accounting.contacts")
    answer = _call(client, headers)
    assert answer.status_code == 401
    assert answer.get_json()["Detail"] == "AuthorizationUnsuccessful"


def test_read_scope_allows_get() -> None:
    _app, client, headers = _client({}, scopes="accounting.settings.read")
    assert _call(client, headers).status_code == 200


def test_missing_tenant_header_is_forbidden_with_problem_body() -> None:
    _app, client, headers = _client({})
    answer = _call(client, {"Authorization": headers["Authorization"]})
    assert answer.status_code == 403
    body = answer.get_json()
    assert (body["Title"], body["Status"], body["Detail"]) == (
        "Forbidden",
        403,
        "AuthenticationUnsuccessful",
    )
    assert body["Instance"] and answer.headers["Xero-Correlation-Id"]


def test_garbage_token_is_unauthorized() -> None:
    _app, client, headers = _client({})
    answer = _call(client, {**headers, "Authorization": "Bearer not-a-token"})
    assert answer.status_code == 401


def test_unknown_path_is_plain_text_404() -> None:
    _app, client, headers = _client({})
    answer = client.get("/api.xro/2.0/Nothing", headers=headers)
    assert answer.status_code == 404
    assert answer.get_data(as_text=True) == "The resource you're looking for cannot be found"
    assert answer.headers["Content-Type"].startswith("text/html")


def test_paths_are_case_insensitive() -> None:
    _app, client, headers = _client({})
    assert client.get("/api.xro/2.0/organisation", headers=headers).status_code == 200
