"""`hub sandbox APP` finds each app's sandbox; an unknown app is a clear error."""

from __future__ import annotations

import pytest

from hub.registry import Registry
from hub.sandboxes import load_sandbox


@pytest.mark.parametrize("name", ["xero", "vtiger", "shopify"])
def test_every_sandbox_builds_and_seeds(name: str) -> None:
    module = load_sandbox(Registry(), name)
    app = module.create_app()
    assert app.name  # a Flask app
    assert callable(module.seed)


def test_unknown_sandbox() -> None:
    with pytest.raises(LookupError, match="No sandbox"):
        load_sandbox(Registry(), "nope")
