"""Parameters every widget takes: organizations, currency, date range and period.

Widgets subclass `WidgetArgs` to add their own. Defaults make a widget useful with no
parameters at all: `to` today (UTC), `from` the start of the period eleven periods
earlier (twelve periods in all), `period` month, the currency of the first organization.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    missing,
    post_load,
    validate,
    validates_schema,
)

from hub.models import utcnow
from hub.widgets import periods

CURRENCY = validate.Regexp(r"^[A-Z]{3}$", error="An ISO 4217 code such as AUD.")


class WidgetArgs(Schema):
    """The common parameters (Impac!'s `organization_ids`, `currency`, `hist_parameters`)."""

    organization_ids = fields.List(
        fields.UUID(),
        validate=validate.Length(min=1, max=20),
        metadata={
            "description": "organizations to consolidate (repeat the parameter); default: "
            "the organization of the URL. An API key reads its own organization only; "
            "a console user any organization they belong to."
        },
    )
    currency = fields.String(
        validate=CURRENCY,
        metadata={
            "description": "report in this currency, converting with the organizations' "
            "exchange rates; default: the first organization's base currency"
        },
    )
    from_ = fields.Date(
        data_key="from", metadata={"description": "first day (default: 12 periods back)"}
    )
    to = fields.Date(metadata={"description": "last day, or the 'as at' date (default: today)"})
    period = fields.String(
        load_default="month",
        validate=validate.OneOf(periods.PERIODS),
        metadata={"description": "grouping of series: day, week, month, quarter or year"},
    )

    @validates_schema
    def _range(self, data: dict[str, Any], **kwargs: Any) -> None:
        first, last = data.get("from_"), data.get("to")
        if first and last and first > last:
            raise ValidationError("Must be on or after `from`.", "to")
        if first and last:
            count = periods.count(first, last, data.get("period") or "month")
            if count > periods.MAX_PERIODS:
                raise ValidationError(
                    f"The range holds {count} periods; at most {periods.MAX_PERIODS}: "
                    "choose a longer period or a shorter range.",
                    "period",
                )

    @post_load
    def _defaults(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        period = data.setdefault("period", "month")
        last: date = data.get("to") or utcnow().date()
        data["to"] = last
        if data.get("from_") is None:
            data["from_"] = periods.shift(periods.trunc(last, period), period, -11)
        return data


class TopWidgetArgs(WidgetArgs):
    limit = fields.Integer(
        load_default=10,
        validate=validate.Range(min=1, max=1000),
        metadata={"description": "how many rows (top N)"},
    )


def entity_field() -> fields.String:
    return fields.String(
        load_default="customers",
        validate=validate.OneOf(("customers", "suppliers")),
        metadata={"description": "customers (sales invoices) or suppliers (bills)"},
    )


def describe(schema: type[Schema]) -> list[dict[str, Any]]:
    """The parameters of a widget for the catalogue: name, type, default, choices."""
    described = []
    for name, field in schema().fields.items():
        entry: dict[str, Any] = {
            "name": field.data_key or name,
            "type": _type_name(field),
            "required": field.required,
            "description": field.metadata.get("description", ""),
        }
        default = field.load_default
        if default is not missing and default is not None and not callable(default):
            entry["default"] = default
        choices = [v.choices for v in _validators(field) if isinstance(v, validate.OneOf)]
        if choices:
            entry["choices"] = list(choices[0])
        described.append(entry)
    return described


def _validators(field: fields.Field) -> list[Any]:
    inner = getattr(field, "inner", None)
    return list(field.validators) + (list(inner.validators) if inner is not None else [])


def _type_name(field: fields.Field) -> str:
    if isinstance(field, fields.List):
        return f"list of {_type_name(field.inner)}"
    return {
        fields.UUID: "uuid",
        fields.Date: "date",
        fields.Integer: "integer",
        fields.Boolean: "boolean",
    }.get(type(field), "string")
