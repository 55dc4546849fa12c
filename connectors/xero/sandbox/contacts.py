"""`/Contacts`: list, get, create (PUT) and create-or-update (POST)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Response, request

from . import contact_rules, dates, listing, writes
from .api import Ctx, endpoint, flag
from .store import Org, Record

FIELDS = frozenset(
    "ContactID ContactNumber AccountNumber ContactStatus Name FirstName LastName CompanyNumber "
    "EmailAddress BankAccountDetails TaxNumber TaxNumberType AccountsReceivableTaxType "
    "AccountsPayableTaxType Addresses Phones IsSupplier IsCustomer DefaultCurrency "
    "UpdatedDateUTC ContactPersons ContactGroups SalesDefaultLineAmountType "
    "PurchasesDefaultLineAmountType SalesDefaultAccountCode PurchasesDefaultAccountCode "
    "PaymentTerms HasAttachments Balances".split()
)
LISTING = listing.Listing("Contact", "Contacts", FIELDS)
# Only paged, summaryOnly or single fetches carry these.
DETAIL_ONLY = ("SalesDefaultLineAmountType", "PurchasesDefaultLineAmountType", "Balances")
SUMMARY_FIELDS = (
    "ContactID ContactNumber AccountNumber ContactStatus Name FirstName LastName EmailAddress "
    "CompanyNumber TaxNumber IsSupplier IsCustomer DefaultCurrency UpdatedDateUTC HasAttachments "
    "SalesDefaultLineAmountType PurchasesDefaultLineAmountType"
).split()
SEARCHED = ("Name", "FirstName", "LastName", "ContactNumber", "EmailAddress", "CompanyNumber")
_BLANK_ADDRESS = {"City": "", "Region": "", "PostalCode": "", "Country": ""}
_BLANK_PHONE = {"PhoneNumber": "", "PhoneAreaCode": "", "PhoneCountryCode": ""}


def _balances(org: Org, record: Record) -> Record:
    today = dates.today()
    totals = {key: [Decimal(0), Decimal(0)] for key in ("ACCREC", "ACCPAY")}
    for invoice_id in record.get("_documents", []):
        invoice = org.invoices.get(invoice_id)
        if invoice is None or invoice["Status"] != "AUTHORISED":
            continue
        side = totals[invoice["Type"]]
        side[0] += invoice["AmountDue"]
        if invoice.get("DueDate") and invoice["DueDate"] < today:
            side[1] += invoice["AmountDue"]
    return {
        "AccountsReceivable": {"Outstanding": totals["ACCREC"][0], "Overdue": totals["ACCREC"][1]},
        "AccountsPayable": {"Outstanding": totals["ACCPAY"][0], "Overdue": totals["ACCPAY"][1]},
    }


def view(org: Org, record: Record, detail: bool = True) -> Record:
    """The contact as Xero returns it: always a STREET and a POBOX address, four phones."""
    out = dict(record)
    addresses = list(record.get("Addresses") or [])
    for kind in ("STREET", "POBOX"):
        if not any(a["AddressType"] == kind for a in addresses):
            addresses.append({"AddressType": kind, **_BLANK_ADDRESS})
    out["Addresses"] = addresses
    phones = list(record.get("Phones") or [])
    for kind in ("DEFAULT", "DDI", "FAX", "MOBILE"):
        if not any(p["PhoneType"] == kind for p in phones):
            phones.append({"PhoneType": kind, **_BLANK_PHONE})
    out["Phones"] = phones
    out["HasValidationErrors"] = False
    if detail:
        out["Balances"] = _balances(org, record)
    else:
        for key in DETAIL_ONLY:
            out.pop(key, None)
    return out


def create_named(org: Org, name: str) -> Record:
    """A contact made on the fly by a document that named it."""
    return contact_rules.save(org, {"Name": name}, create_only=True)


@endpoint("/Contacts", ["GET"], "contacts")
def list_contacts(ctx: Ctx) -> Response:
    org = ctx.org
    rows: Any = org.contacts.values()
    if not flag("includeArchived"):
        rows = [r for r in rows if r["ContactStatus"] == "ACTIVE"]
    wanted = {i.lower() for i in listing.csv_arg("IDs")}
    if wanted:
        rows = [r for r in rows if r["ContactID"] in wanted]
    term = request.args.get("searchTerm", "").strip().casefold()
    if term:
        rows = [r for r in rows if any(term in (r.get(k) or "").casefold() for k in SEARCHED)]
    page, pagination = listing.select(ctx.state, LISTING, rows, _get(org))
    if flag("summaryOnly"):
        items = [{k: r.get(k) for k in SUMMARY_FIELDS} for r in page]
    else:
        items = [view(org, r, detail=pagination is not None) for r in page]
    return ctx.envelope("Contacts", items, pagination)


def _get(org: Org) -> listing.Getter:
    def get(record: Record, name: str) -> Any:
        return _balances(org, record) if name == "Balances" else record.get(name)

    return get


@endpoint("/Contacts/<contact_id>", ["GET"], "contacts")
def get_contact(ctx: Ctx, contact_id: str) -> Response:
    record = contact_rules.target(ctx.org, {}, False, contact_id)
    assert record is not None
    return ctx.envelope("Contacts", [view(ctx.org, record)])


@endpoint("/Contacts", ["PUT", "POST"], "contacts")
def write_contacts(ctx: Ctx) -> Response:
    create_only = request.method == "PUT"

    def save(element: Record) -> Record:
        return view(ctx.org, contact_rules.save(ctx.org, element, create_only))

    return writes.run(
        ctx, "Contacts", writes.elements("Contacts"), save, "ContactID", "HasValidationErrors"
    )


@endpoint("/Contacts/<contact_id>", ["POST"], "contacts")
def update_contact(ctx: Ctx, contact_id: str) -> Response:
    items = writes.elements("Contacts")
    contact_rules.target(ctx.org, {}, False, contact_id)  # 404 before anything else

    def save(element: Record) -> Record:
        return view(ctx.org, contact_rules.save(ctx.org, element, False, contact_id))

    return writes.run(ctx, "Contacts", items[:1], save, "ContactID", "HasValidationErrors")
