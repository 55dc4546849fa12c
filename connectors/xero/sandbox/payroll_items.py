"""`/PayItems`: earnings rates, deduction types, leave types and reimbursement types.

PayItems is one object of four lists, in requests and responses. A POST creates the
elements without an id and updates those with one; pay items are never deleted here.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import Response

from . import dates, refs, writes
from .api import Ctx
from .errors import Invalid, post_data_invalid, validation_failed
from .payroll import (
    Book,
    a_bool,
    a_choice,
    a_number,
    a_text,
    endpoint,
    reference,
    required,
    respond,
    take,
)
from .store import Org, Record

EARNINGS_TYPES = (
    "FIXED ORDINARYTIMEEARNINGS OVERTIMEEARNINGS ALLOWANCE LUMPSUMD EMPLOYMENTTERMINATIONPAYMENT "
    "LUMPSUMA LUMPSUMB BONUSESANDCOMMISSIONS LUMPSUME LUMPSUMW DIRECTORSFEES PAIDPARENTALLEAVE "
    "WORKERSCOMPENSATION"
).split()
RATE_TYPES = ("FIXEDAMOUNT", "MULTIPLE", "RATEPERUNIT")
DEDUCTION_CATEGORIES = ("NONE", "UNIONFEES", "WORKPLACEGIVING")
Reader = Callable[[Any], Any]


@dataclass(frozen=True)
class Kind:
    """One of the four lists: its key, id field, collection and fields."""

    plural: str
    id_field: str
    collection: str
    readers: dict[str, Reader]
    flags: tuple[str, ...]  # booleans that are always present (false unless sent)


def _texts(*names: str) -> dict[str, Reader]:
    return {name: a_text(name, 100 if name == "Name" else None) for name in names}


KINDS = (
    Kind(
        "EarningsRates",
        "EarningsRateID",
        "earnings_rates",
        {
            **_texts("Name", "AccountCode", "TypeOfUnits"),
            "EarningsType": a_choice("EarningsType", tuple(EARNINGS_TYPES)),
            "RateType": a_choice("RateType", RATE_TYPES),
            "RatePerUnit": a_number("RatePerUnit"),
            "Multiplier": a_number("Multiplier"),
            "Amount": a_number("Amount"),
        },
        (
            "IsExemptFromTax IsExemptFromSuper IsReportableAsW1 IsQualifyingEarnings AccrueLeave"
        ).split(),
    ),
    Kind(
        "DeductionTypes",
        "DeductionTypeID",
        "deduction_types",
        {
            **_texts("Name", "AccountCode"),
            "DeductionCategory": a_choice("DeductionCategory", DEDUCTION_CATEGORIES),
        },
        ("ReducesTax", "ReducesSuper", "IsExemptFromW1"),
    ),
    Kind(
        "LeaveTypes",
        "LeaveTypeID",
        "leave_types",
        {
            **_texts("Name", "TypeOfUnits", "LeaveCategoryCode"),
            "NormalEntitlement": a_number("NormalEntitlement"),
            "LeaveLoadingRate": a_number("LeaveLoadingRate"),
        },
        ("IsPaidLeave", "ShowOnPayslip", "IsQualifyingEarnings"),
    ),
    Kind(
        "ReimbursementTypes",
        "ReimbursementTypeID",
        "reimbursement_types",
        _texts("Name", "AccountCode"),
        (),
    ),
)


def _check(org: Org, book: Book, kind: Kind, record: Record, errors: list[str]) -> None:
    required(record, "Name", "Name", errors)
    name = (record.get("Name") or "").casefold()
    for other in getattr(book, kind.collection).values():
        if name and other[kind.id_field] != record[kind.id_field]:
            if other["Name"].casefold() == name:
                errors.append("Please enter a unique Name.")
    if "AccountCode" in kind.readers and required(record, "AccountCode", "Account Code", errors):
        try:
            refs.account(org, record["AccountCode"])
        except Invalid as error:
            errors.extend(error.messages)
    if kind.plural == "EarningsRates":
        for key in ("EarningsType", "RateType"):
            required(record, key, key, errors)
        needs = {"MULTIPLE": "Multiplier", "FIXEDAMOUNT": "Amount"}.get(
            record.get("RateType") or ""
        )
        if needs and record.get(needs) is None:
            errors.append(f"{needs} must be specified for a {record['RateType']} rate.")


def save(org: Org, book: Book, kind: Kind, element: Record) -> Record:
    """Create or update one pay item; raise Invalid (echoing the element) when it fails."""
    collection: dict[str, Record] = getattr(book, kind.collection)
    given = element.get(kind.id_field)
    before = reference(collection, given, kind.plural[:-1]) if given else None
    record = copy.deepcopy(before) if before else {kind.id_field: None, "CurrentRecord": True}
    errors: list[str] = []
    for key, reader in kind.readers.items():
        take(record, element, key, reader, errors)
    for key in kind.flags:
        take(record, element, key, a_bool(key), errors)
        record.setdefault(key, False)
    if (
        kind.plural == "EarningsRates"
        and before is None
        and element.get("IsQualifyingEarnings") is None
    ):
        errors.append("IsQualifyingEarnings must be specified.")
    _check(org, book, kind, record, errors)
    if errors:
        raise Invalid(*errors, echo=record)
    record[kind.id_field] = record[kind.id_field] or org.new_id()
    record["UpdatedDateUTC"] = dates.now()
    org.put(collection, record[kind.id_field], record)
    return record


def add_defaults(org: Org, book: Book) -> None:
    """What a new AU organisation's payroll starts with (names as Xero's defaults)."""
    earnings = [
        ("Ordinary Hours", "ORDINARYTIMEEARNINGS", "RATEPERUNIT", {}, True),
        ("Overtime Hours (exempt from super)", "OVERTIMEEARNINGS", "MULTIPLE",
         {"Multiplier": Decimal("1.5"), "IsExemptFromSuper": True}, False),
        ("Allowance", "ALLOWANCE", "FIXEDAMOUNT", {"Amount": Decimal("0.00")}, False),
    ]  # fmt: skip
    for name, earnings_type, rate_type, extra, qualifying in earnings:
        element = {"Name": name, "AccountCode": "477", "TypeOfUnits": "Hours"}
        element.update(EarningsType=earnings_type, RateType=rate_type, **extra)
        save(org, book, KINDS[0], {**element, "IsQualifyingEarnings": qualifying})
    for name, category in (("Union Fees", "UNIONFEES"), ("Workplace Giving", "WORKPLACEGIVING")):
        save(
            org, book, KINDS[1], {"Name": name, "AccountCode": "825", "DeductionCategory": category}
        )
    for name, hours, paid in (
        ("Annual Leave", "152", True),
        ("Personal (Sick/Carer's) Leave", "76", True),
        ("Unpaid Leave", "0", False),
    ):
        element = {"Name": name, "TypeOfUnits": "Hours", "NormalEntitlement": Decimal(hours)}
        save(org, book, KINDS[2], {**element, "IsPaidLeave": paid, "ShowOnPayslip": True})
    for name in ("Travel Costs", "Other Reimbursable Costs"):
        save(org, book, KINDS[3], {"Name": name, "AccountCode": "477"})


def by_name(book: Book, name: str) -> Record:
    """An earnings rate by its name (seeding and tests)."""
    return next(r for r in book.earnings_rates.values() if r["Name"] == name)


def _view(book: Book) -> Record:
    return {kind.plural: list(getattr(book, kind.collection).values()) for kind in KINDS}


@endpoint("/PayItems", ["GET"], "payroll.settings")
def get_pay_items(ctx: Ctx, book: Book) -> Response:
    return respond(ctx, "PayItems", _view(book))


@endpoint("/PayItems", ["POST"], "payroll.settings")
def post_pay_items(ctx: Ctx, book: Book) -> Response:
    body = writes.body()
    if isinstance(body, dict) and isinstance(body.get("PayItems"), dict | list):
        body = body["PayItems"]
    if isinstance(body, list) and len(body) == 1:
        body = body[0]
    if not isinstance(body, dict):
        raise post_data_invalid("Invalid Json data")
    saved: Record = {kind.plural: [] for kind in KINDS}
    failures: list[Record] = []
    for kind in KINDS:
        for element in body.get(kind.plural) or []:
            try:
                saved[kind.plural].append(save(ctx.org, book, kind, element))
            except Invalid as error:
                failures.append(writes.failure_echo(error, element, kind.id_field, "HasErrors"))
    if failures:
        raise validation_failed(failures)
    return respond(ctx, "PayItems", saved)
