"""`/LeaveApplications`: leave taken, split into the pay periods of the employee's calendar.

Without LeavePeriods in the request, each period the leave touches gets the weekdays it
covers times the employee's ordinary day. New periods are SCHEDULED (or REQUESTED when
sent so, to be approved or rejected); posting a pay run makes its period PROCESSED.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask import Response

from . import dates, listing, values, writes
from .api import Ctx
from .errors import Invalid, validation_failed
from .payroll import (
    Book,
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
from .payroll_periods import next_start, period_of
from .payroll_template import hours_per_day
from .store import Org, Record

FIELDS = frozenset(
    "LeaveApplicationID EmployeeID LeaveTypeID Title StartDate EndDate Description PayOutType "
    "UpdatedDateUTC".split()
)
LISTING = listing.Listing("LeaveApplication", "LeaveApplications", FIELDS)
SETTABLE = ("SCHEDULED", "REQUESTED")


def _weekdays(start: date, end: date) -> int:
    return sum(1 for n in range((end - start).days + 1) if (start + timedelta(n)).weekday() < 5)


def _periods(book: Book, record: Record, errors: list[str]) -> list[Record]:
    employee = book.employees[record["EmployeeID"]]
    calendar = book.calendars.get(employee.get("PayrollCalendarID") or "")
    if calendar is None:
        errors.append("The employee must have a payroll calendar before leave can be applied for.")
        return []
    per_day = hours_per_day(employee)
    periods = []
    first, end = record["StartDate"], record["EndDate"]
    start = period_of(calendar, first)[0]
    while start <= end:
        last = period_of(calendar, start)[1]
        units = _weekdays(max(start, first), min(last, end)) * per_day
        periods.append(
            {
                "PayPeriodStartDate": start,
                "PayPeriodEndDate": last,
                "NumberOfUnits": values.unit(Decimal(units)),
                "LeavePeriodStatus": "SCHEDULED",
            }
        )
        start = next_start(calendar, start)
    return periods


def _given_periods(given: Any, errors: list[str]) -> list[Record]:
    periods = []
    for item in given if isinstance(given, list) else []:
        period: Record = {"LeavePeriodStatus": "SCHEDULED"}
        take(period, item, "NumberOfUnits", lambda v: values.decimal(v, "NumberOfUnits"), errors)
        for key in ("PayPeriodStartDate", "PayPeriodEndDate"):
            take(period, item, key, a_date(key), errors)
        take(period, item, "LeavePeriodStatus", a_choice("LeavePeriodStatus", SETTABLE), errors)
        periods.append(period)
    return periods


def save(org: Org, book: Book, element: Record, path_id: str | None = None) -> Record:
    given = path_id or element.get("LeaveApplicationID")
    before = reference(book.leave, given, "Leave Application") if given else None
    if before and any(p["LeavePeriodStatus"] == "PROCESSED" for p in before["LeavePeriods"]):
        raise Invalid("Leave that has been processed in a pay run cannot be modified.", echo=before)
    record = (
        copy.deepcopy(before) if before else {"LeaveApplicationID": None, "PayOutType": "DEFAULT"}
    )
    errors: list[str] = []
    for key, limit in (("Title", 50), ("Description", 200)):
        take(record, element, key, a_text(key, limit), errors)
    for key in ("StartDate", "EndDate"):
        take(record, element, key, a_date(key), errors)
    take(record, element, "PayOutType", a_choice("PayOutType", ("DEFAULT", "CASHED_OUT")), errors)
    for key, collection, label in (
        ("EmployeeID", book.employees, "Employee"),
        ("LeaveTypeID", book.leave_types, "Leave Type"),
    ):
        value = element.get(key, record.get(key))
        if required({key: value}, key, label, errors):
            try:
                record[key] = reference(collection, value, label)[key]
            except Invalid as error:
                errors.extend(error.messages)
    for key, label in (("Title", "Title"), ("StartDate", "Start Date"), ("EndDate", "End Date")):
        required(record, key, label, errors)
    if (
        record.get("StartDate")
        and record.get("EndDate")
        and record["EndDate"] < record["StartDate"]
    ):
        errors.append("The End Date must not be before the Start Date.")
    if not errors:
        if element.get("LeavePeriods"):
            record["LeavePeriods"] = _given_periods(element["LeavePeriods"], errors)
        elif before is None or any(k in element for k in ("StartDate", "EndDate", "EmployeeID")):
            record["LeavePeriods"] = _periods(book, record, errors)
    if errors:
        raise Invalid(*errors, echo=record)
    record["LeaveApplicationID"] = record["LeaveApplicationID"] or org.new_id()
    record["UpdatedDateUTC"] = dates.now()
    org.put(book.leave, record["LeaveApplicationID"], record)
    return record


def decide(org: Org, book: Book, leave_id: str, outcome: str) -> Record:
    """Approve (SCHEDULED) or reject (REJECTED) a REQUESTED application."""
    record = find(book.leave, leave_id)
    if not any(p["LeavePeriodStatus"] == "REQUESTED" for p in record["LeavePeriods"]):
        verb = "approved" if outcome == "SCHEDULED" else "rejected"
        raise Invalid(f"Only a requested leave application can be {verb}.", echo=record)
    for period in record["LeavePeriods"]:
        if period["LeavePeriodStatus"] == "REQUESTED":
            period["LeavePeriodStatus"] = outcome
    record["UpdatedDateUTC"] = dates.now()
    org.put(book.leave, record["LeaveApplicationID"], record)
    return record


@endpoint("/LeaveApplications", ["GET"], "payroll.employees")
def list_leave(ctx: Ctx, book: Book) -> Response:
    return respond(ctx, "LeaveApplications", select(ctx, LISTING, book.leave.values()))


@endpoint("/LeaveApplications/v2", ["GET"], "payroll.employees")
def list_leave_v2(ctx: Ctx, book: Book) -> Response:
    """The same list (inferred: the sandbox keeps no leave that only v2 would show)."""
    return list_leave(ctx, book)


@endpoint("/LeaveApplications/<leave_id>", ["GET"], "payroll.employees")
def get_leave(ctx: Ctx, book: Book, leave_id: str) -> Response:
    return respond(ctx, "LeaveApplications", [dict(find(book.leave, leave_id))])


@endpoint("/LeaveApplications", ["POST"], "payroll.employees")
def post_leave(ctx: Ctx, book: Book) -> Response:
    items = writes.elements("LeaveApplications")
    return writes.run(
        ctx,
        "LeaveApplications",
        items,
        lambda e: dict(save(ctx.org, book, e)),
        "LeaveApplicationID",
    )


@endpoint("/LeaveApplications/<leave_id>", ["POST"], "payroll.employees")
def update_leave(ctx: Ctx, book: Book, leave_id: str) -> Response:
    find(book.leave, leave_id)
    items = writes.elements("LeaveApplications")[:1]
    return writes.run(
        ctx,
        "LeaveApplications",
        items,
        lambda e: dict(save(ctx.org, book, e, leave_id)),
        "LeaveApplicationID",
    )


@endpoint("/LeaveApplications/<leave_id>/approve", ["POST"], "payroll.employees")
def approve_leave(ctx: Ctx, book: Book, leave_id: str) -> Response:
    return _decided(ctx, book, leave_id, "SCHEDULED")


@endpoint("/LeaveApplications/<leave_id>/reject", ["POST"], "payroll.employees")
def reject_leave(ctx: Ctx, book: Book, leave_id: str) -> Response:
    return _decided(ctx, book, leave_id, "REJECTED")


def _decided(ctx: Ctx, book: Book, leave_id: str, outcome: str) -> Response:
    try:
        record = decide(ctx.org, book, leave_id, outcome)
    except Invalid as error:
        echo = writes.failure_echo(error, {}, "LeaveApplicationID", "HasErrors")
        raise validation_failed([echo]) from error
    return respond(ctx, "LeaveApplications", [dict(record)])
