"""`/Timesheets`: units per day for each earnings rate, over one pay period of the employee.

A timesheet's StartDate and EndDate must be exactly one period of the employee's payroll
calendar, and each line's NumberOfUnits has one value per day of it. A period that a
posted pay run has processed takes no new or changed timesheets. Messages are inferred.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from flask import Response

from . import dates, listing, values, writes
from .api import Ctx
from .errors import Invalid
from .payroll import (
    Book,
    a_choice,
    a_date,
    endpoint,
    find,
    reference,
    required,
    respond,
    select,
    take,
)
from .payroll_periods import days, period_of, text
from .store import Org, Record

STATUSES = ("DRAFT", "PROCESSED", "APPROVED", "REJECTED", "REQUESTED")
FIELDS = frozenset("TimesheetID EmployeeID StartDate EndDate Status Hours UpdatedDateUTC".split())
LISTING = listing.Listing("Timesheet", "Timesheets", FIELDS)


def _tracking_options(org: Org) -> set[str]:
    return {
        option["TrackingOptionID"]
        for category in org.tracking.values()
        for option in category["Options"]
        if option["Status"] != "DELETED"
    }


def _line(org: Org, book: Book, given: Any, length: int | None, errors: list[str]) -> Record:
    if not isinstance(given, dict):
        errors.append("The TimesheetLines value is invalid.")
        return {}
    line: Record = {"EarningsRateID": given.get("EarningsRateID")}
    if required(given, "EarningsRateID", "Earnings Rate", errors):
        try:
            rate = reference(book.earnings_rates, given["EarningsRateID"], "Earnings Rate")
            line["EarningsRateID"] = rate["EarningsRateID"]
        except Invalid as error:
            errors.extend(error.messages)
    tracking = values.an_id(given.get("TrackingItemID"))
    if tracking:
        if tracking not in _tracking_options(org):
            errors.append(f"Tracking item {given['TrackingItemID']} could not be found.")
        line["TrackingItemID"] = tracking
    units = given.get("NumberOfUnits")
    if not isinstance(units, list):
        errors.append("NumberOfUnits must be a list with one value for each day of the period.")
        units = []
    read: list[Decimal] = []
    for value in units:
        try:
            number = values.decimal(value, "NumberOfUnits")
        except Invalid as error:
            errors.extend(error.messages)
            continue
        if number is None or number < 0:
            errors.append("NumberOfUnits values must be zero or more.")
            continue
        read.append(number)
    if length is not None and len(units) != length:
        errors.append(
            f"NumberOfUnits must have {length} values, one for each day of the timesheet."
        )
    line["NumberOfUnits"] = read
    line["UpdatedDateUTC"] = dates.now()
    return line


def _period(book: Book, record: Record, errors: list[str]) -> None:
    """The timesheet must cover one pay period of the employee's calendar, not yet posted."""
    employee = book.employees.get(record["EmployeeID"] or "")
    start, end = record.get("StartDate"), record.get("EndDate")
    if employee is None or start is None or end is None:
        return
    calendar = book.calendars.get(employee.get("PayrollCalendarID") or "")
    if calendar is None:
        errors.append("The employee must have a payroll calendar before timesheets can be added.")
        return
    first, last = period_of(calendar, start)
    if (start, end) != (first, last):
        errors.append(
            f"The timesheet dates must match a pay period of the employee's payroll calendar "
            f"'{calendar['Name']}': the period starting {text(first)} ends {text(last)}."
        )
        return
    if (calendar["PayrollCalendarID"], first) in book.finalised:
        errors.append(
            f"The pay period {text(first)} to {text(last)} has been processed in a posted pay "
            "run; its timesheets cannot be added or changed."
        )
    for other in book.timesheets.values():
        same = (other["EmployeeID"], other["StartDate"]) == (record["EmployeeID"], start)
        if same and other["TimesheetID"] != record["TimesheetID"]:
            errors.append("A timesheet already exists for this employee for this pay period.")


def save(org: Org, book: Book, element: Record, path_id: str | None = None) -> Record:
    """Create or update one timesheet; raise Invalid (echoing it) when a rule fails."""
    given = path_id or element.get("TimesheetID")
    before = reference(book.timesheets, given, "Timesheet") if given else None
    if before is not None and before["Status"] == "PROCESSED":
        raise Invalid("A processed timesheet cannot be modified.", echo=before)
    record = copy.deepcopy(before) if before else {"TimesheetID": None, "Status": "DRAFT"}
    errors: list[str] = []
    if "EmployeeID" in element:
        record["EmployeeID"] = element["EmployeeID"]
    for key in ("StartDate", "EndDate"):
        take(record, element, key, a_date(key), errors)
    take(record, element, "Status", a_choice("Status", STATUSES), errors)
    if record.get("Status") == "PROCESSED" and (before or {}).get("Status") != "PROCESSED":
        errors.append("A timesheet becomes PROCESSED when its pay run is posted.")
    for key, label in (
        ("EmployeeID", "Employee"),
        ("StartDate", "Start Date"),
        ("EndDate", "End Date"),
    ):
        required(record, key, label, errors)
    if record.get("EmployeeID"):
        try:
            employee = reference(book.employees, record["EmployeeID"], "Employee")
            record["EmployeeID"] = employee["EmployeeID"]
        except Invalid as error:
            errors.extend(error.messages)
            record["EmployeeID"] = None
    start, end = record.get("StartDate"), record.get("EndDate")
    if start and end and end < start:
        errors.append("The End Date must not be before the Start Date.")
    length = days(start, end) if start and end and end >= start else None
    if "TimesheetLines" in element:
        lines = element["TimesheetLines"] or []
        record["TimesheetLines"] = [_line(org, book, line, length, errors) for line in lines]
    record.setdefault("TimesheetLines", [])
    _period(book, record, errors)
    if errors:
        raise Invalid(*errors, echo=record)
    record["TimesheetID"] = record["TimesheetID"] or org.new_id()
    record["Hours"] = sum(
        (u for line in record["TimesheetLines"] for u in line["NumberOfUnits"]), Decimal(0)
    )
    record["UpdatedDateUTC"] = dates.now()
    org.put(book.timesheets, record["TimesheetID"], record)
    return record


@endpoint("/Timesheets", ["GET"], "payroll.timesheets")
def list_timesheets(ctx: Ctx, book: Book) -> Response:
    return respond(ctx, "Timesheets", select(ctx, LISTING, book.timesheets.values()))


@endpoint("/Timesheets/<timesheet_id>", ["GET"], "payroll.timesheets")
def get_timesheet(ctx: Ctx, book: Book, timesheet_id: str) -> Response:
    # The single GET answers `Timesheet: {...}` (xero-python's TimesheetObject), not a list.
    return respond(ctx, "Timesheet", dict(find(book.timesheets, timesheet_id)))


@endpoint("/Timesheets", ["POST"], "payroll.timesheets")
def post_timesheets(ctx: Ctx, book: Book) -> Response:
    items = writes.elements("Timesheets")
    return writes.run(
        ctx, "Timesheets", items, lambda e: dict(save(ctx.org, book, e)), "TimesheetID"
    )


@endpoint("/Timesheets/<timesheet_id>", ["POST"], "payroll.timesheets")
def update_timesheet(ctx: Ctx, book: Book, timesheet_id: str) -> Response:
    find(book.timesheets, timesheet_id)
    items = writes.elements("Timesheets")[:1]
    return writes.run(
        ctx,
        "Timesheets",
        items,
        lambda e: dict(save(ctx.org, book, e, timesheet_id)),
        "TimesheetID",
    )
