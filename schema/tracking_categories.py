"""Tracking categories: analytic dimensions such as Region or Department (Xero
TrackingCategories). Lines refer to an option by its category id and option name."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import CanonicalSchema, choice, many, text

STATUSES = ("ACTIVE", "ARCHIVED")


class TrackingOptionSchema(CanonicalSchema):
    """One value of a category, e.g. North."""

    name = text(100, required=True)
    status = choice(*STATUSES)


class TrackingCategorySchema(CanonicalSchema):
    """A category with uniquely named options."""

    name = text(100, required=True)
    status = choice(*STATUSES)
    options = many(TrackingOptionSchema)

    @validates_schema
    def _unique_options(self, data: dict[str, Any], **kwargs: Any) -> None:
        seen: set[str] = set()
        for option in data.get("options") or []:
            if not option.get("name"):
                continue
            key = option["name"].strip().casefold()
            if key in seen:
                raise ValidationError(f"Option {option['name']!r} appears twice.", "options")
            seen.add(key)
