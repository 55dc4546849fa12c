"""`/PayRuns` and `/Payslip`: a draft run for a calendar's next period, then posting it.

Posting finalises the period: its APPROVED timesheets and SCHEDULED leave periods become
PROCESSED, no timesheet of the period can be added or changed any more, and the calendar
moves on to its next period. Messages are inferred (the reference gives none).
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

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
from .payroll_payslips import TOTALS, compute, summary
from .payroll_periods import advance, period_of
from .store import Org, Record, State

FIELDS = frozenset(
    "PayRunID PayrollCalendarID PayRunPeriodStartDate PayRunPeriodEndDate PayRunStatus "
    "PaymentDate PayslipMessage UpdatedDateUTC".split()
)
LISTING = listing.Listing("PayRun", "PayRuns", FIELDS)


def _on_calendar(book: Book, calendar_id: str, start: date, end: date) -> list[Record]:
    """Employees paid in the period: on the calendar, started by its end, not gone before it."""
    return [
        e
        for e in book.employees.values()
        if e.get("PayrollCalendarID") == calendar_id
        and (e.get("StartDate") is None or e["StartDate"] <= end)
        and (e.get("TerminationDate") is None or e["TerminationDate"] >= start)
    ]


def _work_out(state: State, org: Org, book: Book, run: Record) -> None:
    """(Re)make the run's payslips and totals from the records as they are now."""
    for payslip_id in run.pop("_PayslipIDs", []):
        book.payslips.pop(payslip_id, None)
    calendar = book.calendars[run["PayrollCalendarID"]]
    start, end = run["PayRunPeriodStartDate"], run["PayRunPeriodEndDate"]
    slips = [
        compute(org, book, state.config, employee, calendar["CalendarType"], start)
        for employee in _on_calendar(book, calendar["PayrollCalendarID"], start, end)
    ]
    for slip in slips:
        slip["_PayRunID"] = run["PayRunID"]
        book.payslips[slip["PayslipID"]] = slip
    run["_PayslipIDs"] = [slip["PayslipID"] for slip in slips]
    run["Payslips"] = [summary(slip) for slip in slips]
    for total in TOTALS:
        key = "Reimbursement" if total == "Reimbursements" else total
        run[key] = sum((slip[total] for slip in slips), Decimal(0))


def _post(org: Org, book: Book, run: Record) -> None:
    start = run["PayRunPeriodStartDate"]
    paid = {slip["EmployeeID"] for slip in run["Payslips"]}
    now = dates.now()
    for sheet in list(book.timesheets.values()):
        if (
            sheet["EmployeeID"] in paid
            and sheet["StartDate"] == start
            and sheet["Status"] == "APPROVED"
        ):
            sheet["Status"], sheet["UpdatedDateUTC"] = "PROCESSED", now
            org.put(book.timesheets, sheet["TimesheetID"], sheet)
    for application in list(book.leave.values()):
        if application["EmployeeID"] not in paid:
            continue
        touched = False
        for period in application["LeavePeriods"]:
            if period["PayPeriodStartDate"] == start and period["LeavePeriodStatus"] == "SCHEDULED":
                period["LeavePeriodStatus"], touched = "PROCESSED", True
        if touched:
            application["UpdatedDateUTC"] = now
            org.put(book.leave, application["LeaveApplicationID"], application)
    calendar = book.calendars[run["PayrollCalendarID"]]
    book.finalised.add((calendar["PayrollCalendarID"], start))
    if calendar["StartDate"] == start:
        advance(calendar)
        calendar["UpdatedDateUTC"] = now
        org.put(book.calendars, calendar["PayrollCalendarID"], calendar)
    run["PayRunStatus"] = "POSTED"


