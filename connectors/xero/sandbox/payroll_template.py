"""An employee's pay template and home address: the parts of an Employee that name pay items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import values
from .errors import Invalid
from .payroll import Book, a_bool, a_choice, a_number, a_text, reference, take
from .store import Record

STATES = ("ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA")
EARNINGS_CALCULATIONS = ("USEEARNINGSRATE", "ENTEREARNINGSRATE", "ANNUALSALARY")
DEDUCTION_CALCULATIONS = ("FIXEDAMOUNT", "PRETAX", "POSTTAX")
LEAVE_CALCULATIONS = (
    "NOCALCULATIONREQUIRED",
    "FIXEDAMOUNTEACHPERIOD",
    "ENTERRATEINPAYTEMPLATE",
    "BASEDONORDINARYEARNINGS",
)
Reader = Callable[[Any], Any]


def _numbers(*names: str) -> dict[str, Reader]:
    return {name: a_number(name) for name in names}


# List key -> (id field, Book collection, label, readers of the other fields).
LINES: dict[str, tuple[str, str, str, dict[str, Reader]]] = {
    "EarningsLines": (
        "EarningsRateID",
        "earnings_rates",
        "Earnings Rate",
        {
            "CalculationType": a_choice("CalculationType", EARNINGS_CALCULATIONS),
            **_numbers(
                "AnnualSalary",
                "NumberOfUnitsPerWeek",
                "RatePerUnit",
                "NormalNumberOfUnits",
                "Amount",
                "NumberOfUnits",
                "FixedAmount",
            ),
        },
    ),
    "DeductionLines": (
        "DeductionTypeID",
        "deduction_types",
        "Deduction Type",
        {
            "CalculationType": a_choice("CalculationType", DEDUCTION_CALCULATIONS),
            **_numbers("Amount", "Percentage", "NumberOfUnits"),
        },
    ),
    "ReimbursementLines": (
        "ReimbursementTypeID",
        "reimbursement_types",
        "Reimbursement Type",
        {
            "Description": a_text("Description", 50),
            "ExpenseAccount": a_text("ExpenseAccount"),
            **_numbers("Amount"),
        },
    ),
    "LeaveLines": (
        "LeaveTypeID",
        "leave_types",
        "Leave Type",
        {
            "CalculationType": a_choice("CalculationType", LEAVE_CALCULATIONS),
            "IsQualifyingEarnings": a_bool("IsQualifyingEarnings"),
            **_numbers("NumberOfUnits", "AnnualNumberOfUnits", "FullTimeNumberOfUnitsPerPeriod"),
        },
    ),
}


def _line(book: Book, key: str, given: Any, errors: list[str]) -> Record | None:
    id_field, collection, label, readers = LINES[key]
    if not isinstance(given, dict):
        errors.append(f"The {key} value is invalid.")
        return None
    line: Record = {}
    try:
        item = reference(getattr(book, collection), given.get(id_field), label)
        line[id_field] = item[id_field]
    except Invalid as error:
        errors.extend(error.messages)
        line[id_field] = given.get(id_field)
    for name, reader in readers.items():
        take(line, given, name, reader, errors)
    if key == "EarningsLines":
        _check_earnings(line, errors)
    if key == "LeaveLines":
        line.setdefault("IsQualifyingEarnings", False)  # the SDK requires it on every leave line
    return line


def _check_earnings(line: Record, errors: list[str]) -> None:
    kind = line.get("CalculationType")
    if kind == "ANNUALSALARY":
        for name in ("AnnualSalary", "NumberOfUnitsPerWeek"):
            if line.get(name) is None:
                errors.append(f"{name} must be specified for an annual salary earnings line.")
    if kind == "ENTEREARNINGSRATE" and line.get("RatePerUnit") is None:
        errors.append("RatePerUnit must be specified when the earnings rate is entered.")


def template(book: Book, before: Record | None, given: Any, errors: list[str]) -> Record:
    """The pay template after a write: each list sent replaces the one stored."""
    result: Record = {key: list((before or {}).get(key) or []) for key in LINES}
    result["SuperLines"] = list((before or {}).get("SuperLines") or [])
    if not isinstance(given, dict):
        errors.append("The PayTemplate value is invalid.")
        return result
    for key in LINES:
        if key in given:
            lines = [_line(book, key, line, errors) for line in given[key] or []]
            result[key] = [line for line in lines if line is not None]
    if "SuperLines" in given:
        result["SuperLines"] = [dict(line) for line in given["SuperLines"] or []]
    return result


def home_address(given: Any, errors: list[str]) -> Record | None:
    if given is None:
        return None
    if not isinstance(given, dict):
        errors.append("The HomeAddress value is invalid.")
        return None
    address: Record = {}
    for name in ("AddressLine1", "AddressLine2", "City", "PostalCode", "Country"):
        take(address, given, name, a_text(name, 255), errors)
    take(address, given, "Region", a_choice("Region", STATES), errors)
    if not address.get("AddressLine1"):
        errors.append("Address Line 1 must be specified.")
    return address


def hours_per_day(employee: Record) -> Any:
    """An employee's ordinary day: a fifth of the salary line's weekly units, else 7.6 hours."""
    for line in (employee.get("PayTemplate") or {}).get("EarningsLines") or []:
        if line.get("NumberOfUnitsPerWeek"):
            return values.unit(line["NumberOfUnitsPerWeek"] / 5)
    return values.decimal("7.6", "hours")
