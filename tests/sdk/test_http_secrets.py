"""Credentials never reach log output or error messages, whatever the app echoes back."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from hub.sdk.errors import ReauthorizationRequired, SkipRecord
from hub.sdk.http import HttpClient, SecretsFilter

TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJ4ZXJvX3VzZXJpZCI6IjEyMyJ9.c2lnbmF0dXJlLXZhbHVl"
OPAQUE = "shpat_0123456789abcdef"


def test_requests_are_logged_without_secrets(fake_app: Any, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG, logger="hub.sdk.http")
    headers = {"Authorization": f"Bearer {TOKEN}", "X-Shopify-Access-Token": OPAQUE}
    with HttpClient(fake_app.url, headers=headers) as client:
        client.get("/orders.json", params={"access_token": OPAQUE, "limit": 50})
        fake_app.reply(404, {"errors": "Not Found"})
        with pytest.raises(SkipRecord):
            client.get("/orders/1.json", params={"client_secret": "cs-987654"})
    messages = [r.getMessage() for r in caplog.records if r.name == "hub.sdk.http"]
    assert messages[0].startswith("GET /orders.json -> 200")
    assert messages[1].startswith("GET /orders/1.json -> 404")
    for secret in (TOKEN, OPAQUE, "cs-987654"):
        assert not any(secret in message for message in messages)


def test_echoed_credentials_are_scrubbed_from_errors(fake_app: Any, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    fake_app.reply(401, {"message": f"invalid token {OPAQUE} for header Bearer {TOKEN}"})
    with HttpClient(fake_app.url, headers={"X-Shopify-Access-Token": OPAQUE}) as client:
        with pytest.raises(ReauthorizationRequired) as caught:
            client.get("/shop.json")
    error = caught.value
    for text in (error.user_message, error.log_message, str(error)):
        assert OPAQUE not in text
        assert TOKEN not in text
        assert "***" in text
    assert OPAQUE not in caplog.text


def test_query_and_body_style_secrets_are_scrubbed(fake_app: Any) -> None:
    fake_app.reply(400, text="bad request: refresh_token=rt-55555&client_secret=cs-77777&x=1")
    with HttpClient(fake_app.url) as client:
        with pytest.raises(SkipRecord) as caught:
            client.post("/connect/token", data={"grant_type": "refresh_token"})
    assert caught.value.user_message == "bad request: refresh_token=***&client_secret=***&x=1"


def test_explicit_secrets_are_scrubbed(fake_app: Any) -> None:
    fake_app.reply(200, {"success": False})
    fake_app.reply(400, {"message": "user admin used key Zx9vtigerKey and session 4f1e"})
    with HttpClient(fake_app.url, secrets=["Zx9vtigerKey"]) as client:
        client.get("/webservice.php")
        client.add_secret("4f1e")
        with pytest.raises(SkipRecord) as caught:
            client.get("/webservice.php")
    assert caught.value.user_message == "user admin used key *** and session ***"


def test_secrets_filter_scrubs_records_and_tracebacks(caplog: Any) -> None:
    secrets_filter = SecretsFilter(["vt-access-key-1"])
    caplog.handler.addFilter(secrets_filter)
    logger = logging.getLogger("hub.test.secrets")
    try:
        logger.warning("login with accessKey=%s", "md5-of-token")
        logger.warning("header %s", {"Authorization": f"Bearer {TOKEN}"})
        logger.warning("configured key %s", "vt-access-key-1")
        secrets_filter.add("refreshed-at-runtime")
        logger.warning("new token refreshed-at-runtime stored")
        try:
            raise ValueError(f"could not use client_secret=cs-12345 or {TOKEN}")
        except ValueError:
            logger.exception("token exchange failed")
    finally:
        caplog.handler.removeFilter(secrets_filter)
    text = caplog.text
    for secret in ("md5-of-token", TOKEN, "vt-access-key-1", "refreshed-at-runtime", "cs-12345"):
        assert secret not in text
    assert "login with accessKey=***" in text
    assert "could not use client_secret=***" in text
    assert "token exchange failed" in text
