"""Payroll's plumbing: the /payroll.xro/1.0 blueprint, regions, and each organisation's book.

Payroll AU and the legacy US payroll share the base path; which one answers depends on
the organisation's country. Every endpoint goes through `api.endpoint`, so payroll gets
the Accounting API's auth, scopes, limits and idempotency unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from typing import Any

from flask import Blueprint, Response

from . import api, listing, values, wire
from .api import Ctx
from .errors import Invalid, NotFound, Problem
from .store import Org, Record, State

bp = Blueprint("xero_payroll", __name__, url_prefix="/payroll.xro/1.0")
PREFIX = "/payroll.xro/1.0/"
# Xero's paths are case-insensitive; the routes use these spellings (see app.py).
CANONICAL = {
    name.lower(): name
    for name in (
        "Employees Timesheets PayItems PayrollCalendars PayRuns Payslip LeaveApplications "
        "WorkLocations PaySchedules approve reject v2"
    ).split()
}
# Settings of `create_app(config)` that only payroll reads, with their defaults.
DEFAULTS: dict[str, Any] = {
    # Unconfirmed: the status of a payroll call for an organisation of another country.
    "payroll_region_status": 403,
    # A flat PAYG withholding (whole dollars) instead of the ATO's scales, and the super rate.
    "payroll_tax_rate": "0.20",
    "payroll_super_rate": "0.12",
}
REGION_NAMES = {"AU": "AU", "NZ": "NZ", "UK": "GB", "US": "US"}
Handler = Callable[..., Response]


@dataclass
class Book:
    """One organisation's payroll records, by id (each collection in UpdatedDateUTC order)."""

    employees: dict[str, Record] = field(default_factory=dict)
    timesheets: dict[str, Record] = field(default_factory=dict)
    earnings_rates: dict[str, Record] = field(default_factory=dict)
    deduction_types: dict[str, Record] = field(default_factory=dict)
    leave_types: dict[str, Record] = field(default_factory=dict)
    reimbursement_types: dict[str, Record] = field(default_factory=dict)
    calendars: dict[str, Record] = field(default_factory=dict)
    pay_runs: dict[str, Record] = field(default_factory=dict)
    payslips: dict[str, Record] = field(default_factory=dict)
    leave: dict[str, Record] = field(default_factory=dict)
    work_locations: dict[str, Record] = field(default_factory=dict)
    pay_schedules: dict[str, Record] = field(default_factory=dict)
    # (PayrollCalendarID, period start) of every posted pay run: those periods are final.
    finalised: set[tuple[str, date]] = field(default_factory=set)


def book_of(state: State, org: Org) -> Book:
    """The organisation's payroll, made on first use (AU ones with Xero's default pay items)."""
    books: dict[str, Book] = state.extras.setdefault("payroll", {})
    book = books.get(org.id)
    if book is None:
        book = books[org.id] = Book()
        if org.country == "AU":
            from .payroll_items import add_defaults  # payroll_items imports this module

            add_defaults(org, book)
    return book


def setting(config: dict[str, Any], key: str) -> Any:
    return config.get(key, DEFAULTS[key])


def region_refusal(state: State, org: Org) -> Problem:
    """Inferred (the reference is silent): a payroll API the organisation's country lacks."""
    status = int(setting(state.config, "payroll_region_status"))
    detail = (
        f"This payroll API is not available for the organisation's region "
        f"({REGION_NAMES.get(org.country, org.country)})."
    )
    return Problem(status, HTTPStatus(status).phrase, detail)


def endpoint(
    rule: str, methods: list[str], group: str, regions: Iterable[str] = ("AU",)
) -> Callable[[Handler], Handler]:
    """Register `handler(ctx, book, **path_args)` on the payroll blueprint for `regions`."""
    allowed = frozenset(regions)

    def register(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def guarded(ctx: Ctx, **kwargs: Any) -> Response:
            if ctx.org.country not in allowed:
                raise region_refusal(ctx.state, ctx.org)
            return handler(ctx, book_of(ctx.state, ctx.org), **kwargs)

        api.endpoint(rule, methods, group, blueprint=bp)(guarded)
        return handler

    return register


def respond(ctx: Ctx, plural: str, items: list[Record] | Record) -> Response:
    """The payroll envelope. A single GET of a timesheet or payslip carries one object."""
    body = wire.envelope(plural, [], ctx.client.name)
    body[plural] = items
    return wire.json_response(body)


def select(ctx: Ctx, spec: listing.Listing, records: Iterable[Record]) -> list[Record]:
    """where / order / If-Modified-Since / page (100 a page); payroll sends no pagination block."""
    rows, _ = listing.select(ctx.state, spec, records)
    return rows


def find(collection: dict[str, Record], record_id: str) -> Record:
    record = collection.get(values.an_id(record_id) or "")
    if record is None:
        raise NotFound()
    return record


def reference(collection: dict[str, Record], value: Any, what: str) -> Record:
    """A record another one names by id; an unknown id fails the element (inferred wording)."""
    record = collection.get(values.an_id(value) or "")
    if record is None:
        raise Invalid(f"{what} with ID {value} could not be found.")
    return record


def required(element: Record, key: str, label: str, errors: list[str]) -> Any:
    value = element.get(key)
    if value is None or value == "":
        errors.append(f"{label} must be specified.")
    return value


def take(
    record: Record, element: Record, key: str, reader: Callable[[Any], Any], errors: list[str]
) -> None:
    """Copy one field that was sent, read by `reader`; a bad value becomes a message."""
    if key not in element:
        return
    try:
        record[key] = reader(element[key])
    except Invalid as error:
        errors.extend(error.messages)


def a_date(key: str) -> Callable[[Any], date | None]:
    return lambda value: values.a_date(value, key)


def a_text(key: str, limit: int | None = None) -> Callable[[Any], str | None]:
    return lambda value: values.text(value, key, limit)


def a_bool(key: str) -> Callable[[Any], bool | None]:
    return lambda value: values.boolean(value, key)


def a_number(key: str) -> Callable[[Any], Any]:
    return lambda value: values.decimal(value, key)


def a_choice(key: str, allowed: tuple[str, ...]) -> Callable[[Any], str | None]:
    return lambda value: values.one_of(value, allowed, key)
