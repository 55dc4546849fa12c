"""Document lines and the fields invoices, credit notes and purchase orders share.

References on lines are the app's ids: ItemID (Xero lines carry the ItemCode and an echo
of the item; the code is translated through the item list), AccountID, TaxType, and
TrackingCategoryID with the option's name.
"""

from __future__ import annotations

from typing import Any

from . import values
from .lookups import Lookups

LINE_AMOUNT_TYPES = {"Exclusive": "EXCLUSIVE", "Inclusive": "INCLUSIVE", "NoTax": "NONE"}
LINE_AMOUNT_TYPES_OUT = {v: k for k, v in LINE_AMOUNT_TYPES.items()}


def blank(value: Any) -> Any:
    return value if value not in ("", None) else None


def tracking_in(given: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [
        {"category_id": entry["TrackingCategoryID"], "option": entry.get("Option") or ""}
        for entry in given or []
        if entry.get("TrackingCategoryID")
    ]


def tracking_out(given: list[dict[str, Any]] | None, lk: Lookups) -> list[dict[str, Any]]:
    return [lk.tracking_entry(entry["category_id"], entry["option"]) for entry in given or []]


def line_in(line: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    item = line.get("Item") or {}
    item_id = item.get("ItemID") or (lk.item_id(line["ItemCode"]) if line.get("ItemCode") else None)
    account_id = line.get("AccountID") or (
        lk.account_id(line["AccountCode"]) if line.get("AccountCode") else None
    )
    rate, flat = line.get("DiscountRate"), line.get("DiscountAmount")
    return {
        "item_id": item_id,
        "description": blank(line.get("Description")),
        "quantity": values.number(line.get("Quantity")),
        "unit_price": values.unit_price(line.get("UnitAmount")),
        "discount_rate": values.number(rate) if rate else None,
        "discount_amount": values.money(flat) if flat and not rate else None,
        "account_id": account_id,
        "tax_code_id": blank(line.get("TaxType")),
        "tax_amount": values.money(line.get("TaxAmount") or 0),
        "line_amount": values.money(line.get("LineAmount") or 0),
        "tracking": tracking_in(line.get("Tracking")),
    }


def line_out(line: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    """One LineItem; Xero computes tax and the line amount from quantity and price."""
    body: dict[str, Any] = {"Description": line.get("description") or ""}
    if line.get("quantity") is not None:
        body["Quantity"] = values.dec(line["quantity"])
    if line.get("unit_price") is not None:
        body["UnitAmount"] = values.dec(line["unit_price"])
    elif line.get("line_amount") is not None:
        body["LineAmount"] = values.dec(line["line_amount"])
    if line.get("item_id"):
        code = lk.item_code(line["item_id"])
        if code:
            body["ItemCode"] = code
    if line.get("account_id"):
        body["AccountID"] = line["account_id"]
    if line.get("tax_code_id"):
        body["TaxType"] = line["tax_code_id"]
    if line.get("discount_rate") is not None:
        body["DiscountRate"] = values.dec(line["discount_rate"])
    elif line.get("discount_amount") is not None:
        body["DiscountAmount"] = values.dec(line["discount_amount"])
    if line.get("tracking"):
        body["Tracking"] = tracking_out(line["tracking"], lk)
    return body


def common_in(doc: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    """What every document carries: contact, dates, currency, lines and totals."""
    discount = doc.get("TotalDiscount")
    return {
        "reference": blank(doc.get("Reference")),
        "contact_id": (doc.get("Contact") or {}).get("ContactID"),
        "issue_date": values.parse_day(doc.get("Date")),
        "currency": blank(doc.get("CurrencyCode")),
        "currency_rate": values.number(doc.get("CurrencyRate")),
        "line_amount_type": LINE_AMOUNT_TYPES.get(str(doc.get("LineAmountTypes")), "EXCLUSIVE"),
        "lines": [line_in(line, lk) for line in doc.get("LineItems") or []],
        "subtotal": values.money(doc.get("SubTotal") or 0),
        "total_discount": values.money(discount) if discount else None,
        "total_tax": values.money(doc.get("TotalTax") or 0),
        "total": values.money(doc.get("Total") or 0),
    }


def common_out(
    data: dict[str, Any], lk: Lookups, current_lines: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Fields every document write sends; lines keep Xero's ids by position on updates."""
    body: dict[str, Any] = {}
    if data.get("contact_id"):
        body["Contact"] = {"ContactID": data["contact_id"]}  # only the id: see the README
    if "issue_date" in data and data["issue_date"]:
        body["Date"] = data["issue_date"]
    if "reference" in data:
        body["Reference"] = data["reference"] or ""
    if data.get("currency"):
        body["CurrencyCode"] = data["currency"]
    rate = values.dec(data.get("currency_rate"))
    if rate is not None and rate != 1:
        body["CurrencyRate"] = rate
    if data.get("line_amount_type"):
        body["LineAmountTypes"] = LINE_AMOUNT_TYPES_OUT[data["line_amount_type"]]
    if "lines" in data:
        lines = [line_out(line, lk) for line in data["lines"] or []]
        for line, current in zip(lines, current_lines or [], strict=False):
            if current.get("LineItemID"):
                line["LineItemID"] = current["LineItemID"]
        body["LineItems"] = lines
    return body
