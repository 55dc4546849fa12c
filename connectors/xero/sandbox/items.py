"""`/Items`: price-list items, one tax type per side, read-only stock figures."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from flask import Response, request

from . import dates, listing, refs, values, writes
from .api import Ctx, endpoint
from .errors import Invalid, NotFound, validation_failed
from .store import Org, Record

FIELDS = frozenset(
    "ItemID Code Name IsSold IsPurchased Description PurchaseDescription PurchaseDetails "
    "SalesDetails InventoryAssetAccountCode IsTrackedAsInventory TotalCostPool QuantityOnHand "
    "UpdatedDateUTC".split()
)
LISTING = listing.Listing("Item", "Items", FIELDS, (("Code", False),), paged=False)
TEXTS = {"Code": 30, "Name": 50, "Description": 4000, "PurchaseDescription": 4000}


def _details(org: Org, given: Any, side: str, errors: list[str]) -> Record:
    if not isinstance(given, dict):
        return {}
    details: Record = {}
    try:
        if given.get("UnitPrice") is not None:
            details["UnitPrice"] = values.unit(values.decimal(given["UnitPrice"], "UnitPrice"))
        tax = given.get("TaxType")
        if isinstance(tax, list):
            raise Invalid(f"Only one TaxType can be set on {side}.")
        for key in ("AccountCode", "COGSAccountCode"):
            if given.get(key):
                refs.account(org, given[key])
                details[key] = str(given[key])
        if tax:
            rate = refs.tax_rate(org, tax)
            if details.get("AccountCode"):
                refs.check_tax_for_account(rate, refs.account(org, details["AccountCode"]))
            details["TaxType"] = str(tax)
    except Invalid as error:
        errors.extend(error.messages)
    return details


def find(org: Org, item_id: str) -> Record:
    record = org.items.get(values.an_id(item_id) or "")
    if record is None:
        found = org.lookup("item_code", item_id)
        record = org.items.get(found or "")
    if record is None:
        raise NotFound()
    return record


def _target(org: Org, element: Record, create_only: bool, path_id: str | None) -> Record | None:
    if path_id is not None:
        return find(org, path_id)
    given = values.an_id(element.get("ItemID"))
    if given:
        if given not in org.items:
            raise Invalid(f"Item with ItemID {element['ItemID']} could not be found.")
        if create_only:
            raise Invalid("An Item with the ItemID already exists; use POST to update it.")
        return org.items[given]
    if not create_only:
        found = org.lookup("item_code", element.get("Code"))
        return org.items.get(found or "")
    return None


def save(org: Org, element: Record, create_only: bool, path_id: str | None = None) -> Record:
    before = _target(org, element, create_only, path_id)
    record = (
        copy.deepcopy(before)
        if before
        else {
            "ItemID": None,  # given when stored, so a failed element echoes the zero uuid
            "IsSold": True,
            "IsPurchased": True,
            "SalesDetails": {},
            "PurchaseDetails": {},
        }
    )
    errors: list[str] = []
    for key, limit in TEXTS.items():
        if key in element:
            try:
                record[key] = values.text(element[key], key, limit)
            except Invalid as error:
                errors.extend(error.messages)
    for key in ("IsSold", "IsPurchased"):
        if key in element:
            record[key] = bool(values.boolean(element[key], key))
    for key, side in (("SalesDetails", "SalesDetails"), ("PurchaseDetails", "PurchaseDetails")):
        if key in element:
            record[key] = _details(org, element[key], side, errors)
    if "InventoryAssetAccountCode" in element:
        code = element["InventoryAssetAccountCode"]
        record["InventoryAssetAccountCode"] = str(code) if code else None
    # Switching a side off clears that side, as Xero does.
    if not record["IsSold"]:
        record["SalesDetails"], record["Description"] = {}, None
    if not record["IsPurchased"]:
        record["PurchaseDetails"], record["PurchaseDescription"] = {}, None
    _check(org, record, errors)
    if errors:
        raise Invalid(*errors, echo=view(record))
    tracked = bool(
        record.get("InventoryAssetAccountCode") and record["PurchaseDetails"].get("COGSAccountCode")
    )
    record["IsTrackedAsInventory"] = tracked
    record["ItemID"] = record["ItemID"] or org.new_id()
    if tracked:
        record.setdefault("QuantityOnHand", Decimal(0))
        record.setdefault("TotalCostPool", Decimal(0))
    record["UpdatedDateUTC"] = dates.now()
    if before is not None:
        org.forget("item_code", before.get("Code"), record["ItemID"])
    org.remember("item_code", record["Code"], record["ItemID"])
    org.put(org.items, record["ItemID"], record)
    return record


def _check(org: Org, record: Record, errors: list[str]) -> None:
    code = record.get("Code")
    if not code:
        errors.append("Item Code must be specified.")
    elif org.lookup("item_code", code) not in (None, record["ItemID"]):
        errors.append(f"Price List Item with Code ''{code}'' already exists")
    inventory = record.get("InventoryAssetAccountCode")
    if inventory:
        account = org.account_by_code(inventory)
        if account is None or account["Type"] != "INVENTORY":
            errors.append(f"Account code '{inventory}' is not an inventory asset account.")
        if record["PurchaseDetails"].get("AccountCode"):
            errors.append(
                "AccountCode cannot be used in PurchaseDetails of a tracked inventory item; "
                "use COGSAccountCode."
            )


def view(record: Record) -> Record:
    """Unit prices to 2 places unless the caller asked for `unitdp=4`."""
    out = dict(record)
    places = values.UNIT4 if request.args.get("unitdp") == "4" else values.CENT
    for key in ("SalesDetails", "PurchaseDetails"):
        details = dict(record.get(key) or {})
        if details.get("UnitPrice") is not None:
            details["UnitPrice"] = values.unit(details["UnitPrice"], places)
        out[key] = details
    return out


@endpoint("/Items", ["GET"], "items")
def list_items(ctx: Ctx) -> Response:
    page, _ = listing.select(ctx.state, LISTING, ctx.org.items.values())
    return ctx.envelope("Items", [view(r) for r in page])


@endpoint("/Items/<item_id>", ["GET"], "items")
def get_item(ctx: Ctx, item_id: str) -> Response:
    return ctx.envelope("Items", [view(find(ctx.org, item_id))])


@endpoint("/Items", ["PUT", "POST"], "items")
def write_items(ctx: Ctx) -> Response:
    create_only = request.method == "PUT"
    items = writes.elements("Items")
    return writes.run(ctx, "Items", items, lambda e: view(save(ctx.org, e, create_only)), "ItemID")


@endpoint("/Items/<item_id>", ["POST"], "items")
def update_item(ctx: Ctx, item_id: str) -> Response:
    find(ctx.org, item_id)
    items = writes.elements("Items")[:1]
    return writes.run(
        ctx, "Items", items, lambda e: view(save(ctx.org, e, False, item_id)), "ItemID"
    )


@endpoint("/Items/<item_id>", ["DELETE"], "items")
def delete_item(ctx: Ctx, item_id: str) -> Response:
    record = find(ctx.org, item_id)
    if record.get("IsTrackedAsInventory") and record.get("_used"):
        message = "This item cannot be deleted as it has been used in transactions."
        raise validation_failed([{**view(record), "ValidationErrors": [{"Message": message}]}])
    del ctx.org.items[record["ItemID"]]
    ctx.org.forget("item_code", record["Code"], record["ItemID"])
    return Response(status=204)
