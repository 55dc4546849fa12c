"""scrub() masks credentials in every shape they travel in, and leaves other text alone."""

from __future__ import annotations

import time

import pytest

from hub.sdk.redact import is_secret_name, scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /x?access_token=abc123&page=2", "GET /x?access_token=***&page=2"),
        (
            "grant_type=refresh_token&refresh_token=r-1%2Fx&client_secret=shh",
            "grant_type=refresh_token&refresh_token=***&client_secret=***",
        ),
        ('{"access_token": "a b c", "n": 1}', '{"access_token": "***", "n": 1}'),
        ("{'Authorization': 'Bearer xyz.abc'}", "{'Authorization': '***'}"),
        ("Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic ***"),
        ("X-Shopify-Access-Token: shpat_123", "X-Shopify-Access-Token: ***"),
        ("operation=login&accessKey=5f4d", "operation=login&accessKey=***"),
        ("sessionName=1a2b3c&operation=sync", "sessionName=***&operation=sync"),
        ("password: hunter2", "password: ***"),
        ("https://user:hunter2@example.com/x", "https://user:***@example.com/x"),
        ("sent Bearer abc.def-123 upstream", "sent Bearer *** upstream"),
        ("jwt eyJhbGciOi.eyJzdWIiOiIx.c2ln end", "jwt *** end"),
    ],
)  # fmt: skip
def test_credentials_are_masked(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Invoice # must be unique.",
        "TokenExpired: token expired at 01/01/2001 00:00:00",
        '{"token_type": "Bearer", "refresh_token_expires_in": 5184000}',
        '{"errors": {"password": ["is too short"]}}',
        '{"error": {"code": "INVALID_SESSIONID", "message": "Session Identifier is Invalid"}}',
        "",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert scrub(text) == text


def test_explicit_secrets_are_masked_raw_and_url_encoded() -> None:
    text = "key s3cr/t+k, in a query s3cr%2Ft%2Bk, in a form s3cr%2Ft%2Bk"
    assert scrub(text, ["s3cr/t+k", ""]) == "key ***, in a query ***, in a form ***"


def test_secret_names() -> None:
    assert all(map(is_secret_name, ["Authorization", "X-Shopify-Access-Token", "api_key"]))
    assert not any(map(is_secret_name, ["Accept", "token_type", "X-MinLimit-Remaining"]))


@pytest.mark.parametrize("unit", ["a", "hmac", "token", "http://a:", "x-", "Bearer "])
def test_huge_log_lines_are_scrubbed_quickly(unit: str) -> None:
    # A filter on every log handler must never hang on a big payload dump.
    text = unit * (200_000 // len(unit))
    started = time.monotonic()
    scrub(text)
    assert time.monotonic() - started < 1.0