def create(state: State, org: Org, book: Book, element: Record) -> Record:
    """A DRAFT pay run for the calendar's upcoming period."""
    errors: list[str] = []
    calendar_id = required(element, "PayrollCalendarID", "Payroll Calendar", errors)
    calendar = None
    if calendar_id:
        try:
            calendar = reference(book.calendars, calendar_id, "Payroll Calendar")
        except Invalid as error:
            errors.extend(error.messages)
    if calendar is not None and any(
        r["PayrollCalendarID"] == calendar["PayrollCalendarID"] and r["PayRunStatus"] == "DRAFT"
        for r in book.pay_runs.values()
    ):
        errors.append("There is already a draft pay run for this payroll calendar.")
    if errors or calendar is None:
        raise Invalid(*errors, echo=dict(element))
    start, end = period_of(calendar, calendar["StartDate"])
    run: Record = {
        "PayRunID": org.new_id(),
        "PayrollCalendarID": calendar["PayrollCalendarID"],
        "PayRunPeriodStartDate": start,
        "PayRunPeriodEndDate": end,
        "PayRunStatus": "DRAFT",
        "PaymentDate": calendar["PaymentDate"],
    }
    take(run, element, "PayslipMessage", a_text("PayslipMessage", 255), errors)
    _work_out(state, org, book, run)
    run["UpdatedDateUTC"] = dates.now()
    org.put(book.pay_runs, run["PayRunID"], run)
    return run


def update(state: State, org: Org, book: Book, run: Record, element: Record) -> Record:
    """Change a draft's message or payment date, or post it with `PayRunStatus: POSTED`."""
    if run["PayRunStatus"] == "POSTED":
        raise Invalid("A posted pay run cannot be modified.", echo=view(run))
    record = copy.deepcopy(run)
    errors: list[str] = []
    take(record, element, "PayslipMessage", a_text("PayslipMessage", 255), errors)
    take(record, element, "PaymentDate", a_date("PaymentDate"), errors)
    wanted: Record = {}
    take(wanted, element, "PayRunStatus", a_choice("PayRunStatus", ("DRAFT", "POSTED")), errors)
    if errors:
        raise Invalid(*errors, echo=view(record))
    _work_out(state, org, book, record)
    if wanted.get("PayRunStatus") == "POSTED":
        _post(org, book, record)
    record["UpdatedDateUTC"] = dates.now()
    org.put(book.pay_runs, record["PayRunID"], record)
    return record


def view(run: Record, payslips: bool = True) -> Record:
    return {k: v for k, v in run.items() if payslips or k != "Payslips"}


@endpoint("/PayRuns", ["GET"], "payroll.payruns")
def list_pay_runs(ctx: Ctx, book: Book) -> Response:
    rows = select(ctx, LISTING, book.pay_runs.values())
    return respond(ctx, "PayRuns", [view(r, payslips=False) for r in rows])


@endpoint("/PayRuns/<pay_run_id>", ["GET"], "payroll.payruns")
def get_pay_run(ctx: Ctx, book: Book, pay_run_id: str) -> Response:
    return respond(ctx, "PayRuns", [view(find(book.pay_runs, pay_run_id))])


@endpoint("/PayRuns", ["POST"], "payroll.payruns")
def post_pay_runs(ctx: Ctx, book: Book) -> Response:
    items = writes.elements("PayRuns")
    return writes.run(
        ctx, "PayRuns", items, lambda e: view(create(ctx.state, ctx.org, book, e)), "PayRunID"
    )


@endpoint("/PayRuns/<pay_run_id>", ["POST"], "payroll.payruns")
def update_pay_run(ctx: Ctx, book: Book, pay_run_id: str) -> Response:
    run = find(book.pay_runs, pay_run_id)
    items = writes.elements("PayRuns")[:1]
    return writes.run(
        ctx, "PayRuns", items, lambda e: view(update(ctx.state, ctx.org, book, run, e)), "PayRunID"
    )


@endpoint("/Payslip/<payslip_id>", ["GET"], "payroll.payslip")
def get_payslip(ctx: Ctx, book: Book, payslip_id: str) -> Response:
    # xero-python reads `Payslip: {...}` (PayslipObject), a single object.
    return respond(ctx, "Payslip", dict(find(book.payslips, payslip_id)))
