"""What an admin sets on a Harvest connection, and the pay periods hours are grouped into.

The pay period must be the one of the Xero payroll calendar the hours go to (same length,
same first day): a timesheet is only accepted by Xero for exactly one of its periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from hub.sdk.errors import ConfigurationError

DEFAULT_BASE_URL = "https://api.harvestapp.com/v2"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A Monday long past: weekly periods are laid out from it, so any weekday can start them.
_EPOCH_MONDAY = date(2001, 1, 1)


class HarvestSettings(Schema):
    """The connection's settings; the token and account id are credentials (stored encrypted)."""

    access_token = fields.String(
        load_only=True,
        load_default=None,
        metadata={"secret": True, "description": "a personal access token (an administrator's)"},
    )
    account_id = fields.String(
        load_only=True,
        load_default=None,
        metadata={"secret": True, "description": "the Harvest account id shown with the token"},
    )
    # Not a URL field: the hub takes a URL setting as the tenant, and every account shares
    # this one. The account id tells Harvest accounts apart.
    base_url = fields.String(
        load_default=DEFAULT_BASE_URL,
        validate=validate.URL(require_tld=False, schemes={"http", "https"}),
        metadata={"description": "Harvest's API address (the sandbox's, in the demo)"},
    )
    pay_period = fields.String(
        load_default="weekly",
        validate=validate.OneOf(("weekly", "fortnightly")),
        metadata={"description": "how hours are grouped: must match the Xero payroll calendar"},
    )
    week_starts_on = fields.String(
        load_default="monday",
        validate=validate.OneOf(WEEKDAYS),
        metadata={"description": "weekly periods: the weekday they start on"},
    )
    anchor_date = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "fortnightly periods: the first day of any one of them"},
    )
    pay_item = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "earnings rate to name on timesheet lines (default: none)"},
    )
    lookback_days = fields.Integer(
        load_default=14,
        validate=validate.Range(min=0, max=92),
        metadata={"description": "periods this recent are re-read on every sync (deletions)"},
    )

    @validates_schema
    def _anchor(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("pay_period") == "fortnightly" and data.get("anchor_date") is None:
            raise ValidationError(
                "A fortnightly pay period needs the first day of one of its periods.",
                "anchor_date",
            )


@dataclass(frozen=True)
class PayPeriods:
    """Periods of `length` days laid out from `anchor` (the first day of one of them)."""

    length: int
    anchor: date

    @classmethod
    def from_settings(cls, settings: Any) -> PayPeriods:
        if settings.get("pay_period", "weekly") == "fortnightly":
            anchor = settings.get("anchor_date")
            if not anchor:
                raise ConfigurationError("A fortnightly pay period needs its anchor_date setting.")
            return cls(14, date.fromisoformat(str(anchor)))
        weekday = WEEKDAYS.index(settings.get("week_starts_on") or "monday")
        return cls(7, _EPOCH_MONDAY + timedelta(days=weekday))

    def period_of(self, day: date) -> tuple[date, date]:
        start = self.anchor + timedelta(days=(day - self.anchor).days // self.length * self.length)
        return start, start + timedelta(days=self.length - 1)

    def overlapping(self, first: date, last: date) -> list[tuple[date, date]]:
        """Every period with a day between `first` and `last`, oldest first."""
        found = []
        start = self.period_of(first)[0]
        while start <= last:
            found.append((start, start + timedelta(days=self.length - 1)))
            start += timedelta(days=self.length)
        return found
