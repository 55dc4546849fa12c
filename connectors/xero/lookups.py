"""Look-ups one sync needs to translate references: the chart, items, tax rates, tracking.

Xero refers to accounts by Code in some places and by AccountID in others, and to items by
ItemCode on lines; the hub keeps one external id per record (AccountID, ItemID), so codes
are translated here. Each list is read once per connector instance, when first needed.
"""

from __future__ import annotations

from typing import Any

from .client import XeroClient


class Lookups:
    """Lazily loaded, per-run caches of Xero's reference data."""

    def __init__(self, client: XeroClient) -> None:
        self.client = client
        self._accounts: dict[str, dict[str, Any]] | None = None
        self._items: dict[str, dict[str, Any]] | None = None
        self._tax_rates: dict[str, dict[str, Any]] | None = None
        self._tracking: dict[str, dict[str, Any]] | None = None

    # -- accounts ------------------------------------------------------------------------

    def accounts(self) -> dict[str, dict[str, Any]]:
        if self._accounts is None:
            body = self.client.get("/Accounts")
            self._accounts = {a["AccountID"]: a for a in body["Accounts"]}
        return self._accounts

    def account_id(self, code: Any) -> str | None:
        """The AccountID of an account code; None for a blank or unknown code."""
        if not code:
            return None
        wanted = str(code).casefold()
        for account in self.accounts().values():
            if str(account.get("Code") or "").casefold() == wanted:
                return str(account["AccountID"])
        return None

    def account_code(self, account_id: Any) -> str | None:
        if not account_id:
            return None
        account = self.accounts().get(str(account_id))
        return str(account["Code"]) if account and account.get("Code") else None

    def account(self, account_id: Any) -> dict[str, Any] | None:
        return self.accounts().get(str(account_id)) if account_id else None

    # -- items ---------------------------------------------------------------------------

    def items(self) -> dict[str, dict[str, Any]]:
        if self._items is None:
            body = self.client.get("/Items")
            self._items = {i["ItemID"]: i for i in body["Items"]}
        return self._items

    def item_id(self, code: Any) -> str | None:
        if not code:
            return None
        wanted = str(code).casefold()
        for item in self.items().values():
            if str(item.get("Code") or "").casefold() == wanted:
                return str(item["ItemID"])
        return None

    def item_code(self, item_id: Any) -> str | None:
        if not item_id:
            return None
        item = self.items().get(str(item_id))
        return str(item["Code"]) if item else None

    def forget_items(self) -> None:
        """Codes change when items are written: read them again when next needed."""
        self._items = None

    # -- tax rates -----------------------------------------------------------------------

    def tax_rates(self) -> dict[str, dict[str, Any]]:
        if self._tax_rates is None:
            body = self.client.get("/TaxRates")
            self._tax_rates = {t["TaxType"]: t for t in body["TaxRates"]}
        return self._tax_rates

    # -- tracking ------------------------------------------------------------------------

    def tracking(self) -> dict[str, dict[str, Any]]:
        if self._tracking is None:
            body = self.client.get("/TrackingCategories", {"includeArchived": "true"})
            self._tracking = {c["TrackingCategoryID"]: c for c in body["TrackingCategories"]}
        return self._tracking

    def tracking_entry(self, category_id: Any, option: Any) -> dict[str, Any]:
        """A line's tracking as Xero takes it: category and option by id and by name."""
        entry: dict[str, Any] = {"TrackingCategoryID": category_id, "Option": option}
        category = self.tracking().get(str(category_id))
        if category is not None:
            entry["Name"] = category["Name"]
            wanted = str(option or "").casefold()
            for choice in category.get("Options") or []:
                if str(choice.get("Name") or "").casefold() == wanted:
                    entry["TrackingOptionID"] = choice["TrackingOptionID"]
                    break
        return entry
