"""Employees: people on the payroll (Xero Payroll AU/UK/US employees, HR apps).

There is no separate pay-items entity: an employee carries the pay items it uses
(Xero's pay template: earnings rates, deductions, leave, reimbursements), and a salary
line or a timesheet line names its pay item.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validate, validates_schema

from .base import (
    NON_NEGATIVE,
    CanonicalSchema,
    check_order,
    choice,
    date,
    email,
    flag,
    many,
    nested,
    only_one,
    text,
)
from .common import AddressSchema, PhoneSchema
from .fields import Currency, Money, Quantity, Ref

GENDERS = ("MALE", "FEMALE", "NON_BINARY", "NOT_STATED")
STATUSES = ("ACTIVE", "TERMINATED")
PAY_FREQUENCIES = ("WEEKLY", "FORTNIGHTLY", "FOUR_WEEKLY", "TWICE_MONTHLY", "MONTHLY", "QUARTERLY")
PAY_ITEM_TYPES = ("EARNINGS", "DEDUCTION", "LEAVE", "REIMBURSEMENT", "BENEFIT", "SUPERANNUATION")
RATE_TYPES = ("FIXED_AMOUNT", "MULTIPLE", "RATE_PER_UNIT")


class PayItemSchema(CanonicalSchema):
    """An earnings rate, deduction, leave type or reimbursement the employee is paid with."""

    name = text(100, required=True)
    type = choice(*PAY_ITEM_TYPES, required=True)
    earnings_type = text(50, metadata={"description": "e.g. ORDINARY, OVERTIME, ALLOWANCE"})
    rate_type = choice(*RATE_TYPES)
    rate_per_unit = Money(validate=NON_NEGATIVE)
    multiplier = Quantity(validate=NON_NEGATIVE, metadata={"description": "of the ordinary rate"})
    amount = Money(validate=NON_NEGATIVE, metadata={"description": "fixed amount per period"})
    unit_type = text(50, metadata={"description": "what units count, e.g. Hours"})
    account_id = Ref("accounts")
    is_exempt_from_tax = flag()
    is_exempt_from_super = flag()

    @validates_schema
    def _rate(self, data: dict[str, Any], **kwargs: Any) -> None:
        rate_type = data.get("rate_type")
        if data.get("multiplier") is not None and rate_type not in (None, "MULTIPLE"):
            raise ValidationError("Only a MULTIPLE rate has a multiplier.", "multiplier")


class SalaryLineSchema(CanonicalSchema):
    """What the employee earns: an annual salary or an hourly rate, never both."""

    name = text(255)
    pay_item = text(100, metadata={"description": "name of the earnings pay item"})
    annual_amount = Money(validate=NON_NEGATIVE)
    rate_per_hour = Money(validate=NON_NEGATIVE)
    hours_per_week = Quantity(validate=validate.Range(min=0, max=168))
    currency = Currency()
    effective_from = date()

    @validates_schema
    def _one_basis(self, data: dict[str, Any], **kwargs: Any) -> None:
        only_one(data, "annual_amount", "rate_per_hour", required=not kwargs.get("partial"))


class EmployeeSchema(CanonicalSchema):
    """An employee. A TERMINATED employee has a termination date."""

    title = text(50)
    first_name = text(255, required=True)
    middle_names = text(255)
    last_name = text(255, required=True)
    employee_number = text(50)
    email = email()
    birth_date = date()
    gender = choice(*GENDERS)
    phones = many(PhoneSchema)
    address = nested(AddressSchema)
    job_title = text(255)
    classification = text(255)
    start_date = date()
    termination_date = date()
    termination_reason = text(255)
    status = choice(*STATUSES)
    pay_frequency = choice(*PAY_FREQUENCIES)
    salary = many(SalaryLineSchema)
    pay_items = many(PayItemSchema)

    @validates_schema
    def _dates(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_order(data, "birth_date", "start_date")
        check_order(data, "start_date", "termination_date")
        partial = kwargs.get("partial")
        if data.get("status") == "TERMINATED" and data.get("termination_date") is None:
            if not partial:
                raise ValidationError("A TERMINATED employee needs one.", "termination_date")
