"""Invalid payloads are refused with messages that name the offending field."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import ValidationError

import schema
from schema.samples import sample


def errors(entity: str, payload: dict[str, Any]) -> dict[str, list[str]]:
    return schema.error_paths(schema.validate(entity, payload))


def changed(entity: str, **changes: Any) -> dict[str, Any]:
    return {**sample(entity), **changes}


def test_load_raises_validation_error() -> None:
    with pytest.raises(ValidationError) as info:
        schema.load("contacts", {"kind": "PERSON"})
    assert info.value.messages == {"name": ["Missing data for required field."]}


def test_unknown_fields_are_rejected_at_any_depth() -> None:
    payload = sample("invoices")
    payload["colour"] = "red"
    payload["lines"][1]["colour"] = "blue"
    assert errors("invoices", payload) == {
        "colour": ["Unknown field."],
        "lines.1.colour": ["Unknown field."],
    }


def test_floats_for_money_are_refused() -> None:
    payload = sample("invoices")
    payload["lines"][0]["unit_price"] = 1250.0
    assert errors("invoices", payload) == {
        "lines.0.unit_price": ['Send amounts as strings (e.g. "12.50"), not floats.']
    }


@pytest.mark.parametrize(
    ("entity", "field"),
    [
        ("contacts", "kind"),
        ("contacts", "name"),
        ("invoices", "type"),
        ("journals", "source"),
        ("journals", "date"),
        ("payments", "date"),
        ("timesheets", "employee_id"),
        ("employees", "last_name"),
        ("company", "name"),
        ("tax_codes", "name"),
    ],
)
def test_required_fields(entity: str, field: str) -> None:
    payload = sample(entity)
    del payload[field]
    assert errors(entity, payload) == {field: ["Missing data for required field."]}


def test_required_text_may_not_be_blank_or_null() -> None:
    assert errors("contacts", changed("contacts", name="")) == {"name": ["May not be empty."]}
    assert errors("contacts", changed("contacts", name=None)) == {
        "name": ["Field may not be null."]
    }


def test_nested_field_errors_carry_their_path() -> None:
    payload = sample("invoices")
    payload["lines"][0]["quantity"] = "-1"
    payload["lines"][2]["tracking"] = [{"category_id": "North"}]
    assert errors("invoices", payload) == {
        "lines.0.quantity": ["Must not be negative."],
        "lines.2.tracking.0.category_id": [
            "Not a valid hub id of a record in tracking_categories."
        ],
        "lines.2.tracking.0.option": ["Missing data for required field."],
    }


def test_enumerations() -> None:
    assert errors("invoices", changed("invoices", status="PAYED")) == {
        "status": ["Must be one of: DRAFT, SUBMITTED, AUTHORISED, PAID, VOIDED, DELETED."]
    }


# Documents: totals, dates, balances.


def test_invoice_totals_must_add_up() -> None:
    assert errors("invoices", changed("invoices", total="2903.00")) == {
        "total": ["Must equal subtotal + total_tax (2903.84), got 2903.00."],
        "amount_due": ["Must equal total - amount_paid - amount_credited (1903.00), got 1903.84."],
    }
    assert errors(
        "invoices", changed("invoices", subtotal="2600.00", total="2863.99", amount_due="1863.99")
    ) == {
        "subtotal": ["Must equal the sum of line amounts (2639.85), got 2600.00."],
    }
    assert errors(
        "invoices", changed("invoices", total_tax="264.00", total="2903.85", amount_due="1903.85")
    ) == {
        "total_tax": ["Must equal the sum of the lines' tax_amount (263.99), got 264.00."],
    }


def test_inclusive_subtotal_excludes_tax() -> None:
    payload = changed("purchase_orders", line_amount_type="INCLUSIVE", subtotal="434.25")
    assert errors("purchase_orders", payload) == {
        "total": ["Must equal subtotal + total_tax (482.50), got 530.75."]
    }
    payload["total"] = "482.50"
    assert errors("purchase_orders", payload) == {}


def test_no_tax_documents_carry_no_tax() -> None:
    payload = changed("purchase_orders", line_amount_type="NONE")
    assert errors("purchase_orders", payload)["total_tax"] == [
        "Must be 0 when line_amount_type is NONE, got 48.25."
    ]


def test_invoice_balance_and_paid_status() -> None:
    assert errors("invoices", changed("invoices", amount_due="1900.00")) == {
        "amount_due": ["Must equal total - amount_paid - amount_credited (1903.84), got 1900.00."]
    }
    assert errors("invoices", changed("invoices", status="PAID")) == {
        "amount_due": ["A PAID invoice owes nothing, got 1903.84."]
    }


def test_due_date_not_before_issue_date() -> None:
    assert errors("invoices", changed("invoices", due_date="2024-03-01")) == {
        "due_date": ["Must not be before issue_date (2024-03-04), got 2024-03-01."]
    }


def test_line_has_one_kind_of_discount() -> None:
    payload = sample("invoices")
    payload["lines"][0]["discount_amount"] = "250.00"
    assert errors("invoices", payload) == {
        "lines.0.discount_amount": ["Give only one of: discount_rate, discount_amount."]
    }


def test_credit_note_allocations_within_total() -> None:
    payload = sample("credit_notes")
    payload["allocations"][0]["amount"] = "120.00"
    assert errors("credit_notes", payload) == {
        "allocations": ["Allocations (120.00) exceed the total (98.95)."]
    }
    assert errors("credit_notes", changed("credit_notes", remaining_credit="5.00")) == {
        "remaining_credit": ["Must not exceed total less allocations (0.00), got 5.00."]
    }


def test_payment_lines() -> None:
    payload = sample("payments")
    payload["lines"][0]["credit_note_id"] = payload["lines"][0]["invoice_id"]
    assert errors("payments", payload) == {
        "lines.0.credit_note_id": ["Give only one of: invoice_id, credit_note_id."]
    }
    payload["lines"][0] = {"amount": "1000.00"}
    assert errors("payments", payload) == {
        "lines.0.invoice_id": ["Give one of: invoice_id, credit_note_id."]
    }
    assert errors("payments", changed("payments", amount="999.99")) == {
        "amount": ["Must equal the sum of the lines (1000.00), got 999.99."]
    }


def test_unbalanced_journals_are_refused() -> None:
    payload = sample("journals")
    payload["lines"][2]["amount"] = "-240.00"
    assert errors("journals", payload) == {
        "lines": ["Lines must balance: debits 250.00, credits 240.00, difference 10.00."]
    }


def test_journal_shape() -> None:
    payload = sample("journals")
    assert errors("journals", {**payload, "lines": payload["lines"][:1]}) == {
        "lines": ["A journal needs at least 2 lines."]
    }
    assert errors("journals", {**payload, "source_type": "ACCREC"}) == {
        "source_type": ["Only a GENERATED journal has a source."]
    }
    generated = {
        **payload,
        "source": "GENERATED",
        "source_type": "ACCREC",
        "invoice_id": payload["lines"][0]["account_id"],
    }
    assert errors("journals", generated) == {}


# Reference data.


def test_account_class_follows_type() -> None:
    assert errors("accounts", changed("accounts", **{"class": "EXPENSE"})) == {
        "class": ["A SALES account is of class REVENUE, not EXPENSE."]
    }
    assert errors("accounts", changed("accounts", bank_account_number="062-000 1234")) == {
        "bank_account_number": ["Only a BANK account has bank details."]
    }


def test_tax_rate_is_sum_of_components() -> None:
    assert errors("tax_codes", changed("tax_codes", rate="15")) == {
        "rate": ["Must equal the sum of the components' rates (10.0000), got 15."]
    }
    assert errors("tax_codes", changed("tax_codes", rate="101")) == {
        "rate": ["Must be between 0 and 100."]
    }


def test_tracking_options_are_unique() -> None:
    payload = sample("tracking_categories")
    payload["options"].append({"name": " north"})
    assert errors("tracking_categories", payload) == {"options": ["Option ' north' appears twice."]}


def test_items_need_code_or_name_and_consistent_sides() -> None:
    assert errors("items", changed("items", code=None, name=None)) == {
        "name": ["An item needs a code or a name."]
    }
    assert errors("items", changed("items", is_sold=False)) == {
        "sale": ["Give no sale details for an item with is_sold false."]
    }


def test_contacts() -> None:
    org = changed("contacts", organization_id=sample("payments")["account_id"])
    assert errors("contacts", org) == {
        "organization_id": ["Only a PERSON contact can belong to an organization."]
    }
    payload = sample("contacts")
    payload["people"][1]["is_primary"] = True
    assert errors("contacts", payload) == {"people": ["At most one person can be primary, got 2."]}
    payload["people"] = [{"job_title": "Coach"}]
    assert errors("contacts", payload) == {
        "people.0.first_name": ["A person needs a first name, last name or email."]
    }
    assert errors("contacts", changed("contacts", emails=[{"address": "nope"}])) == {
        "emails.0.address": ["Not a valid email address."]
    }


def test_contacts_keep_any_number_of_people() -> None:
    people = [{"first_name": f"Member {n}"} for n in range(12)]
    assert errors("contacts", changed("contacts", people=people)) == {}


def test_employees() -> None:
    payload = sample("employees")
    payload["salary"][0]["rate_per_hour"] = "39.47"
    assert errors("employees", payload) == {
        "salary.0.rate_per_hour": ["Give only one of: annual_amount, rate_per_hour."]
    }
    assert errors("employees", changed("employees", termination_date="2020-12-31")) == {
        "termination_date": ["Must not be before start_date (2021-02-01), got 2020-12-31."]
    }
    assert errors("employees", changed("employees", status="TERMINATED")) == {
        "termination_date": ["A TERMINATED employee needs one."]
    }


def test_timesheet_hours_per_day() -> None:
    payload = sample("timesheets")
    payload["lines"][1]["hours"] = ["0", "0", "2", "0", "1.5"]
    assert errors("timesheets", payload) == {
        "lines.1.hours": ["Expected 7 values, one per day from 2024-03-04 to 2024-03-10; got 5."]
    }
    payload = sample("timesheets")
    payload["lines"][0]["hours"][6] = "25"
    assert errors("timesheets", payload) == {"lines.0.hours.6": ["Must be between 0 and 24 hours."]}
    assert errors("timesheets", changed("timesheets", total_hours="40")) == {
        "total_hours": ["Must equal the hours of all lines (41.5), got 40."]
    }
    assert errors("timesheets", changed("timesheets", end_date="2024-03-03")) == {
        "end_date": ["Must not be before start_date (2024-03-04), got 2024-03-03."]
    }


def test_company() -> None:
    assert errors("company", changed("company", timezone="AUS Eastern Standard Time")) == {
        "timezone": ["Not an IANA time zone such as Australia/Sydney."]
    }
    assert errors("company", changed("company", financial_year_end={"day": 30, "month": 2})) == {
        "financial_year_end.day": ["Month 2 has at most 29 days."]
    }


def test_error_paths_flattens_schema_level_messages() -> None:
    messages = {"_schema": ["bad"], "lines": {0: {"_schema": ["worse"], "hours": {2: ["x"]}}}}
    assert schema.error_paths(messages) == {
        "_schema": ["bad"],
        "lines.0": ["worse"],
        "lines.0.hours.2": ["x"],
    }
