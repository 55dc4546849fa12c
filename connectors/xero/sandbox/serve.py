"""Serve a (optionally seeded) sandbox on 127.0.0.1: `python -m connectors.xero.sandbox`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from werkzeug.serving import run_simple

from .app import create_app
from .seed import seed


def build(
    config: dict[str, Any] | None = None,
    seed_number: int | None = None,
    organisations: int = 1,
    contacts: int = 200,
    invoices: int = 2000,
) -> Any:
    """The app `hub sandbox xero` serves: demo user and app, deliveries from a thread, and,
    with a seed number, seeded organisations owned by the demo user."""
    settings = {"webhook_thread": True, **(config or {})}
    app = create_app(settings)
    if seed_number is not None:
        owner = (settings.get("users") or [{"email": "demo@example.com"}])[0]["email"]
        seed(
            app,
            organisations=organisations,
            contacts=contacts,
            invoices=invoices,
            seed=seed_number,
            owner=owner,
        )
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the Xero sandbox on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=5101)
    parser.add_argument("--seed", type=int, default=None, help="seed organisations with this")
    parser.add_argument("--organisations", type=int, default=1)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--invoices", type=int, default=2000)
    parser.add_argument("--config", help="JSON file of settings for create_app")
    args = parser.parse_args(argv)
    config = None
    if args.config:
        with open(args.config, encoding="utf-8") as handle:
            config = json.load(handle)
    config = {"public_url": f"http://127.0.0.1:{args.port}", **(config or {})}
    app = build(config, args.seed, args.organisations, args.contacts, args.invoices)
    run_simple("127.0.0.1", args.port, app, threaded=True)
