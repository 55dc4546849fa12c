"""Reading: vtiger's `sync` per module, from the stored modifiedTime cursors, as pages.

One entity may read several modules (contacts: Accounts, Vendors, Contacts), each with its
own cursor; the stored cursor is `{module: epoch seconds}`. The first read (no cursor) is
`sync` from 0 too: each call returns at least 100 records (more when times tie), so it
never takes more calls than `query` paging, and it sees deletions the same way later
reads do. Inventory records come back from `sync` without their lines: each is then
`retrieve`d, one call per changed invoice or purchase order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hub.sdk import ExternalRecord, Page

from . import documents, mapping, mapping_items
from . import values as v
from .client import VtigerClient, quote
from .lookups import INDIVIDUALS, Lookups

MODULES: dict[str, tuple[str, ...]] = {
    "contacts": ("Accounts", "Vendors", "Contacts"),
    "items": ("Products", "Services"),
    "invoices": ("Invoice",),
    "purchase_orders": ("PurchaseOrder",),
}
INVENTORY = ("Invoice", "PurchaseOrder")


class Reader:
    """Turns vtiger records into ExternalRecords (canonical data, vtiger ids)."""

    def __init__(self, api: VtigerClient, lookups: Lookups, settings: dict[str, Any]) -> None:
        self.api = api
        self.lookups = lookups
        self.currency = str(settings.get("default_currency") or "USD")
        self.inclusive = bool(settings.get("prices_include_tax"))
        self.fallback_service = str(settings.get("fallback_service") or "")

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        state: dict[str, int] = {m: int(t) for m, t in dict(cursor or {}).items()}
        emitted: set[str] = set()  # Accounts already sent in this read, with their people
        for module in MODULES[entity]:
            for window in self.api.sync(module, state.get(module, 0)):
                self.lookups.learn(module, [r["id"] for r in window.updated])
                before = dict(state)
                state[module] = window.cursor
                if module == "Contacts":
                    # A person changed: their organization's people changed with them.
                    owners = {
                        owner
                        for r in window.updated
                        if (owner := v.reference(r.get("account_id"))) and owner not in emitted
                    }
                    if owners:
                        accounts = self.api.query_in("Accounts", "id", owners)
                        yield Page(self.accounts(accounts, emitted), before)
                records = [ExternalRecord(i, {}, deleted=True) for i in window.deleted]
                if module == "Accounts":
                    records += self.accounts(window.updated, emitted)
                else:
                    records += [r for r in map(self.external, window.updated) if r is not None]
                yield Page(records, dict(state))

    def accounts(self, rows: list[dict[str, Any]], emitted: set[str]) -> list[ExternalRecord]:
        """Accounts with their people: one query (per 100 accounts) for all their Contacts."""
        rows = [r for r in rows if r.get("accountname") != INDIVIDUALS]
        if not rows:
            return []
        self.lookups.learn("Accounts", [r["id"] for r in rows])
        people: dict[str, list[dict[str, Any]]] = {str(r["id"]): [] for r in rows}
        for contact in self.api.query_in("Contacts", "account_id", people):
            owner = v.reference(contact.get("account_id"))
            if owner in people:
                people[owner].append(contact)
        emitted.update(people)
        return [
            self._record(r, mapping.account_to_canonical(r, people[str(r["id"])])) for r in rows
        ]

    def fetch(self, entity: str, ws_id: str) -> ExternalRecord | None:
        """One record by id: to resolve a reference the engine has not seen yet."""
        record = self.api.retrieve(ws_id)
        if record is None:
            return None
        module = _module_of_record(record)
        if module not in MODULES.get(entity, ()):
            return None
        self.lookups.learn(module, [ws_id])
        if module == "Accounts":
            found = self.accounts([record], set())
            return found[0] if found else None
        return self.external(record, retrieved=True)

    def external(self, row: dict[str, Any], *, retrieved: bool = False) -> ExternalRecord | None:
        """A `sync`/`query`/`retrieve` row as an ExternalRecord; inventory rows are retrieved
        for their lines (None: the fallback service, which is not shared)."""
        module = _module_of_record(row)
        if module in INVENTORY and not retrieved:
            full = self.api.retrieve(str(row["id"]))
            if full is None:  # deleted since: the next window reports it
                return None
            row = full
        data = self.to_canonical(module, row)
        return None if data is None else self._record(row, data)

    def to_canonical(self, module: str, row: dict[str, Any]) -> dict[str, Any] | None:
        price = {"currency": self.currency, "prices_include_tax": self.inclusive}
        if module == "Contacts":
            return mapping.contact_to_canonical(row)
        if module == "Vendors":
            return mapping.vendor_to_canonical(row)
        if module == "Accounts":
            return mapping.account_to_canonical(row, None)
        if module == "Products":
            return mapping_items.product_to_canonical(row, **price)
        if module == "Services":
            if self.fallback_service and row.get("servicename") == self.fallback_service:
                return None
            return mapping_items.service_to_canonical(row, **price)
        currency = self.lookups.currency_code(row.get("currency_id"), self.currency)
        fallback = self.lookups.fallback_item(create=False) if self._has_lines(row) else None
        if module == "Invoice":
            data = documents.invoice_to_canonical(row, currency=currency, fallback_item=fallback)
            if row.get("contact_id") and str(row.get("account_id")) == self.lookups.individuals(
                create=False
            ):
                data["contact_id"] = v.reference(row["contact_id"])  # the person, not the holder
            return data
        return documents.purchase_order_to_canonical(row, currency=currency, fallback_item=fallback)

    def _has_lines(self, row: dict[str, Any]) -> bool:
        return bool(self.fallback_service and row.get("LineItems"))

    def people(self, account_id: str) -> list[dict[str, Any]]:
        return list(
            self.api.query_all(
                f"select * from Contacts where account_id = {quote(account_id)} order by id"
            )
        )

    @staticmethod
    def _record(row: dict[str, Any], data: dict[str, Any]) -> ExternalRecord:
        label = data.get("name") or data.get("number") or data.get("reference") or ""
        return ExternalRecord(
            id=str(row["id"]),
            data=data,
            updated_at=v.timestamp(row.get("modifiedtime")),
            label=str(label),
        )


# The field that only one module's records carry: how a retrieved record tells its module
# (prefixes differ between installs).
_SIGNATURES = (
    ("accountname", "Accounts"),
    ("vendorname", "Vendors"),
    ("contact_no", "Contacts"),
    ("productname", "Products"),
    ("servicename", "Services"),
    ("invoice_no", "Invoice"),
    ("purchaseorder_no", "PurchaseOrder"),
    ("salesorder_no", "SalesOrder"),
    ("quote_no", "Quotes"),
)


def _module_of_record(row: dict[str, Any]) -> str:
    return next((module for key, module in _SIGNATURES if key in row), "")
