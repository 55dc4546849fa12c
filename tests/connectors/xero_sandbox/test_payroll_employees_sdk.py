"""Payroll AU employees, pay items and calendars through xero-python's PayrollAuApi."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token
from xero_python.exceptions import BadRequestException, NotFoundException
from xero_python.payrollau import PayrollAuApi
from xero_python.payrollau.models import (
    CalendarType,
    DeductionType,
    EarningsLine,
    EarningsRate,
    EarningsRateCalculationType,
    EarningsType,
    Employee,
    EmployeeStatus,
    HomeAddress,
    PayItem,
    PayrollCalendar,
    PayTemplate,
    RateType,
    State,
)

from connectors.xero import sandbox

if TYPE_CHECKING:
    from conftest import Sandbox

PAYROLL_SCOPES = (
    f"{sandbox.DEFAULT_SCOPES} payroll.employees payroll.timesheets payroll.payruns "
    "payroll.payslip payroll.settings"
)


@pytest.fixture
def payroll(xero: Sandbox) -> Iterator[PayrollAuApi]:
    """xero-python's PayrollAuApi, unmodified, with a token that has the payroll scopes."""
    token = sandbox.issue_token(xero.app, [xero.tenant_id], PAYROLL_SCOPES)
    configuration = Configuration()
    configuration.oauth2_token = OAuth2Token(client_id="sandbox-client", client_secret="x")
    client = ApiClient(configuration, oauth2_token_getter=lambda: token)
    api = PayrollAuApi(client, base_url=f"{xero.url}/payroll.xro/1.0")
    yield api
    client.rest_client.pool_manager.clear()


def _ordinary(api: PayrollAuApi, tenant: str) -> Any:
    rates = api.get_pay_items(tenant).pay_items.earnings_rates
    return next(r for r in rates if r.earnings_type == EarningsType.ORDINARYTIMEEARNINGS)


def _weekly(api: PayrollAuApi, tenant: str) -> Any:
    calendar = PayrollCalendar(
        name="Weekly",
        calendar_type=CalendarType.WEEKLY,
        start_date=date(2026, 3, 2),
        payment_date=date(2026, 3, 11),
    )
    return api.create_payroll_calendar(tenant, [calendar]).payroll_calendars[0]


def _ada(rate_id: str, calendar_id: str, **extra: Any) -> Employee:
    return Employee(
        first_name="Ada",
        last_name="Lovelace",
        date_of_birth=date(1990, 12, 10),
        email="ada@example.com",
        home_address=HomeAddress(
            address_line1="12 Analytical St", city="Sydney", region=State.NSW, postal_code="2000"
        ),
        start_date=date(2024, 7, 1),
        payroll_calendar_id=calendar_id,
        ordinary_earnings_rate_id=rate_id,
        pay_template=PayTemplate(
            earnings_lines=[
                EarningsLine(
                    earnings_rate_id=rate_id,
                    calculation_type=EarningsRateCalculationType.ENTEREARNINGSRATE,
                    rate_per_unit=Decimal("34.50"),
                )
            ]
        ),
        **extra,
    )


def test_a_new_au_organisation_has_xero_default_pay_items(
    xero: Sandbox, payroll: PayrollAuApi
) -> None:
    items = payroll.get_pay_items(xero.tenant_id).pay_items
    names = {r.name: r for r in items.earnings_rates}
    assert names["Ordinary Hours"].earnings_type == EarningsType.ORDINARYTIMEEARNINGS
    overtime = names["Overtime Hours (exempt from super)"]
    assert overtime.rate_type == RateType.MULTIPLE and overtime.multiplier == Decimal("1.5")
    assert "Annual Leave" in {t.name for t in items.leave_types}
    assert {t.name for t in items.deduction_types} == {"Union Fees", "Workplace Giving"}
    assert len(items.reimbursement_types) == 2


def test_pay_items_are_created_and_checked(xero: Sandbox, payroll: PayrollAuApi) -> None:
    bonus = EarningsRate(
        name="Sales Bonus",
        account_code="477",
        type_of_units="Dollars",
        earnings_type=EarningsType.BONUSESANDCOMMISSIONS,
        rate_type=RateType.FIXEDAMOUNT,
        amount=Decimal("250.00"),
        is_exempt_from_tax=False,
        is_exempt_from_super=True,
        is_reportable_as_w1=True,
        is_qualifying_earnings=False,
    )
    made = payroll.create_pay_item(xero.tenant_id, PayItem(earnings_rates=[bonus]))
    created = made.pay_items.earnings_rates[0]
    assert created.earnings_rate_id and created.amount == Decimal("250")
    listed = payroll.get_pay_items(xero.tenant_id).pay_items.earnings_rates
    assert created.earnings_rate_id in {r.earnings_rate_id for r in listed}

    bad = DeductionType(name="Union Fees", account_code="999")
    with pytest.raises(BadRequestException) as refused:
        payroll.create_pay_item(xero.tenant_id, PayItem(deduction_types=[bad]))
    messages = [m["Message"] for m in refused.value.error_data["Elements"][0]["ValidationErrors"]]
    assert "Please enter a unique Name." in messages
    assert any("'999'" in m for m in messages)


