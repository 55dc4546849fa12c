"""Start a connector's sandbox: the local server that stands in for the real app."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from werkzeug.serving import run_simple

from hub.registry import Registry

# The usual ports, so the demo's URLs stay the same from one run to the next.
PORTS = {"xero": 5101, "vtiger": 5102, "shopify": 5103, "harvest": 5104}


def load_sandbox(registry: Registry, name: str) -> Any:
    """The sandbox module of a connector (it exports create_app and seed)."""
    try:
        target = getattr(registry.get(name), "sandbox", None)
    except KeyError:
        target = f"connectors.{name}.sandbox"  # a sandbox can be served before its connector
    if not target:
        raise LookupError(f"The {name} connector ships no sandbox.")
    try:
        return import_module(target)
    except ModuleNotFoundError as exc:
        raise LookupError(f"No sandbox for {name!r}.") from exc


def run_sandbox(
    registry: Registry,
    name: str,
    *,
    port: int = 0,
    seed: bool = True,
    echo: Callable[[str], None] = print,
) -> None:
    module = load_sandbox(registry, name)
    port = port or PORTS.get(name, 5100)
    if seed and hasattr(module, "demo_app"):  # a sandbox that knows its own demo set-up
        app = module.demo_app()
    else:
        app = module.create_app()
        if seed and hasattr(module, "seed"):
            module.seed(app)
    if hasattr(module, "start_delivery_thread"):  # sandboxes that send webhooks
        module.start_delivery_thread(app)
    echo(f"{name} sandbox on http://127.0.0.1:{port}")
    run_simple("127.0.0.1", port, app, threaded=True)
