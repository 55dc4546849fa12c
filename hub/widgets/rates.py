"""Exchange rates an organization keeps: set (by pair and date), list and delete them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.models import utcnow
from hub.models.widgets import ExchangeRate
from hub.widgets.params import CURRENCY


class RateSchema(Schema):
    """One rate: 1 `from_currency` is worth `rate` `to_currency` from `date` on."""

    id = fields.UUID(dump_only=True)
    from_currency = fields.String(required=True, validate=CURRENCY)
    to_currency = fields.String(required=True, validate=CURRENCY)
    date = fields.Date(required=True, metadata={"description": "in force from this day"})
    rate = fields.Decimal(
        required=True,
        as_string=True,
        places=10,
        validate=validate.Range(min=Decimal("0.0000000001"), max=Decimal(10**8)),
        metadata={"type": "string", "format": "decimal", "description": 'e.g. "0.6523"'},
    )
    updated_at = fields.AwareDateTime(dump_only=True)

    @validates_schema
    def _pair(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("from_currency") and data.get("from_currency") == data.get("to_currency"):
            raise ValidationError("Must differ from from_currency.", "to_currency")


class RatesBody(Schema):
    rates = fields.List(
        fields.Nested(RateSchema), required=True, validate=validate.Length(min=1, max=1000)
    )


class RatesQuery(Schema):
    from_currency = fields.String(validate=CURRENCY)
    to_currency = fields.String(validate=CURRENCY)


def set_rates(session: Session, org_id: str, rates: Iterable[dict[str, Any]]) -> list[ExchangeRate]:
    """Add rates, or replace the rate of a pair on a date already kept."""
    saved = []
    for given in rates:
        key = (given["from_currency"], given["to_currency"], given["date"])
        row = session.scalar(
            select(ExchangeRate).where(
                ExchangeRate.org_id == org_id,
                ExchangeRate.from_currency == key[0],
                ExchangeRate.to_currency == key[1],
                ExchangeRate.date == key[2],
            )
        )
        if row is None:
            row = ExchangeRate(org_id=org_id, from_currency=key[0], to_currency=key[1], date=key[2])
            session.add(row)
        row.rate, row.updated_at = given["rate"], utcnow()
        saved.append(row)
    session.flush()
    return saved


def list_rates(
    session: Session, org_id: str, from_currency: str | None = None, to_currency: str | None = None
) -> list[ExchangeRate]:
    query = select(ExchangeRate).where(ExchangeRate.org_id == org_id)
    if from_currency:
        query = query.where(ExchangeRate.from_currency == from_currency)
    if to_currency:
        query = query.where(ExchangeRate.to_currency == to_currency)
    order = (ExchangeRate.from_currency, ExchangeRate.to_currency, ExchangeRate.date)
    return list(session.scalars(query.order_by(*order)))


def delete_rate(session: Session, org_id: str, rate_id: str) -> bool:
    row = session.get(ExchangeRate, rate_id)
    if row is None or row.org_id != org_id:
        return False
    session.delete(row)
    session.flush()
    return True


def rate_json(row: ExchangeRate) -> dict[str, Any]:
    body: dict[str, Any] = RateSchema().dump(row)
    body["rate"] = _plain(row.rate)
    return body


def _plain(value: Decimal) -> str:
    """ "0.6523000000" -> "0.6523"."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
