"""Timesheets: hours an employee worked in a pay period (Xero Payroll timesheets, time trackers).

Hours follow Xero AU (and legacy US) payroll: each line has `hours`, one value per day
of the period from `start_date` to `end_date` inclusive, so a weekly timesheet line
has 7 values (zeros for days not worked). A tracker's dated entries map onto this by
their offset from `start_date`; Xero UK's one-row-per-day lines map the same way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from .base import CanonicalSchema, check_order, choice, date, fmt, many, text
from .common import TrackingSchema
from .fields import Quantity, Ref

STATUSES = ("DRAFT", "SUBMITTED", "APPROVED", "REJECTED", "PROCESSED")
DAY = validate.Range(min=0, max=24, error="Must be between 0 and 24 hours.")


class TimesheetLineSchema(CanonicalSchema):
    """Hours per day for one pay item and one piece of work."""

    pay_item = text(100, metadata={"description": "name of the earnings pay item"})
    project = text(255)
    task = text(255)
    description = text()
    tracking = many(TrackingSchema)
    hours = fields.List(
        Quantity(required=True, validate=DAY),
        required=True,
        metadata={"description": "one value per day of the period, start to end"},
    )


class TimesheetSchema(CanonicalSchema):
    """One employee's timesheet for one period; `total_hours`, when given, sums all lines."""

    employee_id = Ref("employees", required=True)
    start_date = date(required=True)
    end_date = date(required=True)
    status = choice(*STATUSES)
    total_hours = Quantity(validate=validate.Range(min=0, error="Must not be negative."))
    lines = many(TimesheetLineSchema)

    @validates_schema
    def _period(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_order(data, "start_date", "end_date")
        start, end = data.get("start_date"), data.get("end_date")
        # A partial load may leave out a line's hours: those lines are not checked.
        hours = [line.get("hours") for line in data.get("lines") or []]
        if start is not None and end is not None:
            days = (end - start).days + 1
            errors = {
                index: {
                    "hours": [
                        f"Expected {days} values, one per day from {start.isoformat()} "
                        f"to {end.isoformat()}; got {len(values)}."
                    ]
                }
                for index, values in enumerate(hours)
                if values is not None and len(values) != days
            }
            if errors:
                raise ValidationError({"lines": errors})
        total = data.get("total_hours")
        if total is not None and "lines" in data and None not in hours:
            worked = sum((h for values in hours for h in values), Decimal(0))
            if worked != total:
                raise ValidationError(
                    f"Must equal the hours of all lines ({fmt(worked)}), got {fmt(total)}.",
                    "total_hours",
                )
