"""Seeded AU payroll: a weekly and a fortnightly calendar, hourly and salaried employees,
timesheets over the last few weeks, one posted pay run and some leave.

Everything goes through the payroll API's own rules, as the accounting seed does. Dates
are relative to today (the weekly calendar starts on the Monday three weeks back), ids,
names and amounts come from the organisation's seeded generator.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from . import dates, seed_data
from .payroll import Book, book_of
from .payroll_calendars import save as save_calendar
from .payroll_employees import save as save_employee
from .payroll_items import by_name
from .payroll_leave import save as save_leave
from .payroll_payruns import create as create_pay_run
from .payroll_payruns import update as update_pay_run
from .payroll_timesheets import save as save_timesheet
from .store import Org, Record, State

JOBS = ("Technician", "Sales Assistant", "Warehouse Officer", "Accountant", "Designer", "Manager")


def _employee(
    org: Org, book: Book, rng: random.Random, calendar: Record, line: Record, taken: set[str]
) -> Record:
    first, last = seed_data.person(rng)
    while f"{first} {last}" in taken:
        first, last = seed_data.person(rng)
    taken.add(f"{first} {last}")
    street = seed_data.address(rng, "AU")
    today = dates.today()
    element: Record = {
        "FirstName": first,
        "LastName": last,
        "Email": seed_data.email(first, last, org.name),
        "DateOfBirth": date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28)),
        "StartDate": today - timedelta(days=rng.randint(200, 2000)),
        "Gender": rng.choice("MF"),
        "JobTitle": rng.choice(JOBS),
        "Phone": f"02 {rng.randint(8000, 9999)} {rng.randint(1000, 9999)}",
        "HomeAddress": {
            "AddressLine1": street["AddressLine1"],
            "City": street["City"],
            "Region": street["Region"],
            "PostalCode": street["PostalCode"],
            "Country": "AUSTRALIA",
        },
        "PayrollCalendarID": calendar["PayrollCalendarID"],
        "OrdinaryEarningsRateID": line["EarningsRateID"],
        "PayTemplate": {"EarningsLines": [line]},
    }
    return save_employee(org, book, element)


def _week(rng: random.Random) -> list[Decimal]:
    """Monday to Sunday: ordinary days of around 7.6 hours, weekends off."""
    return [Decimal(rng.choice(("7.6", "7.6", "8", "7", "6.5"))) for _ in range(5)] + [
        Decimal(0)
    ] * 2


def fill(state: State, org: Org) -> None:
    """Give an AU organisation its payroll (other countries get none)."""
    if org.country != "AU":
        return
    rng = org.rng or random.Random(org.id)
    book = book_of(state, org)
    ordinary = by_name(book, "Ordinary Hours")["EarningsRateID"]
    today = dates.today()
    monday = today - timedelta(days=today.weekday(), weeks=3)
    calendars = [
        save_calendar(
            org,
            book,
            {"Name": name, "CalendarType": name.upper(), "StartDate": monday}
            | {"PaymentDate": monday + timedelta(days=paid)},
        )
        for name, paid in (("Weekly", 9), ("Fortnightly", 16))
    ]
    weekly, fortnightly = calendars
    taken: set[str] = set()
    hourly = [
        _employee(
            org,
            book,
            rng,
            weekly,
            {
                "EarningsRateID": ordinary,
                "CalculationType": "ENTEREARNINGSRATE",
                "RatePerUnit": Decimal(rng.randint(2800, 4500)) / 100,
            },
            taken,
        )
        for _ in range(3)
    ]
    for _ in range(3):
        salary = {
            "EarningsRateID": ordinary,
            "CalculationType": "ANNUALSALARY",
            "AnnualSalary": Decimal(rng.randint(65, 120) * 1000),
            "NumberOfUnitsPerWeek": Decimal(38),
        }
        _employee(org, book, rng, fortnightly, salary, taken)
    for week in range(3):
        start = monday + timedelta(weeks=week)
        for employee in hourly:
            save_timesheet(
                org,
                book,
                {
                    "EmployeeID": employee["EmployeeID"],
                    "StartDate": start,
                    "EndDate": start + timedelta(days=6),
                    "Status": "DRAFT" if week == 2 else "APPROVED",
                    "TimesheetLines": [{"EarningsRateID": ordinary, "NumberOfUnits": _week(rng)}],
                },
            )
    run = create_pay_run(state, org, book, {"PayrollCalendarID": weekly["PayrollCalendarID"]})
    update_pay_run(state, org, book, run, {"PayRunStatus": "POSTED"})
    annual = next(iter(book.leave_types))
    save_leave(
        org,
        book,
        {
            "EmployeeID": hourly[0]["EmployeeID"],
            "LeaveTypeID": annual,
            "Title": "Annual leave",
            "StartDate": monday + timedelta(weeks=4),
            "EndDate": monday + timedelta(weeks=4, days=4),
        },
    )
