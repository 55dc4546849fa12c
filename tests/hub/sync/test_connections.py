"""Connections: the matrix within capability, encrypted credentials, one per app and tenant."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from toyapps.app import edit
from toyapps.connector import LedgerConnector

from hub.connections import ConnectionError_, connect, credentials_of, validate_matrix
from hub.models import Connection, utcnow
from hub.sdk.connector import Capability, Connector, EntitySpec


class ReadOnly(Connector):
    name = "readonly"
    title = "Read-only app"
    entities = {"accounts": EntitySpec(Capability.PULL), "contacts": EntitySpec(Capability.BOTH)}


def test_the_matrix_never_exceeds_the_connector_capability() -> None:
    assert validate_matrix(ReadOnly, {"accounts": "pull", "contacts": "both"}) == {
        "accounts": "pull",
        "contacts": "both",
    }
    with pytest.raises(ConnectionError_) as error:
        validate_matrix(ReadOnly, {"accounts": "push", "invoices": "pull", "contacts": "up"})
    assert error.value.errors == {
        "accounts": ["Read-only app can only pull accounts, not push."],
        "invoices": ["Read-only app does not share invoices."],
        "contacts": ["Must be one of: off, pull, push, both."],
    }


def test_credentials_are_encrypted_at_rest(app: Any, db: Any, make_org: Any) -> None:
    org, _ = make_org()
    with db.session() as session:
        connection = connect(
            session,
            app,
            org,
            LedgerConnector,
            credentials={"api_key": "very-secret-key-123"},
            settings={"base_url": "http://127.0.0.1:1"},
        )
        connection_id = connection.id
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT credentials FROM connections")).scalar()
    assert "very-secret-key-123" not in stored
    with db.session() as session:
        row = session.get(Connection, connection_id)
        assert credentials_of(app, row) == {"api_key": "very-secret-key-123"}


def test_one_connection_per_app_and_one_org_per_tenant(app: Any, db: Any, make_org: Any) -> None:
    org_a, _ = make_org("A")
    org_b, _ = make_org("B")
    settings = {"base_url": "http://127.0.0.1:1"}
    with db.session() as session:
        first = connect(
            session,
            app,
            org_a,
            LedgerConnector,
            credentials={"api_key": "1"},
            settings=settings,
            tenant_id="tenant-1",
        )
        # Reconnecting the same app and tenant updates the one connection.
        again = connect(
            session, app, org_a, LedgerConnector, credentials={"api_key": "2"}, tenant_id="tenant-1"
        )
        assert again.id == first.id and credentials_of(app, again) == {"api_key": "2"}
        with pytest.raises(ConnectionError_, match="another organization"):
            connect(
                session,
                app,
                org_b,
                LedgerConnector,
                credentials={"api_key": "3"},
                settings=settings,
                tenant_id="tenant-1",
            )
        with pytest.raises(ConnectionError_, match="another Ledger"):
            connect(
                session,
                app,
                org_a,
                LedgerConnector,
                credentials={"api_key": "4"},
                settings=settings,
                tenant_id="tenant-2",
            )
        with pytest.raises(ConnectionError_) as invalid:
            connect(session, app, org_b, LedgerConnector, credentials={}, settings={})
        assert "base_url" in invalid.value.errors


def test_history_cutoff_keeps_old_records_out(toys: Any) -> None:
    edit(toys.ledger_app, "contacts", name="Old Customer", email="old@x.test")
    with toys.app.extensions["hub.db"].session() as session:
        session.get(Connection, toys.ledger).history_cutoff = utcnow() + timedelta(seconds=1)
    toys.sync(toys.ledger)
    assert toys.crm_app.extensions["toy"].records["contacts"] == {}


def test_revoked_credentials_mark_the_connection_for_reauthorisation(toys: Any) -> None:
    toys.ledger_app.extensions["toy"].api_key = "rotated-by-the-user"
    outcome = toys.sync(toys.ledger)
    assert outcome.status == "failed"
    with toys.app.extensions["hub.db"].session() as session:
        connection = session.get(Connection, toys.ledger)
        assert connection.status == "reauthorize"
        assert "Invalid API key" in connection.status_message
    # A connection needing re-authorisation is not synced until the user reconnects.
    assert toys.sync(toys.ledger).status == "skipped"


def test_a_paused_connection_is_left_alone(toys: Any) -> None:
    edit(toys.ledger_app, "contacts", name="Paused Co", email="p@x.test")
    with toys.app.extensions["hub.db"].session() as session:
        session.get(Connection, toys.ledger).status = "paused"
    assert toys.sync(toys.ledger).status == "skipped"
    assert toys.crm_app.extensions["toy"].records["contacts"] == {}
