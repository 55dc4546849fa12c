"""HR widgets: employees with their salary, and hours worked per employee and period.

Salary as at `to`: for each pay item, the employee's latest salary line effective on or
before `to` (a line without a date counts from the start), annualised (hourly rates times
hours per week times 52), converted at `to`, and divided into the chosen period (a year
has 365 days, 52 weeks, 12 months, 4 quarters). Employees listed are those employed at
some time in the range. Hours are the timesheets' daily hours, except REJECTED timesheets.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from hub.models.widgets import EmployeeDoc, SalaryLine, TimesheetLine
from hub.widgets.context import Query
from hub.widgets.money import ZERO, cents
from hub.widgets.params import TopWidgetArgs, WidgetArgs
from hub.widgets.periods import PER_YEAR
from hub.widgets.registry import Widget

EMPLOYEES = EmployeeDoc.__table__
SALARIES = SalaryLine.__table__
HOURS = TimesheetLine.__table__


def employees_list(query: Query) -> dict[str, Any]:
    as_at = query.end
    ranked = (
        select(
            SALARIES,
            func.row_number()
            .over(
                partition_by=(SALARIES.c.record_id, SALARIES.c.pay_item),
                order_by=SALARIES.c.effective_from.desc().nulls_last(),
            )
            .label("rank"),
        )
        .where(
            SALARIES.c.org_id.in_(query.org_ids),
            or_(SALARIES.c.effective_from.is_(None), SALARIES.c.effective_from <= as_at),
        )
        .subquery()
    )
    statement = (
        select(ranked.c.org_id, ranked.c.currency, ranked.c.record_id)
        .add_columns(func.sum(ranked.c.annual_amount), func.max(ranked.c.rate_per_hour))
        .where(ranked.c.rank == 1)
        .group_by(ranked.c.org_id, ranked.c.currency, ranked.c.record_id)
    )
    rows = query.session.execute(statement).all()
    query.converter.check((r[0], r[1], as_at) for r in rows)  # salaries convert at `to`
    pay: dict[str, list[Any]] = {}
    for org_id, currency, employee_id, annual, hourly in rows:
        entry = pay.setdefault(employee_id, [ZERO, None])
        entry[0] += query.converter.convert(org_id, currency, as_at, annual)
        if hourly is not None:
            entry[1] = query.converter.convert(org_id, currency, as_at, hourly)
    people = query.session.execute(
        select(EMPLOYEES)
        .where(
            EMPLOYEES.c.org_id.in_(query.org_ids),
            or_(EMPLOYEES.c.start_date.is_(None), EMPLOYEES.c.start_date <= as_at),
            or_(
                EMPLOYEES.c.termination_date.is_(None),
                EMPLOYEES.c.termination_date >= query.start,
            ),
        )
        .order_by(EMPLOYEES.c.name, EMPLOYEES.c.record_id)
    ).mappings()
    divisor = PER_YEAR[query.period]
    listed, total = [], ZERO
    for person in people:
        annual, hourly = pay.get(person["record_id"], [ZERO, None])
        total += annual
        listed.append(
            {
                "employee_id": person["record_id"],
                "organization_id": person["org_id"],
                "name": person["name"],
                "number": person["number"],
                "job_title": person["job_title"],
                "status": person["status"],
                "start_date": person["start_date"] and person["start_date"].isoformat(),
                "annual_salary": cents(annual),
                "period_salary": cents(annual / divisor),
                "hourly_rate": cents(hourly),
            }
        )
    return {
        "as_at": as_at.isoformat(),
        "rows": listed,
        "totals": {
            "employees": len(listed),
            "annual_salary": cents(total),
            "period_salary": cents(total / divisor),
        },
    }


def timesheets(query: Query) -> dict[str, Any]:
    period = query.period_of(HOURS.c.date).label("period")
    statement = (
        select(HOURS.c.employee_id, period, func.sum(HOURS.c.hours))
        .where(
            HOURS.c.org_id.in_(query.org_ids),
            HOURS.c.date >= query.start,
            HOURS.c.date <= query.end,
            or_(HOURS.c.status.is_(None), HOURS.c.status != "REJECTED"),
        )
        .group_by(HOURS.c.employee_id, period)
    )
    dates = query.dates()
    index = {day: n for n, day in enumerate(dates)}
    worked: dict[str, list[Any]] = {}
    for employee_id, day, hours in query.session.execute(statement):
        worked.setdefault(employee_id, [ZERO] * len(dates))[index[day]] += hours
    names = dict(
        query.session.execute(
            select(EMPLOYEES.c.record_id, EMPLOYEES.c.name).where(
                EMPLOYEES.c.record_id.in_(list(worked) or [""])
            )
        ).all()
    )
    ranked = sorted(worked, key=lambda e: (-sum(worked[e], ZERO), names.get(e, ""), e))
    overall = [ZERO] * len(dates)
    for values in worked.values():
        overall = [a + b for a, b in zip(overall, values, strict=True)]
    return {
        "currency": None,
        "dates": [d.isoformat() for d in dates],
        "employees": [
            {
                "employee_id": e,
                "name": names.get(e, ""),
                "values": [_hours(v) for v in worked[e]],
                "total": _hours(sum(worked[e], ZERO)),
            }
            for e in ranked[: query.args["limit"]]
        ],
        "totals": [_hours(v) for v in overall],
        "total": _hours(sum(overall, ZERO)),
    }


def _hours(value: Any) -> str:
    return format(value.normalize(), "f") if value else "0"


WIDGETS = [
    Widget(
        "employees_list",
        "Employees and salaries",
        "hr",
        "Employees employed in the range with their salary as at `to`, per year and per "
        "the chosen period.",
        WidgetArgs,
        employees_list,
        "table",
        "{as_at, rows: [{employee_id, organization_id, name, number, job_title, status, "
        "start_date, annual_salary, period_salary, hourly_rate}], totals: {employees, "
        "annual_salary, period_salary}}",
    ),
    Widget(
        "timesheets",
        "Hours worked",
        "hr",
        "Total hours worked per employee and period, from timesheets (rejected ones aside).",
        TopWidgetArgs,
        timesheets,
        "bar",
        "{dates, employees: [{employee_id, name, values: [hours per period], total}] (top N), "
        "totals: [all employees], total}",
    ),
]
