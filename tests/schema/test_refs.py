"""The registry, reference paths, reference rewriting and dependency order."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

import schema
from schema.samples import sample

SCHEMA_DIR = Path(schema.__file__).parent


def test_entities_are_the_canonical_thirteen_in_dependency_order() -> None:
    assert list(schema.ENTITIES) == [
        "company",
        "tax_codes",
        "accounts",
        "tracking_categories",
        "contacts",
        "items",
        "employees",
        "invoices",
        "credit_notes",
        "purchase_orders",
        "payments",
        "journals",
        "timesheets",
    ]
    for entity, cls in schema.ENTITIES.items():
        assert issubclass(cls, schema.CanonicalSchema)
        assert isinstance(schema.schema_for(entity), cls)


def test_unknown_entity_is_a_helpful_key_error() -> None:
    with pytest.raises(KeyError, match="Unknown entity 'invoice'.*invoices"):
        schema.schema_for("invoice")


def test_invoice_references() -> None:
    assert schema.references("invoices") == [
        ("contact_id", "contacts"),
        ("lines[].item_id", "items"),
        ("lines[].account_id", "accounts"),
        ("lines[].tax_code_id", "tax_codes"),
        ("lines[].tracking[].category_id", "tracking_categories"),
    ]


def test_payment_references() -> None:
    assert schema.references("payments") == [
        ("account_id", "accounts"),
        ("contact_id", "contacts"),
        ("lines[].invoice_id", "invoices"),
        ("lines[].credit_note_id", "credit_notes"),
    ]


def test_nested_object_references() -> None:
    assert ("sale.tax_code_id", "tax_codes") in schema.references("items")
    assert ("organization_id", "contacts") in schema.references("contacts")
    assert schema.references("company") == []


def test_dependency_order_puts_targets_first_and_matches_entities() -> None:
    order = schema.dependency_order()
    assert order == list(schema.ENTITIES)
    for entity in order:
        for _path, target in schema.references(entity):
            assert order.index(target) <= order.index(entity), (entity, target)
    assert order.index("invoices") < order.index("payments")
    assert schema.dependencies("payments") == {"accounts", "contacts", "invoices", "credit_notes"}
    assert "contacts" not in schema.dependencies("contacts")  # a person's organization


def test_iter_refs_gives_paths_in_the_record() -> None:
    payload = sample("invoices", {"contacts": "c0000000-0000-4000-8000-000000000001"})
    payload["lines"][2]["item_id"] = None  # a null reference is not a reference
    found = list(schema.iter_refs("invoices", payload))
    paths = [path for path, _target, _value in found]
    assert paths[:6] == [
        "contact_id",
        "lines[0].item_id",
        "lines[0].account_id",
        "lines[0].tax_code_id",
        "lines[0].tracking[0].category_id",
        "lines[1].item_id",
    ]
    assert "lines[2].item_id" not in paths
    assert found[0] == ("contact_id", "contacts", "c0000000-0000-4000-8000-000000000001")
    assert len(found) == 11


def test_iter_refs_works_on_loaded_data_too() -> None:
    data = schema.load("payments", sample("payments"))
    assert [(p, t) for p, t, _ in schema.iter_refs("payments", data)] == [
        ("account_id", "accounts"),
        ("contact_id", "contacts"),
        ("lines[0].invoice_id", "invoices"),
    ]


def test_map_refs_replaces_every_reference_without_touching_the_input() -> None:
    payload = sample("invoices")
    payload["lines"][2]["item_id"] = None
    before = copy.deepcopy(payload)
    calls: list[str] = []

    def to_app(target: str, hub_id: str) -> str:
        calls.append(target)
        return f"{target}:{hub_id[:8]}"

    mapped = schema.map_refs("invoices", payload, to_app)
    assert payload == before
    assert mapped["contact_id"] == f"contacts:{payload['contact_id'][:8]}"
    assert mapped["lines"][0]["tracking"][0]["category_id"].startswith("tracking_categories:")
    assert mapped["lines"][2]["item_id"] is None
    assert mapped["lines"][0]["description"] == payload["lines"][0]["description"]
    assert mapped["total"] == payload["total"]
    assert len(calls) == len(list(schema.iter_refs("invoices", payload)))
    mapped["lines"][0]["tracking"].clear()
    assert payload == before


def test_map_refs_round_trip() -> None:
    payload = sample("journals")
    forward = {
        ref: f"xero-{n}" for n, (_, _, ref) in enumerate(schema.iter_refs("journals", payload))
    }
    back = {v: k for k, v in forward.items()}
    there = schema.map_refs("journals", payload, lambda _t, v: forward[v])
    assert schema.map_refs("journals", there, lambda _t, v: back[v]) == payload


def test_schema_is_a_leaf_package_without_side_effects() -> None:
    for path in SCHEMA_DIR.glob("*.py"):
        source = path.read_text()
        assert "import hub" not in source and "from hub" not in source, path.name
        assert "import connectors" not in source and "from connectors" not in source, path.name
    probe = (
        "import sys, builtins\n"
        "opened = []\n"
        "real = builtins.open\n"
        "builtins.open = lambda *a, **k: opened.append(a[0]) or real(*a, **k)\n"
        "import schema, schema.samples\n"
        "assert not [m for m in sys.modules if m == 'hub' or m.startswith('hub.')]\n"
        "assert not opened, opened\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, cwd=SCHEMA_DIR.parent)
