"""Two toy apps syncing through the hub: no bounce, no duplicates, deletes, merges."""

from __future__ import annotations

from typing import Any

from toyapps.app import edit

from hub.models import Link, Record, RunEntry
from hub.store import Store


def records(toys: Any, entity: str) -> list[Record]:
    with toys.app.extensions["hub.db"].session() as session:
        return Store(session, toys.org).list(entity, limit=1000, include_deleted=True)


def app_rows(flask_app: Any, resource: str) -> list[dict[str, Any]]:
    state = flask_app.extensions["toy"]
    return [r for r in state.records[resource].values() if not r.get("deleted")]


def test_a_contact_created_in_one_app_reaches_the_other_without_bouncing(toys: Any) -> None:
    edit(toys.ledger_app, "contacts", name="Acme Pty Ltd", email="ap@acme.test")
    first = toys.sync(toys.ledger)
    assert first.status == "succeeded"
    crm = app_rows(toys.crm_app, "contacts")
    assert [(c["name"], c["email"]) for c in crm] == [("Acme Pty Ltd", "ap@acme.test")]
    calls_before = toys.crm_app.extensions["toy"].calls

    # Syncing both again changes nothing anywhere: our own writes read back are echoes.
    for connection in (toys.crm, toys.ledger, toys.crm):
        toys.sync(connection)
    assert len(records(toys, "contacts")) == 1
    assert records(toys, "contacts")[0].version == 1
    assert len(app_rows(toys.ledger_app, "contacts")) == 1
    assert len(app_rows(toys.crm_app, "contacts")) == 1
    state = toys.crm_app.extensions["toy"]
    assert all(r["rev"] <= 2 for r in state.records["contacts"].values())
    assert state.calls - calls_before <= 4  # reads only, no writes


def test_edits_flow_both_ways(toys: Any) -> None:
    row = edit(toys.ledger_app, "contacts", name="Acme", email="ap@acme.test")
    toys.sync(toys.ledger)
    crm_id = app_rows(toys.crm_app, "contacts")[0]["id"]
    edit(toys.crm_app, "contacts", crm_id, phone="02 9999 0000")
    toys.sync(toys.crm)
    assert (
        toys.ledger_app.extensions["toy"].records["contacts"][row["id"]]["phone"] == "02 9999 0000"
    )
    edit(toys.ledger_app, "contacts", row["id"], name="Acme Holdings")
    toys.sync(toys.ledger)
    assert app_rows(toys.crm_app, "contacts")[0]["name"] == "Acme Holdings"
    assert app_rows(toys.crm_app, "contacts")[0]["phone"] == "02 9999 0000"


def test_rerunning_and_full_resync_create_nothing_new(toys: Any) -> None:
    for i in range(3):
        edit(toys.ledger_app, "contacts", name=f"Customer {i}", email=f"c{i}@x.test")
    toys.sync(toys.ledger)
    toys.sync(toys.ledger, full=True)
    toys.sync(toys.crm, full=True)
    toys.sync(toys.ledger)
    assert len(records(toys, "contacts")) == 3
    assert len(app_rows(toys.crm_app, "contacts")) == 3
    assert len(app_rows(toys.ledger_app, "contacts")) == 3


def test_deletes_propagate_as_tombstones(toys: Any) -> None:
    row = edit(toys.ledger_app, "contacts", name="Short-lived", email="s@x.test")
    toys.sync(toys.ledger)
    edit(toys.ledger_app, "contacts", row["id"], deleted=True)
    toys.sync(toys.ledger)
    (record,) = records(toys, "contacts")
    assert record.deleted
    assert app_rows(toys.crm_app, "contacts") == []


def test_different_fields_merge_and_same_field_is_a_recorded_conflict(toys: Any) -> None:
    row = edit(toys.ledger_app, "contacts", name="Acme", email="ap@acme.test")
    toys.sync(toys.ledger)
    crm_id = app_rows(toys.crm_app, "contacts")[0]["id"]
    # Between syncs, each app edits a different field, and both edit the name.
    edit(toys.ledger_app, "contacts", row["id"], phone="111", name="Acme (ledger)")
    edit(toys.crm_app, "contacts", crm_id, tax_no="53 004 085 616", name="Acme (crm)")
    toys.sync(toys.ledger)
    toys.sync(toys.crm)
    toys.sync(toys.ledger)
    (record,) = records(toys, "contacts")
    assert record.data["phones"][0]["number"] == "111"
    assert record.data["tax_number"] == "53 004 085 616"
    assert record.data["name"] == "Acme (crm)"  # the newer edit wins
    ledger = toys.ledger_app.extensions["toy"].records["contacts"][row["id"]]
    crm = toys.crm_app.extensions["toy"].records["contacts"][crm_id]
    assert (ledger["name"], ledger["tax_no"], ledger["phone"]) == (
        "Acme (crm)",
        "53 004 085 616",
        "111",
    )
    assert (crm["name"], crm["tax_no"], crm["phone"]) == ("Acme (crm)", "53 004 085 616", "111")
    with toys.app.extensions["hub.db"].session() as session:
        conflicts = session.query(RunEntry).filter_by(kind="conflict").all()
    assert [c.detail["field"] for c in conflicts] == ["name"]
    assert conflicts[0].detail["winner"] == "app"


def test_an_invoice_arrives_after_its_new_contact_with_the_reference_right(toys: Any) -> None:
    contact = edit(toys.ledger_app, "contacts", name="New Co", email="new@co.test")
    edit(
        toys.ledger_app,
        "invoices",
        number="INV-1",
        contact_id=contact["id"],
        date="2026-11-01",
        lines=[{"description": "Work", "qty": "2", "price": "50.00"}],
    )
    toys.sync(toys.ledger)
    (crm_invoice,) = app_rows(toys.crm_app, "invoices")
    (crm_contact,) = app_rows(toys.crm_app, "contacts")
    assert crm_invoice["contact_id"] == crm_contact["id"]
    (invoice,) = records(toys, "invoices")
    (hub_contact,) = records(toys, "contacts")
    assert invoice.data["contact_id"] == hub_contact.id
    assert invoice.data["total"] == "100.00"
    with toys.app.extensions["hub.db"].session() as session:
        links = session.query(Link).filter_by(entity="invoices").count()
    assert links == 2  # one per app


def test_an_entity_shared_to_an_app_later_gets_its_older_records(toys: Any) -> None:
    from hub.models import Connection

    edit(toys.ledger_app, "contacts", name="Early Co", email="early@x.test")
    with toys.app.extensions["hub.db"].session() as session:
        crm = session.get(Connection, toys.crm)
        crm.matrix = {**crm.matrix, "contacts": "pull"}  # not shared to the CRM yet
    toys.sync(toys.ledger)
    toys.sync(toys.crm)
    assert app_rows(toys.crm_app, "contacts") == []
    with toys.app.extensions["hub.db"].session() as session:
        crm = session.get(Connection, toys.crm)
        crm.matrix = {**crm.matrix, "contacts": "both"}  # now it is
    toys.sync(toys.crm)
    assert [c["name"] for c in app_rows(toys.crm_app, "contacts")] == ["Early Co"]
