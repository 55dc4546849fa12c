"""`/Employees`: people on the AU payroll, with their calendar, ordinary rate and pay template."""

from __future__ import annotations

import copy
from decimal import Decimal

from flask import Response

from . import dates, listing, writes
from .api import Ctx
from .errors import Invalid
from .payroll import (
    Book,
    a_bool,
    a_choice,
    a_date,
    a_text,
    endpoint,
    find,
    reference,
    required,
    respond,
    select,
    take,
)
from .payroll_template import home_address, template
from .store import Org, Record

TEXTS = {
    "Title": 10,
    "FirstName": 35,
    "MiddleNames": 35,
    "LastName": 35,
    "Email": 100,
    "Phone": 50,
    "Mobile": 50,
    "TwitterUserName": 50,
    "JobTitle": 100,
    "Classification": 100,
    "EmployeeGroupName": 100,
}
CHOICES = {
    "Gender": ("N", "M", "F", "I"),
    "TerminationReason": ("V", "I", "D", "R", "F", "C", "T"),
    "IncomeType": (
        "SALARYANDWAGES",
        "WORKINGHOLIDAYMAKER",
        "NONEMPLOYEE",
        "CLOSELYHELDPAYEES",
        "LABOURHIRE",
    ),
    "EmploymentType": ("EMPLOYEE", "CONTRACTOR"),
}
FLAGS = ("IsAuthorisedToApproveLeave", "IsAuthorisedToApproveTimesheets", "IsSTP2Qualified")
# Kept as sent: the sandbox has no rules for them (they never affect other records here).
KEPT = (
    "BankAccounts",
    "TaxDeclaration",
    "OpeningBalances",
    "SuperMemberships",
    "CountryOfResidence",
)
DETAIL_ONLY = frozenset(
    "HomeAddress BankAccounts PayTemplate OpeningBalances TaxDeclaration LeaveBalances "
    "SuperMemberships".split()
)
FIELDS = frozenset(
    [*TEXTS, *CHOICES, *FLAGS, "EmployeeID", "Status", "DateOfBirth", "StartDate"]
    + ["TerminationDate", "OrdinaryEarningsRateID", "PayrollCalendarID", "UpdatedDateUTC"]
)
LISTING = listing.Listing("Employee", "Employees", FIELDS)


def _references(book: Book, record: Record, errors: list[str]) -> None:
    try:
        if record.get("PayrollCalendarID"):
            found = reference(book.calendars, record["PayrollCalendarID"], "Payroll Calendar")
            record["PayrollCalendarID"] = found["PayrollCalendarID"]
    except Invalid as error:
        errors.extend(error.messages)
    try:
        if record.get("OrdinaryEarningsRateID"):
            rate = reference(book.earnings_rates, record["OrdinaryEarningsRateID"], "Earnings Rate")
            record["OrdinaryEarningsRateID"] = rate["EarningsRateID"]
            if rate["EarningsType"] != "ORDINARYTIMEEARNINGS":
                errors.append(
                    "The ordinary earnings rate must be an earnings rate of type "
                    "Ordinary Time Earnings."
                )
    except Invalid as error:
        errors.extend(error.messages)


def _leave_balances(book: Book, record: Record) -> list[Record]:
    """One balance per leave line of the template (the sandbox accrues no leave)."""
    balances = {b["LeaveTypeID"]: b for b in record.get("LeaveBalances") or []}
    result = []
    for line in (record.get("PayTemplate") or {}).get("LeaveLines") or []:
        leave_type = book.leave_types.get(line["LeaveTypeID"])
        if leave_type is None:
            continue
        current = balances.get(line["LeaveTypeID"], {})
        result.append(
            {
                "LeaveName": leave_type["Name"],
                "LeaveTypeID": line["LeaveTypeID"],
                "NumberOfUnits": current.get("NumberOfUnits", Decimal(0)),
                "TypeOfUnits": leave_type.get("TypeOfUnits") or "Hours",
            }
        )
    return result


def save(org: Org, book: Book, element: Record, path_id: str | None = None) -> Record:
    """Create or update one employee; raise Invalid (echoing it) when a rule fails."""
    given = path_id or element.get("EmployeeID")
    before = reference(book.employees, given, "Employee") if given else None
    record = copy.deepcopy(before) if before else {"EmployeeID": None}
    errors: list[str] = []
    for key, limit in TEXTS.items():
        take(record, element, key, a_text(key, limit), errors)
    for key, allowed in CHOICES.items():
        take(record, element, key, a_choice(key, allowed), errors)
    for key in FLAGS:
        take(record, element, key, a_bool(key), errors)
    for key in ("DateOfBirth", "StartDate", "TerminationDate"):
        take(record, element, key, a_date(key), errors)
    for key in ("OrdinaryEarningsRateID", "PayrollCalendarID"):
        take(record, element, key, a_text(key), errors)
    for key in KEPT:
        if key in element:
            record[key] = copy.deepcopy(element[key])
    if "HomeAddress" in element:
        record["HomeAddress"] = home_address(element["HomeAddress"], errors)
    if "PayTemplate" in element:
        record["PayTemplate"] = template(
            book, before and before.get("PayTemplate"), element["PayTemplate"], errors
        )
    for key, label in (
        ("FirstName", "First Name"),
        ("LastName", "Last Name"),
        ("DateOfBirth", "Date of Birth"),
    ):
        required(record, key, label, errors)
    _references(book, record, errors)
    start, end = record.get("StartDate"), record.get("TerminationDate")
    if start and end and end < start:
        errors.append("The Termination Date must not be before the Start Date.")
    if errors:
        raise Invalid(*errors, echo=record)
    record["EmployeeID"] = record["EmployeeID"] or org.new_id()
    # Status is Xero's to set: a termination date terminates the employee.
    record["Status"] = "TERMINATED" if record.get("TerminationDate") else "ACTIVE"
    record["LeaveBalances"] = _leave_balances(book, record)
    record["UpdatedDateUTC"] = dates.now()
    org.put(book.employees, record["EmployeeID"], record)
    return record


def summary(record: Record) -> Record:
    """What the list GET returns: no address, bank accounts, template or balances."""
    return {k: v for k, v in record.items() if k not in DETAIL_ONLY}


@endpoint("/Employees", ["GET"], "payroll.employees")
def list_employees(ctx: Ctx, book: Book) -> Response:
    rows = select(ctx, LISTING, book.employees.values())
    return respond(ctx, "Employees", [summary(r) for r in rows])


@endpoint("/Employees/<employee_id>", ["GET"], "payroll.employees")
def get_employee(ctx: Ctx, book: Book, employee_id: str) -> Response:
    return respond(ctx, "Employees", [dict(find(book.employees, employee_id))])


@endpoint("/Employees", ["POST"], "payroll.employees")
def post_employees(ctx: Ctx, book: Book) -> Response:
    items = writes.elements("Employees")
    return writes.run(ctx, "Employees", items, lambda e: dict(save(ctx.org, book, e)), "EmployeeID")


@endpoint("/Employees/<employee_id>", ["POST"], "payroll.employees")
def update_employee(ctx: Ctx, book: Book, employee_id: str) -> Response:
    find(book.employees, employee_id)
    items = writes.elements("Employees")[:1]
    return writes.run(
        ctx, "Employees", items, lambda e: dict(save(ctx.org, book, e, employee_id)), "EmployeeID"
    )
