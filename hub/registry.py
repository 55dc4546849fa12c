"""The registry of connectors: built-ins plus the `hub.connectors` entry-point group."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

GROUP = "hub.connectors"

# Built-in connectors, by stable name -> "module:Class". Filled as connectors land.
BUILTINS: dict[str, str] = {
    "harvest": "connectors.harvest.connector:HarvestConnector",
    "shopify": "connectors.shopify.connector:ShopifyConnector",
    "vtiger": "connectors.vtiger.connector:VtigerConnector",
    "xero": "connectors.xero.connector:XeroConnector",
}


class Registry:
    """Connectors by name. Build one per app (or test); nothing global to reset."""

    def __init__(self, connectors: dict[str, Any] | None = None) -> None:
        self._connectors: dict[str, Any] = dict(connectors or {})

    @classmethod
    def load(cls) -> Registry:
        found: dict[str, Any] = {}
        for name, target in BUILTINS.items():
            found[name] = _import(target)
        for ep in entry_points(group=GROUP):
            found[ep.name] = ep.load()
        return cls(found)

    def names(self) -> list[str]:
        return sorted(self._connectors)

    def get(self, name: str) -> Any:
        try:
            return self._connectors[name]
        except KeyError:
            known = ", ".join(self.names())
            raise KeyError(f"No connector named {name!r}; known: {known}") from None

    def add(self, name: str, connector: Any) -> None:
        self._connectors[name] = connector

    def describe(self, name: str) -> str:
        """The connector's title and its capability per entity, as `hub connectors` shows."""
        connector = self.get(name)
        lines = [f"{name}: {getattr(connector, 'title', name)}"]
        for entity, spec in getattr(connector, "entities", {}).items():
            lines.append(f"  {entity:<22} {spec.capability.value}")
        return "\n".join(lines)


def _import(target: str) -> Any:
    from importlib import import_module

    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)
