"""What the connector learns about one vtiger install, once per run: id prefixes, currencies,
and the service that stands in for invoice lines without an item."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from hub.sdk import ReauthorizationRequired, SkipRecord, StopRun

from .client import VtigerClient, quote

# vtiger invoices must name an Account; a shop's customer is a person with none, so their
# invoices go under this one Account (with the person as the invoice's Contact). It is not
# shared: an Account per person would come back to the hub as a duplicate organization.
INDIVIDUALS = "Individual customers (from the hub)"

log = logging.getLogger("connectors.vtiger")


class Lookups:
    """Lazily filled, cached for the connector instance (one run)."""

    def __init__(self, api: VtigerClient, fallback_service: str) -> None:
        self.api = api
        self.fallback_service = fallback_service
        self._modules: dict[str, str] = {}  # id prefix -> module
        self._currencies: dict[str, str] | None = None  # currency ws id -> ISO code
        self._fallback: str | None = None
        self._fallback_known = False
        self._individuals: str | None = None

    # -- id prefixes ---------------------------------------------------------------------
    #
    # Prefixes differ between installs and must never be hard-coded: they are learned from
    # the ids the module's own reads and writes return, and asked of `describe` otherwise.

    def learn(self, module: str, ids: Iterable[str]) -> None:
        for ws_id in ids:
            prefix = str(ws_id).partition("x")[0]
            if prefix:
                self._modules.setdefault(prefix, module)

    def module_of(self, ws_id: str, candidates: Iterable[str]) -> str | None:
        """The module a ws id belongs to, among `candidates`; None when it is none of them."""
        prefix = str(ws_id).partition("x")[0]
        candidates = list(candidates)
        if prefix in self._modules:
            return self._modules[prefix] if self._modules[prefix] in candidates else None
        for module in candidates:
            if module in self._modules.values():
                continue
            found = str(self.api.describe(module).get("idPrefix") or "")
            if found:
                self._modules[found] = module
            if found == prefix:
                return module
        return None

    # -- currencies ----------------------------------------------------------------------

    def currencies(self) -> dict[str, str]:
        if self._currencies is None:
            try:
                rows = self.api.query("select * from Currency;")
            except (ReauthorizationRequired, SkipRecord, StopRun) as exc:
                # A user who may not read the currency list can still share the rest.
                log.warning("vtiger currencies unreadable: %s", exc.log_message)
                rows = []
            self._currencies = {
                str(row["id"]): str(row.get("currency_code") or "").upper() for row in rows
            }
        return self._currencies

    def currency_code(self, currency_id: Any, default: str) -> str:
        if not currency_id:
            return default
        return self.currencies().get(str(currency_id)) or default

    def currency_id(self, code: str, default: str) -> str | None:
        """The Currency record of an ISO code; None (vtiger's base currency) for the
        connection's default currency when vtiger does not list it."""
        for ws_id, known in self.currencies().items():
            if known == code.upper():
                return ws_id
        if code.upper() == default.upper():
            return None
        raise SkipRecord(
            f"vtiger has no {code} currency: add it under Settings > Currencies in vtiger "
            "and the record is sent again when it next changes.",
            f"currency {code} not in vtiger's Currency list",
        )

    # -- the stand-in service for lines without an item ----------------------------------

    def fallback_item(self, *, create: bool) -> str | None:
        """The Service named by the `fallback_service` setting; made on first need."""
        if not self._fallback_known:
            rows = self.api.query(
                f"select id from Services where servicename = {quote(self.fallback_service)};"
            )
            self._fallback = str(rows[0]["id"]) if rows else None
            self._fallback_known = True
        if self._fallback is None and create:
            element = {
                "servicename": self.fallback_service,
                "discontinued": "1",
                "unit_price": "0",
                "description": "Lines sent by the hub without an item.",
            }
            created = self.api.call("create", elementType="Services", element=json.dumps(element))
            self._fallback = str(created["id"])
            self.learn("Services", [self._fallback])
        return self._fallback

    def individuals(self, *, create: bool) -> str | None:
        """The Account that holds invoices of people without an organization."""
        if self._individuals is None:
            rows = self.api.query(
                f"select id from Accounts where accountname = {quote(INDIVIDUALS)};"
            )
            self._individuals = str(rows[0]["id"]) if rows else ""
        if not self._individuals and create:
            element = {"accountname": INDIVIDUALS, "description": "Invoices of individuals."}
            created = self.api.call("create", elementType="Accounts", element=json.dumps(element))
            self._individuals = str(created["id"])
            self.learn("Accounts", [self._individuals])
        return self._individuals or None
