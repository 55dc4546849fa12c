"""The HTTP client: base URL, timeouts, call counts, hooks, the optional GET retry, OAuth2."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session

from hub.sdk.errors import RetryLater, StopRun
from hub.sdk.http import HttpClient

REFUSED = "http://127.0.0.1:9"  # the discard port: nothing listens there


def test_paths_join_the_base_url(fake_app: Any) -> None:
    with HttpClient(fake_app.url + "/api.xro/2.0/") as client:
        client.get("Invoices", params={"page": 2})
        client.get("/Contacts")
    assert [(s.path, s.query) for s in fake_app.seen] == [
        ("/api.xro/2.0/Invoices", {"page": "2"}),
        ("/api.xro/2.0/Contacts", {}),
    ]


def test_absolute_urls_must_stay_on_the_app(fake_app: Any) -> None:
    with HttpClient(fake_app.url + "/admin/api/2024-04") as client:
        client.get(fake_app.url + "/admin/api/2024-04/orders.json?page_info=abc")
        with pytest.raises(StopRun) as caught:
            client.get("http://127.0.0.2:1/steal")
    assert "another address" in caught.value.user_message
    assert len(fake_app.seen) == 1
    assert client.calls == 1


def test_read_timeout_becomes_retry_later(fake_app: Any) -> None:
    started = time.monotonic()
    with HttpClient(fake_app.url, timeout=(1.0, 0.2)) as client:
        with pytest.raises(RetryLater) as caught:
            client.get("/slow")
    assert time.monotonic() - started < 1.5
    assert "ReadTimeout" in caught.value.user_message


def test_timeout_can_be_overridden_per_call(fake_app: Any) -> None:
    with HttpClient(fake_app.url) as client:
        started = time.monotonic()
        with pytest.raises(RetryLater):
            client.get("/slow", timeout=(1.0, 0.2))
    assert time.monotonic() - started < 1.5


def test_calls_are_counted_including_failures(fake_app: Any) -> None:
    fake_app.reply(200, {"page": 1})
    fake_app.reply(500, {"message": "oops"})
    fake_app.reply(201, {"created": True})
    with HttpClient(fake_app.url) as client:
        client.get("/Invoices")
        with pytest.raises(RetryLater):
            client.get("/Invoices")
        client.post("/Invoices", json={})
    assert client.calls == 3 == len(fake_app.seen)


def test_before_request_runs_before_each_call(fake_app: Any) -> None:
    taken: list[tuple[str, str, int]] = []

    def take_token(method: str, url: str) -> None:
        # The server must not have seen the call yet when the budget token is taken.
        taken.append((method, url, len(fake_app.seen)))

    with HttpClient(fake_app.url, before_request=take_token) as client:
        client.get("/Contacts")
        client.put("/Contacts", json={})
    assert taken == [
        ("GET", fake_app.url + "/Contacts", 0),
        ("PUT", fake_app.url + "/Contacts", 1),
    ]


def test_before_request_can_refuse_the_call(fake_app: Any) -> None:
    def budget_spent(method: str, url: str) -> None:
        raise RetryLater("Rate-limit budget spent", retry_after=30)

    with HttpClient(fake_app.url, before_request=budget_spent) as client:
        with pytest.raises(RetryLater) as caught:
            client.get("/Contacts")
    assert caught.value.retry_after == 30
    assert fake_app.seen == []
    assert client.calls == 0


def test_on_response_sees_rate_limit_headers(fake_app: Any) -> None:
    remaining: list[str] = []
    fake_app.reply(200, {}, {"X-MinLimit-Remaining": "59", "X-DayLimit-Remaining": "4999"})
    fake_app.reply(429, {}, {"X-MinLimit-Remaining": "0", "Retry-After": "30"})
    hook = lambda response: remaining.append(response.headers["X-MinLimit-Remaining"])  # noqa: E731
    with HttpClient(fake_app.url, on_response=hook) as client:
        client.get("/Invoices")
        with pytest.raises(RetryLater):
            client.get("/Invoices")
    assert remaining == ["59", "0"]


@pytest.mark.parametrize(
    ("retry", "method", "attempts"),
    [(False, "GET", 1), (True, "GET", 2), (True, "POST", 1)],
)
def test_optional_single_retry_for_idempotent_calls(
    retry: bool, method: str, attempts: int
) -> None:
    sent: list[str] = []
    with HttpClient(
        REFUSED,
        timeout=(0.5, 0.5),
        retry_connection_errors=retry,
        before_request=lambda m, u: sent.append(m),
    ) as client:
        with pytest.raises(RetryLater):
            client.request(method, "/Invoices")
    assert client.calls == attempts == len(sent)


def test_request_json_stops_on_a_body_that_is_not_json(fake_app: Any) -> None:
    fake_app.reply(200, {"Invoices": [{"InvoiceID": "1"}]})
    fake_app.reply(200, text="<html>maintenance</html>")
    with HttpClient(fake_app.url) as client:
        assert client.request_json("GET", "/Invoices") == {"Invoices": [{"InvoiceID": "1"}]}
        with pytest.raises(StopRun, match="not JSON"):
            client.request_json("GET", "/Invoices")


def test_an_authlib_oauth2_session_plugs_in(fake_app: Any) -> None:
    token = {"access_token": "at-123456789", "token_type": "Bearer", "expires_in": 1800}
    session = OAuth2Session("client-id", token=token)
    with HttpClient(fake_app.url, session=session) as client:
        client.get("/connections")
    session.close()
    assert fake_app.seen[0].headers["Authorization"] == "Bearer at-123456789"


def test_a_given_session_is_left_open(fake_app: Any) -> None:
    session = requests.Session()
    with HttpClient(fake_app.url, session=session) as client:
        client.get("/a")
    # The owner of the session closes it; the client can still be used until then.
    assert HttpClient(fake_app.url, session=session).get("/b").status_code == 200
    session.close()
