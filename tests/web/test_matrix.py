"""The direction matrix: entities × connected apps, only what each app can do, saved at once."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import select
from toyapps.app import edit
from webtoys import WebLedger

from hub.connections import connect
from hub.jobs.queues import queue
from hub.jobs.worker import work_burst
from hub.models import Connection
from hub.sdk import Capability, EntitySpec


class Books(WebLedger):
    name = "books"
    title = "Books"
    entities = {
        "accounts": EntitySpec(Capability.PULL, label="Chart of accounts"),
        "contacts": EntitySpec(Capability.BOTH),
    }


def _options(page: str, testid: str) -> list[str]:
    select_html = re.search(rf'data-testid="{testid}".*?</select>', page, re.S)
    assert select_html, testid
    return re.findall(r'<option value="([^"]+)"', select_html.group(0))


def test_each_cell_offers_only_what_the_app_can_do(app: Flask, admin: Any, toy_apps: Any) -> None:
    console, org = admin
    app.extensions["hub.registry"].add("books", Books)
    with app.extensions["hub.db"].session() as session:
        connect(
            session,
            app,
            org,
            Books,
            credentials={"api_key": "toy-key"},
            settings={"base_url": toy_apps.ledger_url, "api_key": "toy-key"},
        )
    toy_apps.connect(console, org, "crm")
    page = console.text(f"/orgs/{org}/sharing/")
    assert _options(page, "cell-books-accounts") == ["off", "pull"]
    assert _options(page, "cell-books-contacts") == ["off", "pull", "push", "both"]
    assert 'data-testid="cell-crm-accounts"' not in page  # the CRM does not share accounts
    with app.extensions["hub.db"].session() as session:
        books = session.scalar(select(Connection).where(Connection.connector == "books"))
        before = dict(books.matrix)
    refused = console.post(f"/orgs/{org}/sharing/", {f"{books.id}:accounts": "push"})
    assert refused.status_code == 422
    assert "Books can only pull accounts, not push." in refused.get_data(as_text=True)
    with app.extensions["hub.db"].session() as session:
        assert session.get(Connection, books.id).matrix == before


def test_sharing_an_entity_to_an_app_sends_the_hubs_records_there(
    app: Flask, admin: Any, toy_apps: Any
) -> None:
    console, org = admin
    edit(toy_apps.ledger_app, "contacts", name="Bolt Ltd", email="bolt@example.com")
    ledger = toy_apps.connect(console, org, "ledger")
    crm = toy_apps.connect(console, org, "crm")
    work_burst(app)
    crm_state = toy_apps.crm_app.extensions["toy"]
    assert crm_state.records["contacts"] == {}  # pulled into the hub, pushed nowhere yet
    saved = console.post(
        f"/orgs/{org}/sharing/",
        {f"{crm}:contacts": "both", f"{crm}:invoices": "pull", f"{ledger}:contacts": "pull"},
    )
    assert saved.status_code == 302
    assert queue(app, "sync").count == 1  # the CRM's sync, queued by the change
    work_burst(app)
    assert [c["name"] for c in crm_state.records["contacts"].values()] == ["Bolt Ltd"]
    page = console.text(f"/orgs/{org}/sharing/")
    crm_contacts = re.search(r'data-testid="cell-crm-contacts".*?</select>', page, re.S).group(0)
    assert '<option value="both" selected>Both ways</option>' in crm_contacts
