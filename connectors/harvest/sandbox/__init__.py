"""A local stand-in for Harvest's API v2 (see README.md for what is emulated)."""

from __future__ import annotations

from .app import add_user, approve, create_app, owner
from .seed import seed
from .store import DEFAULT_ACCOUNT_ID, DEFAULT_TOKEN, state_of

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_TOKEN",
    "add_user",
    "approve",
    "create_app",
    "owner",
    "seed",
    "state_of",
]
