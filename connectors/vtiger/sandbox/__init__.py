"""A local stand-in for vtiger CRM's webservice.php API (see README.md for what is emulated)."""

from __future__ import annotations

from .app import create_app, sandbox_of
from .seed import seed
from .state import DEFAULT_ACCESS_KEY, DEFAULT_USERNAME

__all__ = ["DEFAULT_ACCESS_KEY", "DEFAULT_USERNAME", "create_app", "sandbox_of", "seed"]
