"""Logging: one format, and every handler scrubs tokens, keys and passwords."""

from __future__ import annotations

import logging

from hub.sdk.redact import SecretsFilter

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(level: str) -> None:
    """Set up logging for a hub process (serve, worker, scheduler, sync)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, format=FORMAT)
    logging.getLogger("hub").setLevel(level)
    scrub_handlers()


def scrub_handlers() -> None:
    """Put the secrets filter on every root handler.

    A filter on a logger only sees that logger's own records; on a handler it sees
    everything written through it (hub.*, werkzeug's request lines with their query
    strings, rq...).
    """
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, SecretsFilter) for f in handler.filters):
            handler.addFilter(SecretsFilter())
