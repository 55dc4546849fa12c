"""First connection of an app that already holds data: match before creating anything."""

from __future__ import annotations

from typing import Any

import pytest
from toyapps.app import edit

from hub.models import Connection, Link, Match
from hub.sync import matching


def hub_contact(client: Any, toys: Any, name: str, email: str) -> str:
    response = client.post(
        f"/api/v1/orgs/{toys.org}/contacts",
        headers=toys.headers,
        json={
            "kind": "ORGANIZATION",
            "name": name,
            "emails": [{"type": "PRIMARY", "address": email}],
        },
    )
    assert response.status_code == 201
    return response.json["id"]


def test_matching_proposes_pairs_and_holds_the_entity_until_confirmed(
    toys: Any, client: Any
) -> None:
    acme = hub_contact(client, toys, "Acme Pty Ltd", "ap@acme.test")
    beta = hub_contact(client, toys, "Beta Traders", "hello@beta.test")
    edit(toys.crm_app, "contacts", name="ACME Ltd", email="AP@acme.test")  # same email
    edit(toys.crm_app, "contacts", name="Beta Traders Pty Ltd", email="info@beta.test")
    edit(toys.crm_app, "contacts", name="Gamma", email="g@gamma.test")  # no twin

    toys.sync(toys.crm)
    db = toys.app.extensions["hub.db"]
    with db.session() as session:
        suggestions = {
            m.external_label: (m.record_id, m.reason, m.decision)
            for m in session.query(Match).all()
        }
        assert session.query(Link).filter_by(entity="contacts").count() == 0
    assert suggestions == {
        "ACME Ltd": (acme, "same email: ap@acme.test", "suggested"),
        "Beta Traders Pty Ltd": (beta, "same name: beta traders", "suggested"),
        "Gamma": (None, None, "create_new"),
    }
    crm_state = toys.crm_app.extensions["toy"]
    assert len(crm_state.records["contacts"]) == 3  # nothing pushed while in review

    with db.session() as session:
        connection = session.get(Connection, toys.crm)
        assert matching.confirm(session, connection, "contacts") == 2
    toys.sync(toys.crm)
    with db.session() as session:
        assert session.query(Link).filter_by(connection_id=toys.crm, entity="contacts").count() == 3
    contacts = client.get(f"/api/v1/orgs/{toys.org}/contacts", headers=toys.headers).json
    assert len(contacts["data"]) == 3  # Gamma is new; the two twins were not duplicated
    assert len(crm_state.records["contacts"]) == 3  # and nothing was duplicated in the app


def test_two_app_records_cannot_take_one_hub_record(toys: Any, client: Any) -> None:
    acme = hub_contact(client, toys, "Acme Pty Ltd", "ap@acme.test")
    edit(toys.crm_app, "contacts", name="Acme", email="ap@acme.test")
    edit(toys.crm_app, "contacts", name="Acme (old)", email="ap@acme.test")
    toys.sync(toys.crm)
    db = toys.app.extensions["hub.db"]
    with db.session() as session:
        connection = session.get(Connection, toys.crm)
        assert list(matching.flagged(session, connection, "contacts")) == [acme]
        with pytest.raises(matching.MatchingError, match="more than one app record"):
            matching.confirm(session, connection, "contacts")
        old = session.query(Match).filter_by(external_label="Acme (old)").one()
        matching.decide(session, connection, old.id, "create_new")
        assert matching.flagged(session, connection, "contacts") == {}
        matching.confirm(session, connection, "contacts")
        link = session.query(Link).filter_by(connection_id=toys.crm, record_id=acme).one()
        with pytest.raises(matching.MatchingError, match="already linked"):
            other = Match(
                org_id=toys.org,
                connection_id=toys.crm,
                entity="contacts",
                external_id="crm_9999",
                record_id=None,
            )
            session.add(other)
            session.flush()
            matching.decide(session, connection, other.id, "accept", record_id=acme)
    assert link.external_id != "crm_9999"
