"""A local stand-in for Xero's identity and Accounting APIs, faithful enough for xero-python."""

from __future__ import annotations

from .app import create_app
from .helpers import (
    DEFAULT_SCOPES,
    add_client,
    add_organisation,
    add_user,
    issue_token,
    organisation,
)

__all__ = [
    "DEFAULT_SCOPES",
    "add_client",
    "add_organisation",
    "add_user",
    "create_app",
    "issue_token",
    "organisation",
]
