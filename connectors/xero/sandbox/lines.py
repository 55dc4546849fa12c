"""Document line items: item defaults, accounts, tax per line, discounts, tracking, totals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import refs, values
from .errors import Invalid
from .store import Org, Record

LINE_AMOUNT_TYPES = ("Exclusive", "Inclusive", "NoTax")
ZERO = Decimal(0)


def tracking(org: Org, given: Any) -> list[Record]:
    """Up to two `{TrackingCategoryID, TrackingOptionID, Name, Option}` entries."""
    entries = [g for g in given or [] if isinstance(g, dict)]
    if len(entries) > 2:
        raise Invalid("A line item can have at most 2 tracking categories.")
    resolved = []
    for entry in entries:
        category = org.tracking.get(values.an_id(entry.get("TrackingCategoryID")) or "")
        if category is None and entry.get("Name"):
            category = next(
                (
                    c
                    for c in org.tracking.values()
                    if c["Name"].casefold() == str(entry["Name"]).casefold()
                    and c["Status"] == "ACTIVE"
                ),
                None,
            )
        if category is None:
            raise Invalid(f"Tracking category '{entry.get('Name') or ''}' could not be found.")
        wanted_id = values.an_id(entry.get("TrackingOptionID"))
        wanted_name = str(entry.get("Option") or "").casefold()
        option = next(
            (
                o
                for o in category["Options"]
                if o["Status"] == "ACTIVE"
                and (o["TrackingOptionID"] == wanted_id or o["Name"].casefold() == wanted_name)
            ),
            None,
        )
        if option is None:
            raise Invalid(
                f"Tracking option '{entry.get('Option') or ''}' could not be found in tracking "
                f"category '{category['Name']}'."
            )
        resolved.append(
            {
                "TrackingCategoryID": category["TrackingCategoryID"],
                "TrackingOptionID": option["TrackingOptionID"],
                "Name": category["Name"],
                "Option": option["Name"],
            }
        )
    return resolved


def _item_defaults(org: Org, line: Record, given: Record, purchase: bool) -> None:
    item = refs.item_by_code(org, given["ItemCode"])
    line["ItemCode"] = item["Code"]
    line["Item"] = {"ItemID": item["ItemID"], "Name": item.get("Name"), "Code": item["Code"]}
    details = item["PurchaseDetails"] if purchase else item["SalesDetails"]
    description = item.get("PurchaseDescription" if purchase else "Description")
    given.setdefault("Description", description)
    if given.get("UnitAmount") is None and details.get("UnitPrice") is not None:
        given["UnitAmount"] = details["UnitPrice"]
    account = details.get("AccountCode")
    if purchase and item.get("IsTrackedAsInventory"):
        account = item["InventoryAssetAccountCode"]
    if not given.get("AccountCode") and not given.get("AccountID") and account:
        given["AccountCode"] = account
    if not given.get("TaxType") and details.get("TaxType"):
        given["TaxType"] = details["TaxType"]


def build_line(
    org: Org, given: Record, amounts: str, purchase: bool, discounts: bool, keep_ids: set[str]
) -> Record:
    """One line, fully computed; raises Invalid with every problem found."""
    given = dict(given)
    line: Record = {}
    wanted_id = values.an_id(given.get("LineItemID"))
    line["LineItemID"] = wanted_id if wanted_id in keep_ids else org.new_id()
    if given.get("ItemCode"):
        _item_defaults(org, line, given, purchase)
    line["Description"] = values.text(given.get("Description"), "Description", 4000)
    quantity = values.decimal(given.get("Quantity"), "Quantity")
    unit_amount = values.decimal(given.get("UnitAmount"), "UnitAmount")
    given_amount = values.decimal(given.get("LineAmount"), "LineAmount")
    if quantity is None:
        quantity = Decimal(1) if (unit_amount is not None or given_amount is not None) else ZERO
    if quantity < 0:
        raise Invalid(f"The quantity value '{values.quantity_text(quantity)}' is invalid.")
    if unit_amount is None and given_amount is not None and quantity:
        unit_amount = given_amount / quantity
    unit_amount = values.unit(unit_amount) if unit_amount is not None else None
    gross = values.money(quantity * unit_amount) if unit_amount is not None else ZERO
    discount = ZERO
    rate = values.decimal(given.get("DiscountRate"), "DiscountRate")
    flat = values.decimal(given.get("DiscountAmount"), "DiscountAmount")
    if (rate or flat) and not discounts:
        raise Invalid("Discounts can only be applied to sales invoices.")
    if rate:
        discount = values.money(gross * rate / 100)
        line["DiscountRate"] = rate
    elif flat:
        discount = values.money(flat)
        line["DiscountAmount"] = discount
    line_amount = gross - discount
    if abs(line_amount) > values.MAX_LINE_AMOUNT:
        raise Invalid("The line amount must be no more than 9,999,999,999.99.")
    account = None
    if given.get("AccountCode") or given.get("AccountID"):
        account = refs.account(org, given.get("AccountCode"), given.get("AccountID"))
        line["AccountCode"], line["AccountID"] = account["Code"], account["AccountID"]
    tax_type = given.get("TaxType") or (account or {}).get("TaxType")
    tax_amount = ZERO
    if tax_type:
        tax = refs.tax_rate(org, tax_type)
        if account is not None:
            refs.check_tax_for_account(tax, account)
        line["TaxType"] = tax["TaxType"]
        fraction = refs.rate_fraction(tax)
        if amounts == "Exclusive":
            tax_amount = values.money(line_amount * fraction)
        elif amounts == "Inclusive":
            tax_amount = values.money(line_amount * fraction / (1 + fraction))
        override = values.decimal(given.get("TaxAmount"), "TaxAmount")
        if override is not None and amounts != "NoTax":
            tax_amount = values.money(override)
    line.update(
        Quantity=values.unit(quantity),
        UnitAmount=unit_amount,
        LineAmount=line_amount,
        TaxAmount=tax_amount,
        Tracking=tracking(org, given.get("Tracking")),
        _discount=discount,
    )
    return line


def build_lines(
    org: Org,
    given: Any,
    existing: list[Record],
    amounts: str,
    purchase: bool,
    discounts: bool,
    errors: list[str],
) -> list[Record]:
    """All lines; lines omitted from an update are gone, lines without an id are new."""
    if not isinstance(given, list):
        errors.append("LineItems must be a list.")
        return existing
    keep_ids = {line["LineItemID"] for line in existing}
    built = []
    for entry in given:
        if not isinstance(entry, dict):
            continue
        try:
            built.append(build_line(org, entry, amounts, purchase, discounts, keep_ids))
        except Invalid as error:
            errors.extend(error.messages)
    return built


def totals(lines: list[Record], amounts: str) -> Record:
    line_sum = sum((line["LineAmount"] for line in lines), ZERO)
    tax = sum((line["TaxAmount"] for line in lines), ZERO)
    if amounts == "NoTax":
        tax = ZERO
    sub_total = line_sum - tax if amounts == "Inclusive" else line_sum
    return {
        "SubTotal": sub_total,
        "TotalTax": tax,
        "Total": sub_total + tax,
        "TotalDiscount": sum((line.get("_discount", ZERO) for line in lines), ZERO),
    }


def render(lines: list[Record], places: Decimal) -> list[Record]:
    out = []
    for line in lines:
        shown = dict(line)
        if shown.get("UnitAmount") is not None:
            shown["UnitAmount"] = values.unit(shown["UnitAmount"], places)
        shown["ValidationErrors"] = []
        out.append(shown)
    return out
