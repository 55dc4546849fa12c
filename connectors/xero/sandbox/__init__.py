"""A local stand-in for Xero's identity and Accounting APIs, faithful enough for xero-python."""

from __future__ import annotations

from typing import Any

from .app import create_app
from .helpers import (
    DEFAULT_SCOPES,
    add_client,
    add_organisation,
    add_user,
    issue_token,
    organisation,
)
from .seed import seed

__all__ = [
    "DEFAULT_SCOPES",
    "add_client",
    "add_organisation",
    "add_user",
    "create_app",
    "issue_token",
    "organisation",
    "seed",
    "demo_app",
]


def demo_app() -> Any:
    """What `hub sandbox xero` serves: the demo user owning a seeded organisation, and
    webhook deliveries from a background thread."""
    from .serve import build

    return build(seed_number=0)
