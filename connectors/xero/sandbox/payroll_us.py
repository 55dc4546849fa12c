"""Legacy US payroll (US organisations only): `/WorkLocations` and `/PaySchedules`.

Only the shapes the reference gives (from Xero's 2014 US payroll pages and the Xero-Net
models); the rest of US payroll is not emulated. The rules are inferred: a location needs
its street, city, state and ZIP, one location is primary, schedule names are unique.
"""

from __future__ import annotations

import copy
import re

from flask import Response

from . import dates, listing, writes
from .api import Ctx
from .errors import Invalid
from .payroll import (
    Book,
    a_bool,
    a_choice,
    a_date,
    a_number,
    a_text,
    endpoint,
    find,
    reference,
    required,
    respond,
    select,
    take,
)
from .store import Org, Record

US_STATES = tuple(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
SCHEDULE_TYPES = ("WEEKLY", "BIWEEKLY", "MONTHLY", "SEMIMONTHLY", "QUARTERLY")
ZIP = re.compile(r"^\d{5}(-\d{4})?$")
LOCATION_FIELDS = frozenset(
    "WorkLocationID StreetAddress SuiteOrAptOrUnit City State Zip Latitude Longitude "
    "IsPrimary".split()
)
SCHEDULE_FIELDS = frozenset(
    "PayScheduleID PayScheduleName PaymentDate StartDate ScheduleType UpdatedDateUTC".split()
)
LOCATIONS = listing.Listing("WorkLocation", "WorkLocations", LOCATION_FIELDS, modified_field=None)
SCHEDULES = listing.Listing("PaySchedule", "PaySchedules", SCHEDULE_FIELDS)


def save_location(org: Org, book: Book, element: Record) -> Record:
    given = element.get("WorkLocationID")
    before = reference(book.work_locations, given, "Work Location") if given else None
    record = copy.deepcopy(before) if before else {"WorkLocationID": None}
    errors: list[str] = []
    for key in ("StreetAddress", "SuiteOrAptOrUnit", "City"):
        take(record, element, key, a_text(key, 100), errors)
    take(record, element, "State", a_choice("State", US_STATES), errors)
    take(record, element, "Zip", a_text("Zip", 10), errors)
    for key in ("Latitude", "Longitude"):
        take(record, element, key, a_number(key), errors)
    take(record, element, "IsPrimary", a_bool("IsPrimary"), errors)
    for key, label in (("StreetAddress", "Street Address"), ("City", "City"), ("State", "State")):
        required(record, key, label, errors)
    if required(record, "Zip", "Zip", errors) and not ZIP.match(str(record["Zip"])):
        errors.append("Zip must be a 5-digit ZIP code or ZIP+4.")
    if errors:
        raise Invalid(*errors, echo=record)
    record["WorkLocationID"] = record["WorkLocationID"] or org.new_id()
    others = [
        w for w in book.work_locations.values() if w["WorkLocationID"] != record["WorkLocationID"]
    ]
    # One primary location: the first one is, and a new primary replaces the old.
    if not others:
        record["IsPrimary"] = True
    elif record.get("IsPrimary"):
        for other in others:
            other["IsPrimary"] = False
    record["IsPrimary"] = bool(record.get("IsPrimary"))
    book.work_locations[record["WorkLocationID"]] = record
    return record


def save_schedule(org: Org, book: Book, element: Record) -> Record:
    given = element.get("PayScheduleID")
    before = reference(book.pay_schedules, given, "Pay Schedule") if given else None
    record = copy.deepcopy(before) if before else {"PayScheduleID": None}
    errors: list[str] = []
    take(record, element, "PayScheduleName", a_text("PayScheduleName", 100), errors)
    take(record, element, "ScheduleType", a_choice("ScheduleType", SCHEDULE_TYPES), errors)
    for key in ("StartDate", "PaymentDate"):
        take(record, element, key, a_date(key), errors)
    for key, label in (
        ("PayScheduleName", "Pay Schedule Name"),
        ("ScheduleType", "Schedule Type"),
        ("StartDate", "Start Date"),
        ("PaymentDate", "Payment Date"),
    ):
        required(record, key, label, errors)
    name = (record.get("PayScheduleName") or "").casefold()
    if name and any(
        s["PayScheduleName"].casefold() == name and s["PayScheduleID"] != record["PayScheduleID"]
        for s in book.pay_schedules.values()
    ):
        errors.append("Please enter a unique Pay Schedule Name.")
    if errors:
        raise Invalid(*errors, echo=record)
    record["PayScheduleID"] = record["PayScheduleID"] or org.new_id()
    record["UpdatedDateUTC"] = dates.now()
    org.put(book.pay_schedules, record["PayScheduleID"], record)
    return record


@endpoint("/WorkLocations", ["GET"], "payroll.settings", regions=("US",))
def list_locations(ctx: Ctx, book: Book) -> Response:
    return respond(ctx, "WorkLocations", select(ctx, LOCATIONS, book.work_locations.values()))


@endpoint("/WorkLocations/<location_id>", ["GET"], "payroll.settings", regions=("US",))
def get_location(ctx: Ctx, book: Book, location_id: str) -> Response:
    return respond(ctx, "WorkLocations", [dict(find(book.work_locations, location_id))])


@endpoint("/WorkLocations", ["POST"], "payroll.settings", regions=("US",))
def post_locations(ctx: Ctx, book: Book) -> Response:
    items = writes.elements("WorkLocations")
    return writes.run(
        ctx,
        "WorkLocations",
        items,
        lambda e: dict(save_location(ctx.org, book, e)),
        "WorkLocationID",
    )


@endpoint("/PaySchedules", ["GET"], "payroll.settings", regions=("US",))
def list_schedules(ctx: Ctx, book: Book) -> Response:
    return respond(ctx, "PaySchedules", select(ctx, SCHEDULES, book.pay_schedules.values()))


@endpoint("/PaySchedules/<schedule_id>", ["GET"], "payroll.settings", regions=("US",))
def get_schedule(ctx: Ctx, book: Book, schedule_id: str) -> Response:
    return respond(ctx, "PaySchedules", [dict(find(book.pay_schedules, schedule_id))])


@endpoint("/PaySchedules", ["POST"], "payroll.settings", regions=("US",))
def post_schedules(ctx: Ctx, book: Book) -> Response:
    items = writes.elements("PaySchedules")
    return writes.run(
        ctx, "PaySchedules", items, lambda e: dict(save_schedule(ctx.org, book, e)), "PayScheduleID"
    )
