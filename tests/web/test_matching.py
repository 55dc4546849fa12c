"""The matching wizard: suggestions with reasons, "already selected" flags, confirm when clear."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from marshmallow import fields
from sqlalchemy import select
from toyapps.app import edit
from webtoys import KeySettings, WebCrm

from hub.connections import connect
from hub.jobs.worker import work_burst
from hub.models import Connection, Link, Match, Record
from hub.sdk import Capability, EntitySpec


def _rows(page: str) -> dict[str, tuple[str, bool]]:
    """App record label -> (the hub record selected, flagged)."""
    found = {}
    for row in re.findall(
        r'<tr( class="flagged")? data-testid="match-row" data-label="([^"]*)">(.*?)</tr>',
        page,
        re.S,
    ):
        flagged, label, cells = row
        selected = re.search(r'<option value="[^"]*" selected>([^<]*)</option>', cells)
        found[label] = (selected.group(1) if selected else "", bool(flagged))
    return found


def _world(app: Flask, admin: Any, toy_apps: Any) -> tuple[Any, str, str]:
    console, org = admin
    for name, email in (("Bolt Ltd", "bolt@example.com"), ("Cog Co", None), ("Dyn", None)):
        edit(toy_apps.ledger_app, "contacts", name=name, email=email)
    toy_apps.connect(console, org, "ledger")
    work_burst(app)
    for name, email in (
        ("Bolt Limited", "bolt@example.com"),
        ("Bolt (old)", "bolt@example.com"),
        ("Cog Co", None),
        ("Zed", "zed@example.com"),
    ):
        edit(toy_apps.crm_app, "contacts", name=name, email=email)
    crm = toy_apps.connect(console, org, "crm")
    work_burst(app)
    return console, org, crm


def test_flags_block_confirming_until_each_is_resolved(
    app: Flask, admin: Any, toy_apps: Any
) -> None:
    console, org, crm = _world(app, admin, toy_apps)
    page = console.text(f"/orgs/{org}/connections/{crm}")
    assert "Review the matches" in page
    wizard = console.text(f"/orgs/{org}/connections/{crm}/matching/")
    rows = _rows(wizard)
    assert rows == {
        "Bolt (old)": ("Bolt Ltd · bolt@example.com", True),
        "Bolt Limited": ("Bolt Ltd · bolt@example.com", True),
        "Cog Co": ("Cog Co", False),
        "Zed": ("No match: add as a new hub record", False),
    }
    assert "same email: bolt@example.com" in wizard and "same name: cog" in wizard
    assert "2 row(s) already selected" in wizard
    assert re.search(r'data-testid="confirm-matches"\s*disabled', wizard)
    only = _rows(console.text(f"/orgs/{org}/connections/{crm}/matching/?entity=contacts&flagged=1"))
    assert set(only) == {"Bolt (old)", "Bolt Limited"}

    refused = console.post(
        f"/orgs/{org}/connections/{crm}/matching/contacts/confirm", follow_redirects=True
    )
    assert "selected by more than one app record" in refused.get_data(as_text=True)

    with app.extensions["hub.db"].session() as session:
        old = session.scalar(select(Match).where(Match.external_label == "Bolt (old)"))
        choices = {f"m:{m.id}": m.record_id or "create_new" for m in session.scalars(select(Match))}
    choices[f"m:{old.id}"] = "create_new"
    console.post(f"/orgs/{org}/connections/{crm}/matching/contacts", choices)
    wizard = console.text(f"/orgs/{org}/connections/{crm}/matching/")
    assert "No conflicts." in wizard and not any(f for _, f in _rows(wizard).values())

    done = console.post(f"/orgs/{org}/connections/{crm}/matching/contacts/confirm")
    assert done.status_code == 302
    with app.extensions["hub.db"].session() as session:
        connection = session.get(Connection, crm)
        assert connection.matching["contacts"] == "confirmed"
        assert session.scalars(select(Link).where(Link.connection_id == crm)).all() != []
    work_burst(app)
    with app.extensions["hub.db"].session() as session:
        names = sorted(r.data["name"] for r in session.scalars(select(Record)))
    # Matched records were linked, not copied (the CRM's name merged in); the two without a
    # twin became new records.
    assert len(names) == 5 and {"Bolt (old)", "Zed", "Dyn"} <= set(names)


def test_members_see_the_wizard_but_cannot_decide(
    app: Flask, admin: Any, toy_apps: Any, people: Any
) -> None:
    console, org, crm = _world(app, admin, toy_apps)
    bob = people.user("bob@example.com")
    people.join(bob, org, "member")
    console.post("/signout")
    console.sign_in("bob@example.com")
    wizard = console.text(f"/orgs/{org}/connections/{crm}/matching/")
    assert "Bolt Limited" in wizard and "confirm-matches" not in wizard
    assert (
        console.post(f"/orgs/{org}/connections/{crm}/matching/contacts/confirm").status_code == 403
    )


class ShopSettings(KeySettings):
    prices_include_tax = fields.Boolean(load_default=False)


class Shop(WebCrm):
    name = "shop"
    title = "Shop"
    entities = {"items": EntitySpec(Capability.BOTH, ("code",), "Products")}
    settings_schema = ShopSettings


def test_products_ask_whether_the_apps_prices_include_tax(
    app: Flask, admin: Any, toy_apps: Any, seeder: Any
) -> None:
    console, org = admin
    app.extensions["hub.registry"].add("shop", Shop)
    with app.extensions["hub.db"].session() as session:
        row = connect(
            session,
            app,
            org,
            Shop,
            credentials={"api_key": "k"},
            settings={"base_url": toy_apps.crm_url, "api_key": "k"},
            matrix={"items": "pull"},
        )
        row.settings = {"base_url": toy_apps.crm_url}
        row.matching = {"items": "review"}
        session.add(
            Match(
                org_id=org,
                connection_id=row.id,
                entity="items",
                external_id="p1",
                external_label="Widget",
                external_data={"code": "W1", "name": "Widget"},
            )
        )
        shop = row.id
    wizard = console.text(f"/orgs/{org}/connections/{shop}/matching/")
    assert "Do prices in Shop include tax?" in wizard
    console.post(
        f"/orgs/{org}/connections/{shop}/matching/items/confirm", {"prices_include_tax": "yes"}
    )
    with app.extensions["hub.db"].session() as session:
        row = session.get(Connection, shop)
        assert row.settings["prices_include_tax"] is True and row.matching["items"] == "confirmed"
