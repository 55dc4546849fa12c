"""Tokens, keys and passwords never reach the logs, whichever logger writes them."""

from __future__ import annotations

import io
import logging

from hub.logs import scrub_handlers


def test_every_handler_scrubs_secrets_from_any_logger() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        scrub_handlers()
        logging.getLogger("werkzeug").warning(
            '"GET /callback?code=x&access_token=eyJhbGciOiJSUzI1NiJ9.payload.sig HTTP/1.1"'
        )
        logging.getLogger("hub.sync").warning(
            "refresh failed: refresh_token=9c1f0f0e2b7d4ae6 client_secret=s3cr3t-value"
        )
    finally:
        root.removeHandler(handler)
    text = stream.getvalue()
    assert "eyJhbGciOiJSUzI1NiJ9" not in text
    assert "9c1f0f0e2b7d4ae6" not in text and "s3cr3t-value" not in text
    assert "GET /callback" in text and "refresh failed" in text