def test_calendars_are_created_listed_and_read_back(xero: Sandbox, payroll: PayrollAuApi) -> None:
    weekly = _weekly(payroll, xero.tenant_id)
    assert weekly.calendar_type == CalendarType.WEEKLY and weekly.start_date == date(2026, 3, 2)
    fetched = payroll.get_payroll_calendar(xero.tenant_id, weekly.payroll_calendar_id)
    assert fetched.payroll_calendars[0].payment_date == date(2026, 3, 11)
    assert [c.name for c in payroll.get_payroll_calendars(xero.tenant_id).payroll_calendars] == [
        "Weekly"
    ]
    with pytest.raises(BadRequestException) as refused:
        payroll.create_payroll_calendar(
            xero.tenant_id, [PayrollCalendar(name="weekly", calendar_type=CalendarType.MONTHLY)]
        )
    errors = refused.value.error_data["Elements"][0]["ValidationErrors"]
    assert {e["Message"] for e in errors} >= {
        "Please enter a unique Name.",
        "Start Date must be specified.",
        "Payment Date must be specified.",
    }


def test_employee_create_get_update_and_list(xero: Sandbox, payroll: PayrollAuApi) -> None:
    rate = _ordinary(payroll, xero.tenant_id)
    weekly = _weekly(payroll, xero.tenant_id)
    made = payroll.create_employee(
        xero.tenant_id, [_ada(rate.earnings_rate_id, weekly.payroll_calendar_id)]
    ).employees[0]
    assert made.status == EmployeeStatus.ACTIVE and isinstance(made.updated_date_utc, datetime)
    assert made.pay_template.earnings_lines[0].rate_per_unit == Decimal("34.5")

    fetched = payroll.get_employee(xero.tenant_id, made.employee_id).employees[0]
    assert fetched.date_of_birth == date(1990, 12, 10)
    assert fetched.home_address.region == State.NSW
    assert fetched.payroll_calendar_id == weekly.payroll_calendar_id

    changed = Employee(
        first_name="Ada",
        last_name="King",
        date_of_birth=date(1990, 12, 10),
        job_title="Analyst",
        termination_date=date(2026, 6, 30),
    )
    updated = payroll.update_employee(xero.tenant_id, made.employee_id, [changed]).employees[0]
    assert (updated.last_name, updated.job_title) == ("King", "Analyst")
    assert updated.status == EmployeeStatus.TERMINATED
    # Omitted fields stay as they were.
    assert updated.email == "ada@example.com" and updated.pay_template.earnings_lines

    listed = payroll.get_employees(xero.tenant_id).employees
    assert [(e.employee_id, e.last_name) for e in listed] == [(made.employee_id, "King")]
    # The list is a summary: no pay template or address.
    assert listed[0].pay_template is None and listed[0].home_address is None


def test_employee_lists_filter_and_page(xero: Sandbox, payroll: PayrollAuApi) -> None:
    rate = _ordinary(payroll, xero.tenant_id)
    weekly = _weekly(payroll, xero.tenant_id)
    people = [
        Employee(first_name=f"Person{n}", last_name="Test", date_of_birth=date(1980, 1, 1))
        for n in range(3)
    ]
    payroll.create_employee(xero.tenant_id, people)
    ada = payroll.create_employee(
        xero.tenant_id, [_ada(rate.earnings_rate_id, weekly.payroll_calendar_id)]
    ).employees[0]
    found = payroll.get_employees(xero.tenant_id, where='LastName=="Lovelace"').employees
    assert [e.employee_id for e in found] == [ada.employee_id]
    recent = payroll.get_employees(
        xero.tenant_id, if_modified_since=ada.updated_date_utc - timedelta(milliseconds=1)
    )
    assert [e.first_name for e in recent.employees] == ["Ada"]
    assert len(payroll.get_employees(xero.tenant_id, page=1).employees) == 4
    assert payroll.get_employees(xero.tenant_id, page=2).employees == []


def test_employee_validation_names_each_problem(xero: Sandbox, payroll: PayrollAuApi) -> None:
    unknown = "7c9a2a4e-0000-4000-8000-000000000001"
    rates = payroll.get_pay_items(xero.tenant_id).pay_items.earnings_rates
    overtime = next(r for r in rates if r.earnings_type == EarningsType.OVERTIMEEARNINGS)
    with pytest.raises(BadRequestException) as refused:
        payroll.create_employee(
            xero.tenant_id,
            [
                Employee(
                    first_name="Nobody",
                    last_name="Here",
                    date_of_birth=date(1999, 9, 9),
                    start_date=date(2025, 1, 1),
                    termination_date=date(2024, 1, 1),
                    payroll_calendar_id=unknown,
                    ordinary_earnings_rate_id=overtime.earnings_rate_id,
                )
            ],
        )
    element = refused.value.error_data["Elements"][0]
    assert element["EmployeeID"] == "00000000-0000-0000-0000-000000000000"
    assert {e["Message"] for e in element["ValidationErrors"]} == {
        f"Payroll Calendar with ID {unknown} could not be found.",
        "The ordinary earnings rate must be an earnings rate of type Ordinary Time Earnings.",
        "The Termination Date must not be before the Start Date.",
    }
    assert payroll.get_employees(xero.tenant_id).employees == []
    with pytest.raises(NotFoundException):
        payroll.get_employee(xero.tenant_id, unknown)
