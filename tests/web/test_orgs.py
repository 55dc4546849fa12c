"""Organizations and members: whoever creates one administers it; admins manage members."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import select

from hub.models import Membership


def test_creating_an_organization_makes_its_creator_admin(console: Any, people: Any) -> None:
    people.user("ann@example.com")
    console.sign_in("ann@example.com")
    response = console.post("/orgs", {"name": "Acme Pty Ltd"})
    assert response.status_code == 302
    home = console.text(response.headers["Location"])
    assert "Acme Pty Ltd" in home and "No app is connected yet" in home
    listing = console.text("/orgs")
    assert re.search(r"Acme Pty Ltd</a></td><td>admin", listing)
    assert console.post("/orgs", {"name": "  "}).status_code == 422


def test_admins_add_members_change_roles_and_remove_them(
    app: Flask, admin: Any, people: Any
) -> None:
    console, org = admin
    people.user("bob@example.com")
    missing = console.post(f"/orgs/{org}/members", {"email": "nobody@example.com"})
    assert missing.status_code == 422 and "ask them to sign up first" in missing.get_data(True)
    added = console.post(f"/orgs/{org}/members", {"email": "bob@example.com", "role": "member"})
    assert added.status_code == 302
    page = console.text(f"/orgs/{org}/members")
    assert "bob@example.com" in page
    with app.extensions["hub.db"].session() as session:
        bob = session.scalar(select(Membership).where(Membership.role == "member"))
        bob_id = bob.id
    console.post(f"/orgs/{org}/members/{bob_id}/role", {"role": "admin"})
    with app.extensions["hub.db"].session() as session:
        assert session.get(Membership, bob_id).role == "admin"
    assert console.post(f"/orgs/{org}/members/{bob_id}/remove").status_code == 302
    with app.extensions["hub.db"].session() as session:
        assert session.get(Membership, bob_id) is None


def test_the_last_admin_cannot_leave_or_step_down(app: Flask, admin: Any) -> None:
    console, org = admin
    with app.extensions["hub.db"].session() as session:
        mine = session.scalar(select(Membership)).id
    demoted = console.post(
        f"/orgs/{org}/members/{mine}/role", {"role": "member"}, follow_redirects=True
    )
    assert "keeps at least one admin" in demoted.get_data(as_text=True)
    removed = console.post(f"/orgs/{org}/members/{mine}/remove", follow_redirects=True)
    assert "keeps at least one admin" in removed.get_data(as_text=True)
    with app.extensions["hub.db"].session() as session:
        assert session.get(Membership, mine).role == "admin"


def test_members_see_the_members_but_cannot_change_them(people: Any, console: Any) -> None:
    ann, bob = people.user("ann@example.com"), people.user("bob@example.com")
    org = people.org("Acme", **{ann: "admin", bob: "member"})
    console.sign_in("bob@example.com")
    page = console.text(f"/orgs/{org}/members")
    assert "ann@example.com" in page and "Add a member" not in page
    assert console.post(f"/orgs/{org}/members", {"email": "bob@example.com"}).status_code == 403
