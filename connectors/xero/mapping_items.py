"""Items: Xero price-list items <-> canonical items (one TaxType per side, codes for accounts)."""

from __future__ import annotations

from typing import Any

from . import values
from .lookups import Lookups
from .mapping_lines import blank


def _side(details: dict[str, Any], lk: Lookups, inclusive: bool, purchase: bool) -> dict[str, Any]:
    side: dict[str, Any] = {
        "unit_price": values.unit_price(details.get("UnitPrice")),
        "tax_inclusive": inclusive,
        "tax_code_id": blank(details.get("TaxType")),
        "account_id": lk.account_id(details.get("AccountCode")),
    }
    if purchase:
        side["cogs_account_id"] = lk.account_id(details.get("COGSAccountCode"))
    return side


def item_in(item: dict[str, Any], lk: Lookups, prices_include_tax: bool) -> dict[str, Any]:
    sold, bought = item.get("IsSold", True), item.get("IsPurchased", True)
    sales, purchases = item.get("SalesDetails") or {}, item.get("PurchaseDetails") or {}
    tracked = bool(item.get("IsTrackedAsInventory"))
    return {
        "code": item["Code"],
        "name": blank(item.get("Name")),
        "description": blank(item.get("Description")),
        "purchase_description": blank(item.get("PurchaseDescription")),
        "is_sold": bool(sold),
        "is_purchased": bool(bought),
        "sale": _side(sales, lk, prices_include_tax, False) if sold and sales else None,
        "purchase": (
            _side(purchases, lk, prices_include_tax, True) if bought and purchases else None
        ),
        "is_tracked_as_inventory": tracked,
        "inventory_asset_account_id": lk.account_id(item.get("InventoryAssetAccountCode")),
        "quantity_on_hand": values.number(item.get("QuantityOnHand")) if tracked else None,
    }


def _details(side: dict[str, Any] | None, lk: Lookups, purchase: bool) -> dict[str, Any]:
    if not side:
        return {}
    details: dict[str, Any] = {}
    if side.get("unit_price") is not None:
        details["UnitPrice"] = values.dec(side["unit_price"])
    code = lk.account_code(side.get("account_id"))
    if code:
        details["AccountCode"] = code
    if purchase:
        cogs = lk.account_code(side.get("cogs_account_id"))
        if cogs:
            details["COGSAccountCode"] = cogs
    if side.get("tax_code_id"):
        details["TaxType"] = side["tax_code_id"]
    return details


def item_out(data: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    body: dict[str, Any] = {"Code": data["code"]}
    for key, field in (
        ("name", "Name"),
        ("description", "Description"),
        ("purchase_description", "PurchaseDescription"),
    ):
        if key in data:
            body[field] = data[key] or ""
    for key, field in (("is_sold", "IsSold"), ("is_purchased", "IsPurchased")):
        if data.get(key) is not None:
            body[field] = bool(data[key])
    if "sale" in data:
        body["SalesDetails"] = _details(data["sale"], lk, False)
    if "purchase" in data:
        body["PurchaseDetails"] = _details(data["purchase"], lk, True)
    if "inventory_asset_account_id" in data:
        body["InventoryAssetAccountCode"] = lk.account_code(data["inventory_asset_account_id"])
    return body
