"""Start a connector's sandbox: the local server that stands in for the real app."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from werkzeug.serving import run_simple

from hub.registry import Registry


def load_sandbox(registry: Registry, name: str) -> Any:
    """The sandbox module of a connector (it exports create_app and seed)."""
    connector = registry.get(name)
    target = getattr(connector, "sandbox", None)
    if not target:
        raise LookupError(f"The {name} connector ships no sandbox.")
    return import_module(target)


def run_sandbox(
    registry: Registry,
    name: str,
    *,
    port: int = 0,
    seed: bool = True,
    echo: Callable[[str], None] = print,
) -> None:
    module = load_sandbox(registry, name)
    connector = registry.get(name)
    port = port or int(getattr(connector, "sandbox_port", 0) or 5100)
    app = module.create_app()
    if seed and hasattr(module, "seed"):
        module.seed(app)
    if hasattr(module, "start_delivery_thread"):  # sandboxes that send webhooks
        module.start_delivery_thread(app)
    echo(f"{name} sandbox on http://127.0.0.1:{port}")
    run_simple("127.0.0.1", port, app, threaded=True)
