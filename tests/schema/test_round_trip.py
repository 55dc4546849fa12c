"""Every entity's sample loads, dumps and loads back to the same data."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

import schema
from schema.samples import sample


@pytest.mark.parametrize("entity", list(schema.ENTITIES))
def test_sample_round_trips(entity: str) -> None:
    payload = sample(entity)
    data = schema.load(entity, payload)
    dumped = schema.dump(entity, data)
    assert dumped == payload
    assert schema.load(entity, json.loads(json.dumps(dumped))) == data


@pytest.mark.parametrize("entity", list(schema.ENTITIES))
def test_samples_are_fresh_and_take_given_references(entity: str) -> None:
    refs = {target: f"00000000-0000-4000-8000-{n:012d}" for n, target in enumerate(schema.ENTITIES)}
    payload = sample(entity, refs)
    assert payload is not sample(entity, refs)
    for _path, target, value in schema.iter_refs(entity, payload):
        assert value == refs[target]


def test_money_and_dates_load_as_decimals_and_dates() -> None:
    data = schema.load("invoices", sample("invoices"))
    assert data["total"] == Decimal("2903.84")
    assert isinstance(data["lines"][1]["unit_price"], Decimal)
    assert data["lines"][0]["discount_rate"] == Decimal("10")
    assert data["issue_date"] == dt.date(2024, 3, 4)
    timesheet = schema.load("timesheets", sample("timesheets"))
    assert timesheet["lines"][0]["hours"][0] == Decimal("7.6")


def test_sample_invoice_is_consistent() -> None:
    data = schema.load("invoices", sample("invoices"))
    lines = data["lines"]
    assert 2 <= len(lines) <= 3
    assert data["subtotal"] == sum(line["line_amount"] for line in lines)
    assert data["total_tax"] == sum(line["tax_amount"] for line in lines)
    assert data["total"] == data["subtotal"] + data["total_tax"]
    assert data["amount_due"] == data["total"] - data["amount_paid"] - data["amount_credited"]


PARTIAL = {
    "company": {"financial_year_end": {"day": 3}},
    "tax_codes": {"rate": "10", "components": [{"name": "GST"}]},
    "accounts": {"type": "BANK"},
    "tracking_categories": {"options": [{"status": "ACTIVE"}]},
    "contacts": {"people": [{"job_title": "Coach"}]},
    "items": {"sale": {"unit_price": "1.00"}},
    "employees": {"status": "TERMINATED", "salary": [{"name": "Base"}], "pay_items": [{}]},
    "invoices": {"status": "VOIDED", "lines": [{"description": "x"}], "subtotal": "1.00"},
    "credit_notes": {"total": "10.00", "allocations": [{"date": "2024-01-01"}]},
    "purchase_orders": {"lines": [{"quantity": "2"}], "total": "5.00"},
    "payments": {"amount": "10.00", "lines": [{"invoice_id": str(uuid.uuid4())}]},
    "journals": {"lines": [{"description": "a"}, {"description": "b"}]},
    "timesheets": {"total_hours": "1", "lines": [{"project": "Workshop"}]},
}


@pytest.mark.parametrize("entity", list(schema.ENTITIES))
def test_partial_loads_for_patches_check_only_what_is_there(entity: str) -> None:
    """A PATCH body leaves out required fields, and cross-field checks skip what is missing."""
    assert schema.validate(entity, {}, partial=True) == {}
    assert schema.validate(entity, PARTIAL[entity], partial=True) == {}
    assert "colour" in schema.validate(entity, {"colour": "red"}, partial=True)


def test_unknown_sample_entity() -> None:
    with pytest.raises(KeyError, match="No sample for entity 'quotes'"):
        sample("quotes")
