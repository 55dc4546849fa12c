"""Payroll AU timesheets, pay runs and leave through xero-python's PayrollAuApi."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token
from xero_python.exceptions import BadRequestException
from xero_python.payrollau import PayrollAuApi
from xero_python.payrollau.models import (
    CalendarType,
    EarningsLine,
    EarningsRateCalculationType,
    Employee,
    LeaveApplication,
    LeavePeriodStatus,
    PayrollCalendar,
    PayRun,
    PayRunStatus,
    PayTemplate,
    Timesheet,
    TimesheetLine,
    TimesheetStatus,
)

from connectors.xero import sandbox

if TYPE_CHECKING:
    from conftest import Sandbox

PAYROLL_SCOPES = (
    f"{sandbox.DEFAULT_SCOPES} payroll.employees payroll.timesheets payroll.payruns "
    "payroll.payslip payroll.settings"
)
MONDAY = date(2026, 3, 2)
SUNDAY = date(2026, 3, 8)


@dataclass
class Payroll:
    api: PayrollAuApi
    tenant: str
    calendar_id: str
    employee_id: str
    ordinary: str
    overtime: str


@pytest.fixture
def payroll(xero: Sandbox) -> Iterator[Payroll]:
    """A weekly calendar from Monday 2 March 2026 and an hourly employee on it ($30/hour)."""
    token = sandbox.issue_token(xero.app, [xero.tenant_id], PAYROLL_SCOPES)
    configuration = Configuration()
    configuration.oauth2_token = OAuth2Token(client_id="sandbox-client", client_secret="x")
    client = ApiClient(configuration, oauth2_token_getter=lambda: token)
    api = PayrollAuApi(client, base_url=f"{xero.url}/payroll.xro/1.0")
    tenant = xero.tenant_id
    rates = {r.name: r.earnings_rate_id for r in api.get_pay_items(tenant).pay_items.earnings_rates}
    ordinary = rates["Ordinary Hours"]
    calendar = PayrollCalendar(
        name="Weekly",
        calendar_type=CalendarType.WEEKLY,
        start_date=MONDAY,
        payment_date=date(2026, 3, 11),
    )
    calendar_id = api.create_payroll_calendar(tenant, [calendar]).payroll_calendars[0]
    line = EarningsLine(
        earnings_rate_id=ordinary,
        calculation_type=EarningsRateCalculationType.ENTEREARNINGSRATE,
        rate_per_unit=Decimal("30.00"),
    )
    employee = Employee(
        first_name="Grace",
        last_name="Hopper",
        date_of_birth=date(1988, 12, 9),
        payroll_calendar_id=calendar_id.payroll_calendar_id,
        ordinary_earnings_rate_id=ordinary,
        pay_template=PayTemplate(earnings_lines=[line]),
    )
    made = api.create_employee(tenant, [employee]).employees[0]
    yield Payroll(
        api,
        tenant,
        calendar_id.payroll_calendar_id,
        made.employee_id,
        ordinary,
        rates["Overtime Hours (exempt from super)"],
    )
    client.rest_client.pool_manager.clear()


def _sheet(p: Payroll, start: date = MONDAY, end: date = SUNDAY, **extra: object) -> Timesheet:
    lines = [
        TimesheetLine(earnings_rate_id=p.ordinary, number_of_units=[8, 8, 7.5, 8, 6, 0, 0]),
        TimesheetLine(earnings_rate_id=p.overtime, number_of_units=[0, 2, 0, 0, 0, 0, 0]),
    ]
    return Timesheet(
        employee_id=p.employee_id, start_date=start, end_date=end, timesheet_lines=lines, **extra
    )


def _messages(error: BadRequestException) -> list[str]:
    return [m["Message"] for e in error.error_data["Elements"] for m in e["ValidationErrors"]]


def test_timesheet_create_get_update_and_list(payroll: Payroll) -> None:
    api, tenant = payroll.api, payroll.tenant
    made = api.create_timesheet(tenant, [_sheet(payroll)]).timesheets[0]
    assert made.status == TimesheetStatus.DRAFT and made.hours == Decimal("39.5")
    assert made.timesheet_lines[0].number_of_units == [8, 8, Decimal("7.5"), 8, 6, 0, 0]

    fetched = api.get_timesheet(tenant, made.timesheet_id).timesheet
    assert (fetched.start_date, fetched.end_date) == (MONDAY, SUNDAY)
    assert fetched.employee_id == payroll.employee_id

    lines = [TimesheetLine(earnings_rate_id=payroll.ordinary, number_of_units=[8] * 5 + [0, 0])]
    change = Timesheet(
        employee_id=payroll.employee_id,
        start_date=MONDAY,
        end_date=SUNDAY,
        status=TimesheetStatus.APPROVED,
        timesheet_lines=lines,
    )
    updated = api.update_timesheet(tenant, made.timesheet_id, [change]).timesheets[0]
    assert updated.status == TimesheetStatus.APPROVED and updated.hours == Decimal("40")
    assert len(updated.timesheet_lines) == 1  # lines are replaced, not merged

    listed = api.get_timesheets(tenant, where='Status=="APPROVED"').timesheets
    assert [(t.timesheet_id, t.hours) for t in listed] == [(made.timesheet_id, Decimal("40"))]
    assert api.get_timesheets(tenant, where='Status=="DRAFT"').timesheets == []


def test_the_period_must_be_one_pay_period_of_the_employee(payroll: Payroll) -> None:
    api, tenant = payroll.api, payroll.tenant
    with pytest.raises(BadRequestException) as refused:
        api.create_timesheet(tenant, [_sheet(payroll, date(2026, 3, 3), date(2026, 3, 9))])
    assert _messages(refused.value) == [
        "The timesheet dates must match a pay period of the employee's payroll calendar "
        "'Weekly': the period starting 2 March 2026 ends 8 March 2026.",
    ]
    fortnight = _sheet(payroll, MONDAY, date(2026, 3, 15))
    with pytest.raises(BadRequestException) as refused:
        api.create_timesheet(tenant, [fortnight])
    assert "NumberOfUnits must have 14 values, one for each day of the timesheet." in _messages(
        refused.value
    )
    # A later week of the calendar is fine, once; a second one for it is refused.
    api.create_timesheet(tenant, [_sheet(payroll, date(2026, 3, 30), date(2026, 4, 5))])
    with pytest.raises(BadRequestException) as refused:
        api.create_timesheet(tenant, [_sheet(payroll, date(2026, 3, 30), date(2026, 4, 5))])
    assert _messages(refused.value) == [
        "A timesheet already exists for this employee for this pay period."
    ]
    assert len(api.get_timesheets(tenant).timesheets) == 1


def test_posting_a_pay_run_processes_and_finalises_the_period(payroll: Payroll) -> None:
    api, tenant = payroll.api, payroll.tenant
    sheet = api.create_timesheet(
        tenant, [_sheet(payroll, status=TimesheetStatus.APPROVED)]
    ).timesheets[0]
    draft = api.create_pay_run(tenant, [PayRun(payroll_calendar_id=payroll.calendar_id)])
    run = draft.pay_runs[0]
    assert run.pay_run_status == PayRunStatus.DRAFT
    assert (run.pay_run_period_start_date, run.pay_run_period_end_date) == (MONDAY, SUNDAY)
    # 37.5 ordinary hours at $30 and 2 overtime hours at 1.5 x $30.
    assert run.wages == Decimal("1215.00")
    assert run.tax == Decimal("243") and run.net_pay == Decimal("972.00")
    assert run.super == Decimal("135.00")  # overtime is exempt from super

    posted = api.update_pay_run(
        tenant,
        run.pay_run_id,
        [PayRun(payroll_calendar_id=payroll.calendar_id, pay_run_status=PayRunStatus.POSTED)],
    ).pay_runs[0]
    assert posted.pay_run_status == PayRunStatus.POSTED
    assert api.get_timesheet(tenant, sheet.timesheet_id).timesheet.status == (
        TimesheetStatus.PROCESSED
    )
    payslip = api.get_payslip(tenant, posted.payslips[0].payslip_id).payslip
    assert {line.number_of_units for line in payslip.timesheet_earnings_lines} == {
        Decimal("37.5"),
        Decimal("2"),
    }
    calendar = api.get_payroll_calendar(tenant, payroll.calendar_id).payroll_calendars[0]
    assert (calendar.start_date, calendar.payment_date) == (date(2026, 3, 9), date(2026, 3, 18))

    with pytest.raises(BadRequestException) as refused:
        api.update_timesheet(tenant, sheet.timesheet_id, [_sheet(payroll)])
    assert _messages(refused.value) == ["A processed timesheet cannot be modified."]
    with pytest.raises(BadRequestException):
        api.update_pay_run(
            tenant, run.pay_run_id, [PayRun(payroll_calendar_id=payroll.calendar_id)]
        )
    next_run = api.create_pay_run(tenant, [PayRun(payroll_calendar_id=payroll.calendar_id)])
    assert next_run.pay_runs[0].pay_run_period_start_date == date(2026, 3, 9)


def test_a_posted_period_takes_no_new_timesheets(payroll: Payroll) -> None:
    api, tenant = payroll.api, payroll.tenant
    run = api.create_pay_run(tenant, [PayRun(payroll_calendar_id=payroll.calendar_id)])
    api.update_pay_run(
        tenant,
        run.pay_runs[0].pay_run_id,
        [PayRun(payroll_calendar_id=payroll.calendar_id, pay_run_status=PayRunStatus.POSTED)],
    )
    with pytest.raises(BadRequestException) as refused:
        api.create_timesheet(tenant, [_sheet(payroll)])
    assert _messages(refused.value) == [
        "The pay period 2 March 2026 to 8 March 2026 has been processed in a posted pay run; "
        "its timesheets cannot be added or changed."
    ]


def test_leave_is_split_by_pay_period_and_processed_by_the_run(payroll: Payroll) -> None:
    api, tenant = payroll.api, payroll.tenant
    annual = api.get_pay_items(tenant).pay_items.leave_types[0].leave_type_id
    leave = LeaveApplication(
        employee_id=payroll.employee_id,
        leave_type_id=annual,
        title="Holiday",
        start_date=date(2026, 3, 5),
        end_date=date(2026, 3, 10),
    )
    made = api.create_leave_application(tenant, [leave]).leave_applications[0]
    assert [(p.pay_period_start_date, p.number_of_units) for p in made.leave_periods] == [
        (MONDAY, Decimal("15.2")),  # Thursday and Friday
        (date(2026, 3, 9), Decimal("15.2")),  # Monday and Tuesday
    ]
    run = api.create_pay_run(tenant, [PayRun(payroll_calendar_id=payroll.calendar_id)])
    api.update_pay_run(
        tenant,
        run.pay_runs[0].pay_run_id,
        [PayRun(payroll_calendar_id=payroll.calendar_id, pay_run_status=PayRunStatus.POSTED)],
    )
    after = api.get_leave_application(tenant, made.leave_application_id).leave_applications[0]
    assert [p.leave_period_status for p in after.leave_periods] == [
        LeavePeriodStatus.PROCESSED,
        LeavePeriodStatus.SCHEDULED,
    ]
    with pytest.raises(BadRequestException):
        api.approve_leave_application(tenant, made.leave_application_id)
