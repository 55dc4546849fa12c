"""`/TaxRates`: the country's system rates plus user rates TAX001, TAX002, ..."""

from __future__ import annotations

import copy
from decimal import Decimal

from flask import Response, request

from . import listing, values, writes
from .api import Ctx, endpoint
from .errors import Invalid, NotFound, validation_failed
from .store import Org, Record

FIELDS = frozenset(
    "Name TaxType TaxComponents Status ReportTaxType CanApplyToAssets CanApplyToEquity "
    "CanApplyToExpenses CanApplyToLiabilities CanApplyToRevenue DisplayTaxRate "
    "EffectiveRate".split()
)
# No paging and no If-Modified-Since on TaxRates.
LISTING = listing.Listing(
    "TaxRate", "TaxRates", FIELDS, (("Name", False),), paged=False, modified_field=None
)
SALES_REPORTS = {"OUTPUT", "EXEMPTOUTPUT", "ZERORATEDOUTPUT", "USSALESTAX", "ECOUTPUT"}
PURCHASE_REPORTS = {"INPUT", "EXEMPTEXPENSES", "EXEMPTINPUT", "ZERORATEDINPUT", "GSTONIMPORTS"}
FOUR = Decimal("0.0001")


def _components(given: object) -> list[Record]:
    if not isinstance(given, list) or not given:
        raise Invalid("At least one tax component is required.")
    components = []
    for part in given:
        if not isinstance(part, dict) or not part.get("Name"):
            raise Invalid("Tax components must have a Name.")
        rate = values.decimal(part.get("Rate"), "Rate")
        if rate is None or rate < 0:
            raise Invalid("Tax component rates must be zero or more.")
        components.append(
            {
                "Name": values.text(part["Name"], "Name", 50),
                "Rate": values.unit(rate),
                "IsCompound": bool(values.boolean(part.get("IsCompound"), "IsCompound")),
                "IsNonRecoverable": bool(
                    values.boolean(part.get("IsNonRecoverable"), "IsNonRecoverable")
                ),
            }
        )
    return components


def _derive(record: Record) -> None:
    """Display rate = sum of rates; compound parts also tax the simple ones."""
    simple = sum((c["Rate"] for c in record["TaxComponents"] if not c["IsCompound"]), Decimal(0))
    compound = sum((c["Rate"] for c in record["TaxComponents"] if c["IsCompound"]), Decimal(0))
    record["DisplayTaxRate"] = (simple + compound).quantize(FOUR)
    record["EffectiveRate"] = (simple + compound * (1 + simple / 100)).quantize(FOUR)
    report = record.get("ReportTaxType")
    record["CanApplyToRevenue"] = report not in PURCHASE_REPORTS
    record["CanApplyToExpenses"] = report not in SALES_REPORTS
    for side in ("Assets", "Equity", "Liabilities"):
        record[f"CanApplyTo{side}"] = True


def _next_type(org: Org) -> str:
    number = 1
    while f"TAX{number:03d}" in org.tax_rates:
        number += 1
    return f"TAX{number:03d}"


def save(org: Org, element: Record, create_only: bool) -> Record:
    existing = None
    if not create_only:
        existing = org.tax_rates.get(str(element.get("TaxType") or ""))
        if existing is None and element.get("Name"):
            existing = next(
                (r for r in org.tax_rates.values() if r["Name"] == element["Name"]), None
            )
    record = (
        copy.deepcopy(existing) if existing else {"Status": "ACTIVE", "ReportTaxType": "OUTPUT"}
    )
    errors: list[str] = []
    if existing is not None and existing.get("_system"):
        errors.append("System tax rates cannot be updated.")
    try:
        if "Name" in element:
            record["Name"] = values.text(element["Name"], "Name", 50)
        if "TaxComponents" in element or existing is None:
            record["TaxComponents"] = _components(element.get("TaxComponents"))
        if "Status" in element:
            allowed = ("ACTIVE", "DELETED", "ARCHIVED")
            record["Status"] = values.one_of(element["Status"], allowed, "Status")
        if "ReportTaxType" in element:
            record["ReportTaxType"] = values.text(element["ReportTaxType"], "ReportTaxType")
    except Invalid as error:
        errors.extend(error.messages)
    if not record.get("Name"):
        errors.append("Please enter a Name.")
    elif any(
        r["Name"].casefold() == record["Name"].casefold() and r is not existing
        for r in org.tax_rates.values()
        if r["Status"] == "ACTIVE"
    ):
        errors.append("Please enter a unique Name.")
    if errors:
        raise validation_failed([{**record, "ValidationErrors": [{"Message": m} for m in errors]}])
    record.setdefault("TaxType", _next_type(org))
    _derive(record)
    org.tax_rates[record["TaxType"]] = record
    return record


@endpoint("/TaxRates", ["GET"], "settings")
def list_tax_rates(ctx: Ctx) -> Response:
    page, _ = listing.select(ctx.state, LISTING, ctx.org.tax_rates.values())
    return ctx.envelope("TaxRates", page)


@endpoint("/TaxRates/<tax_type>", ["GET"], "settings")
def get_tax_rate(ctx: Ctx, tax_type: str) -> Response:
    record = ctx.org.tax_rates.get(tax_type.upper())
    if record is None:
        raise NotFound()
    return ctx.envelope("TaxRates", [record])


@endpoint("/TaxRates", ["PUT", "POST"], "settings")
def write_tax_rates(ctx: Ctx) -> Response:
    # One tax rate per request (3p); further elements are ignored.
    element = writes.elements("TaxRates")[0]
    return ctx.envelope("TaxRates", [save(ctx.org, element, request.method == "PUT")])
