"""Company: the one organisation whose books the apps keep (a singleton per hub organization)."""

from __future__ import annotations

import calendar
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from .base import CanonicalSchema, date, email, many, nested, text
from .common import AddressSchema, PhoneSchema
from .fields import Country, Currency


class FinancialYearEndSchema(CanonicalSchema):
    """The last day of the financial year, e.g. 30 June is {"day": 30, "month": 6}."""

    day = fields.Integer(required=True, validate=validate.Range(min=1, max=31))
    month = fields.Integer(required=True, validate=validate.Range(min=1, max=12))

    @validates_schema
    def _real_day(self, data: dict[str, Any], **kwargs: Any) -> None:
        day, month = data.get("day"), data.get("month")
        if day is None or month is None:
            return
        # 29 February is allowed: it is the year end in leap years.
        last = calendar.monthrange(2024, month)[1]
        if day > last:
            raise ValidationError(f"Month {month} has at most {last} days.", "day")


class CompanySchema(CanonicalSchema):
    """The organisation itself: Xero Organisation, vtiger CompanyDetails, Shopify Shop."""

    name = text(255, required=True)
    legal_name = text(255)
    base_currency = Currency()
    country_code = Country()
    timezone = text(64, metadata={"description": "IANA time zone, e.g. Australia/Sydney"})
    tax_number = text(50, metadata={"description": "ABN, GST or VAT number"})
    registration_number = text(50)
    financial_year_end = nested(FinancialYearEndSchema)
    period_lock_date = date(
        metadata={"description": "documents dated on or before it cannot be changed"}
    )
    addresses = many(AddressSchema)
    phones = many(PhoneSchema)
    email = email()
    website = text(255)

    @validates("timezone")
    def _known_timezone(self, value: str | None, **kwargs: Any) -> None:
        if value is None:
            return
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError("Not an IANA time zone such as Australia/Sydney.") from exc
