"""Shared field types: decimal strings, currency and country codes, references, timestamps."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from marshmallow import ValidationError

from schema.base import CanonicalSchema
from schema.fields import Country, Currency, Money, Quantity, Ref, Timestamp


class Sample(CanonicalSchema):
    amount = Money()
    hours = Quantity()
    currency = Currency()
    country = Country()
    contact_id = Ref("contacts")
    at = Timestamp()


def load(**data: object) -> dict:
    return Sample().load(data)


def error(**data: object) -> dict:
    with pytest.raises(ValidationError) as info:
        Sample().load(data)
    return info.value.messages


@pytest.mark.parametrize("value", ["12.50", "-0.01", "0", 12, Decimal("3.333")])
def test_money_accepts_exact_values(value: object) -> None:
    assert load(amount=value)["amount"] == Decimal(str(value))


def test_money_refuses_floats_with_a_hint() -> None:
    assert error(amount=12.1) == {"amount": ['Send amounts as strings (e.g. "12.50"), not floats.']}
    assert "not floats" in error(hours=1.5)["hours"][0]


@pytest.mark.parametrize("value", ["1E+3", "NaN", "12,50", " 12", "+1", True, "", "abc"])
def test_money_refuses_anything_but_plain_decimals(value: object) -> None:
    assert error(amount=value) == {"amount": ["Not a valid amount."]}


def test_money_dumps_as_plain_string_keeping_its_scale() -> None:
    assert Sample().dump({"amount": Decimal("12.50")}) == {"amount": "12.50"}
    assert Sample().dump({"amount": Decimal("1E+1")}) == {"amount": "10"}


def test_optional_values_are_nullable() -> None:
    assert load(amount=None, contact_id=None) == {"amount": None, "contact_id": None}


def test_currency_and_country_codes() -> None:
    assert load(currency="NZD", country="NZ") == {"currency": "NZD", "country": "NZ"}
    assert error(currency="nzd", country="NZL") == {
        "currency": ["Not an ISO 4217 currency code."],
        "country": ["Not an ISO 3166-1 alpha-2 country code."],
    }


def test_ref_normalises_uuids_and_names_its_target() -> None:
    hub_id = uuid.uuid4()
    assert load(contact_id=str(hub_id).upper())["contact_id"] == str(hub_id)
    assert load(contact_id=hub_id)["contact_id"] == str(hub_id)
    assert error(contact_id="CUST-1") == {
        "contact_id": ["Not a valid hub id of a record in contacts."]
    }


def test_timestamps_must_be_aware_and_come_back_in_utc() -> None:
    at = load(at="2024-03-04T09:30:00+11:00")["at"]
    assert at == dt.datetime(2024, 3, 3, 22, 30, tzinfo=dt.UTC)
    assert at.utcoffset() == dt.timedelta(0)
    assert "at" in error(at="2024-03-04T09:30:00")
