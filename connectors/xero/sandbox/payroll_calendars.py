"""`/PayrollCalendars`: pay cycles, each with the start and payment date of its next period."""

from __future__ import annotations

import copy

from flask import Response

from . import dates, listing, writes
from .api import Ctx
from .errors import Invalid
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
from .payroll_periods import CALENDAR_TYPES
from .store import Org, Record

FIELDS = frozenset(
    "PayrollCalendarID Name CalendarType StartDate PaymentDate ReferenceDate UpdatedDateUTC".split()
)
LISTING = listing.Listing("PayrollCalendar", "PayrollCalendars", FIELDS)


def save(org: Org, book: Book, element: Record, path_id: str | None = None) -> Record:
    """Create a calendar (or update one named by id); its first StartDate anchors its periods."""
    given = path_id or element.get("PayrollCalendarID")
    before = reference(book.calendars, given, "Payroll Calendar") if given else None
    record = copy.deepcopy(before) if before else {"PayrollCalendarID": None}
    errors: list[str] = []
    take(record, element, "Name", a_text("Name", 100), errors)
    take(record, element, "CalendarType", a_choice("CalendarType", CALENDAR_TYPES), errors)
    for key in ("StartDate", "PaymentDate", "ReferenceDate"):
        take(record, element, key, a_date(key), errors)
    for key, label in (
        ("Name", "Name"),
        ("CalendarType", "Calendar Type"),
        ("StartDate", "Start Date"),
        ("PaymentDate", "Payment Date"),
    ):
        required(record, key, label, errors)
    name = (record.get("Name") or "").casefold()
    if any(
        c["Name"].casefold() == name and c["PayrollCalendarID"] != record["PayrollCalendarID"]
        for c in book.calendars.values()
    ):
        errors.append("Please enter a unique Name.")
    if record.get("StartDate") and record.get("PaymentDate"):
        if record["PaymentDate"] < record["StartDate"]:
            errors.append("Payment Date must not be before the Start Date.")
    if errors:
        raise Invalid(*errors, echo=record)
    if before is None:
        record["PayrollCalendarID"] = org.new_id()
        record["_Anchor"] = record["StartDate"]
    elif (record["StartDate"], record["CalendarType"]) != (
        before["StartDate"],
        before["CalendarType"],
    ):
        # Posted periods stay where they are: the layout of periods is fixed from then on.
        if any(c == record["PayrollCalendarID"] for c, _ in book.finalised):
            raise Invalid(
                "The calendar's periods cannot change once a pay run has been posted.",
                echo=record,
            )
        record["_Anchor"] = record["StartDate"]
    record["UpdatedDateUTC"] = dates.now()
    org.put(book.calendars, record["PayrollCalendarID"], record)
    return record


@endpoint("/PayrollCalendars", ["GET"], "payroll.settings")
def list_calendars(ctx: Ctx, book: Book) -> Response:
    return respond(ctx, "PayrollCalendars", select(ctx, LISTING, book.calendars.values()))


@endpoint("/PayrollCalendars/<calendar_id>", ["GET"], "payroll.settings")
def get_calendar(ctx: Ctx, book: Book, calendar_id: str) -> Response:
    return respond(ctx, "PayrollCalendars", [find(book.calendars, calendar_id)])


@endpoint("/PayrollCalendars", ["POST"], "payroll.settings")
def post_calendars(ctx: Ctx, book: Book) -> Response:
    items = writes.elements("PayrollCalendars")
    return writes.run(
        ctx, "PayrollCalendars", items, lambda e: dict(save(ctx.org, book, e)), "PayrollCalendarID"
    )
