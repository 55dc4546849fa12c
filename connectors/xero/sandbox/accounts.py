"""`/Accounts`: the chart of accounts, one account per PUT, archive by POST, DELETE."""

from __future__ import annotations

import copy

from flask import Response

from . import chart, dates, listing, refs, values, writes
from .api import Ctx, endpoint
from .errors import Invalid, NotFound, validation_failed
from .store import Org, Record

FIELDS = frozenset(
    "AccountID Code Name Type BankAccountNumber Status Description BankAccountType CurrencyCode "
    "TaxType EnablePaymentsToAccount ShowInExpenseClaims Class SystemAccount ReportingCode "
    "ReportingCodeName HasAttachments UpdatedDateUTC AddToWatchlist".split()
)
LISTING = listing.Listing("Account", "Accounts", FIELDS, (("Code", False),), paged=False)
TYPES = tuple(chart.ACCOUNT_CLASS)


def _find(org: Org, account_id: str) -> Record:
    record = org.accounts.get(values.an_id(account_id) or "")
    if record is None or record["Status"] == "DELETED":
        raise NotFound()
    return record


def _apply(org: Org, record: Record, element: Record) -> list[str]:
    errors: list[str] = []
    setters = {
        "Code": lambda v: values.text(v, "Code"),
        "Name": lambda v: values.text(v, "Name", 150),
        "Type": lambda v: values.one_of(v, TYPES, "Type"),
        "Status": lambda v: values.one_of(v, ("ACTIVE", "ARCHIVED"), "Status"),
        "Description": lambda v: values.text(v, "Description", 4000),
        "BankAccountNumber": lambda v: values.text(v, "BankAccountNumber"),
        "BankAccountType": lambda v: values.one_of(
            v, ("BANK", "CREDITCARD", "PAYPAL", "NONE"), "BankAccountType"
        ),
        "CurrencyCode": lambda v: values.text(v, "CurrencyCode", 3),
        "TaxType": lambda v: values.text(v, "TaxType"),
        "EnablePaymentsToAccount": lambda v: values.boolean(v, "EnablePaymentsToAccount"),
        "ShowInExpenseClaims": lambda v: values.boolean(v, "ShowInExpenseClaims"),
        "AddToWatchlist": lambda v: values.boolean(v, "AddToWatchlist"),
        "ReportingCode": lambda v: values.text(v, "ReportingCode"),
    }
    for key, setter in setters.items():
        if key in element:
            try:
                record[key] = setter(element[key])
            except Invalid as error:
                errors.extend(error.messages)
    return errors


def _check(org: Org, before: Record | None, record: Record, errors: list[str]) -> None:
    code, name, kind = record.get("Code"), record.get("Name"), record.get("Type")
    if kind is None:
        errors.append("Please select an Account Type.")
    if not code and kind != "BANK":
        errors.append("Please enter a Code.")
    elif code and len(code) > 10:
        errors.append("Account Code is too long. Maximum of 10 characters allowed")
    elif code and org.lookup("account_code", code) not in (None, record["AccountID"]):
        errors.append("Please enter a unique Code.")
    if not name:
        errors.append("Please enter a Name.")
    elif org.lookup("account_name", name) not in (None, record["AccountID"]):
        errors.append("Please enter a unique Name.")
    if kind == "BANK":
        if not record.get("BankAccountNumber"):
            errors.append("Please enter a Bank Account Number.")
        if record.get("Description"):
            errors.append("Description cannot be set on a bank account.")
    if before is not None and before.get("SystemAccount"):
        if record["Status"] != "ACTIVE" or record["Type"] != before["Type"]:
            errors.append("System accounts cannot be archived or change type.")
    if record.get("TaxType") and kind in chart.ACCOUNT_CLASS:
        try:
            rate = refs.tax_rate(org, record["TaxType"])
            refs.check_tax_for_account(rate, {**record, "Class": chart.ACCOUNT_CLASS[kind]})
        except Invalid as error:
            errors.extend(error.messages)


def _commit(org: Org, before: Record | None, record: Record) -> None:
    record["Class"] = chart.ACCOUNT_CLASS[record["Type"]]
    if record["Type"] == "BANK":
        record.setdefault("BankAccountType", "BANK")
        record["CurrencyCode"] = record.get("CurrencyCode") or org.currency
    record["UpdatedDateUTC"] = dates.now()
    if before is not None:
        org.forget("account_code", before.get("Code"), record["AccountID"])
        org.forget("account_name", before.get("Name"), record["AccountID"])
    org.remember("account_code", record.get("Code"), record["AccountID"])
    org.remember("account_name", record["Name"], record["AccountID"])
    org.put(org.accounts, record["AccountID"], record)


def save(org: Org, element: Record, before: Record | None) -> Record:
    record = (
        copy.deepcopy(before)
        if before
        else {
            "AccountID": org.new_id(),
            "Status": "ACTIVE",
            "EnablePaymentsToAccount": False,
            "ShowInExpenseClaims": False,
            "HasAttachments": False,
            "AddToWatchlist": False,
        }
    )
    errors = _apply(org, record, element)
    _check(org, before, record, errors)
    if errors:
        raise validation_failed([{**record, "ValidationErrors": [{"Message": m} for m in errors]}])
    _commit(org, before, record)
    return record


def used(org: Org, record: Record) -> bool:
    return any(
        line["AccountID"] == record["AccountID"] for j in org.journals for line in j["JournalLines"]
    )


@endpoint("/Accounts", ["GET"], "settings")
def list_accounts(ctx: Ctx) -> Response:
    rows = [a for a in ctx.org.accounts.values() if a["Status"] != "DELETED"]
    page, _ = listing.select(ctx.state, LISTING, rows)
    return ctx.envelope("Accounts", page)


@endpoint("/Accounts/<account_id>", ["GET"], "settings")
def get_account(ctx: Ctx, account_id: str) -> Response:
    return ctx.envelope("Accounts", [_find(ctx.org, account_id)])


@endpoint("/Accounts", ["PUT"], "settings")
def create_account(ctx: Ctx) -> Response:
    # One account per request: a wrapped list is accepted and all but the first ignored.
    element = writes.elements("Accounts")[0]
    return ctx.envelope("Accounts", [save(ctx.org, element, None)])


@endpoint("/Accounts/<account_id>", ["POST"], "settings")
def update_account(ctx: Ctx, account_id: str) -> Response:
    before = _find(ctx.org, account_id)
    element = writes.elements("Accounts")[0]
    return ctx.envelope("Accounts", [save(ctx.org, element, before)])


@endpoint("/Accounts/<account_id>", ["DELETE"], "settings")
def delete_account(ctx: Ctx, account_id: str) -> Response:
    record = _find(ctx.org, account_id)
    if record.get("SystemAccount"):
        raise validation_failed(
            [{**record, "ValidationErrors": [{"Message": "System accounts cannot be deleted."}]}]
        )
    if used(ctx.org, record):
        message = "This account cannot be deleted as it has transactions. Archive it instead."
        raise validation_failed([{**record, "ValidationErrors": [{"Message": message}]}])
    record["Status"] = "DELETED"
    record["UpdatedDateUTC"] = dates.now()
    ctx.org.forget("account_code", record.get("Code"), record["AccountID"])
    ctx.org.forget("account_name", record["Name"], record["AccountID"])
    return ctx.envelope("Accounts", [record])
