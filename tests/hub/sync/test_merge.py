"""The three-way merge, field by field and into nested objects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hub.sync.merge import merge

EARLY = datetime(2026, 11, 1, tzinfo=UTC)
LATE = EARLY + timedelta(hours=1)


def test_nested_fields_the_app_does_not_carry_survive_its_edits() -> None:
    base = {"name": "Bike", "sale": {"unit_price": "10.00", "account_id": "A1"}}
    current = base | {"sale": {"unit_price": "10.00", "account_id": "A1", "tax_code_id": "T"}}
    incoming = {"name": "Bike", "sale": {"unit_price": "12.00"}}  # the shop has no accounts
    result = merge(base, incoming, current, app_updated_at=LATE, hub_updated_at=EARLY)
    assert result.data["sale"] == {"unit_price": "12.00", "account_id": "A1", "tax_code_id": "T"}
    assert result.app_changed == ["sale.unit_price"] and result.conflicts == []


def test_same_nested_field_changed_on_both_sides_is_a_conflict_settled_by_time() -> None:
    base = {"sale": {"unit_price": "10.00"}}
    current = {"sale": {"unit_price": "11.00"}}
    incoming = {"sale": {"unit_price": "12.00"}}
    newer_app = merge(base, incoming, current, app_updated_at=LATE, hub_updated_at=EARLY)
    assert newer_app.data["sale"]["unit_price"] == "12.00"
    assert [(c.field, c.winner) for c in newer_app.conflicts] == [("sale.unit_price", "app")]
    newer_hub = merge(base, incoming, current, app_updated_at=EARLY, hub_updated_at=LATE)
    assert newer_hub.data["sale"]["unit_price"] == "11.00"


def test_on_first_link_an_empty_app_field_does_not_erase_the_hubs() -> None:
    current = {"name": "Acme", "tax_number": "123", "website": "https://acme.test"}
    incoming = {"name": "ACME", "tax_number": None}
    result = merge(None, incoming, current, app_updated_at=LATE, hub_updated_at=EARLY)
    assert result.data == {"name": "ACME", "tax_number": "123", "website": "https://acme.test"}


def test_a_field_cleared_in_the_app_is_cleared_later() -> None:
    base = {"name": "Acme", "tax_number": "123"}
    result = merge(
        base, {"tax_number": None}, dict(base), app_updated_at=LATE, hub_updated_at=EARLY
    )
    assert result.data == {"name": "Acme"}
