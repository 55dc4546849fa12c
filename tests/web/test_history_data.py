"""Sync history with the app's messages and a retry; the data browser with links to the apps."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select
from toyapps.app import edit

from hub.jobs.queues import queue
from hub.jobs.worker import work_burst
from hub.models import Pending, Record, RunEntry, SyncRun, utcnow


def test_a_run_shows_counts_errors_notes_and_conflicts_and_retries(
    app: Flask, admin: Any, toy_apps: Any
) -> None:
    console, org = admin
    crm = toy_apps.connect(console, org, "crm")
    work_burst(app)
    with app.extensions["hub.db"].session() as session:
        run = SyncRun(
            org_id=org,
            connection_id=crm,
            trigger="route",
            status="partial",
            counts={"contacts": {"sent": 2, "rejected": 1, "app_created": 1}},
            api_calls=3,
            started_at=utcnow(),
            finished_at=utcnow(),
        )
        session.add(run)
        session.flush()
        for kind, message, detail in (
            ("error", "A contact needs a name.", None),
            ("note", "Kept 5 contact persons of 7.", None),
            (
                "conflict",
                "email changed in the hub and in crm; the app's newer value was kept.",
                {"field": "email", "hub": "a@x", "app": "b@x", "winner": "app"},
            ),
        ):
            session.add(
                RunEntry(
                    run_id=run.id,
                    org_id=org,
                    kind=kind,
                    entity="contacts",
                    record_id="r-1",
                    message=message,
                    detail=detail,
                )
            )
        session.add(
            Pending(
                org_id=org,
                connection_id=crm,
                direction="push",
                entity="contacts",
                key="r-1",
                reason="rejected",
                message="A contact needs a name.",
                hash="abc",
            )
        )
        run_id = run.id
    history = console.text(f"/orgs/{org}/history/")
    assert "CRM (toy sales app)" in history and "rejected 1" in history
    page = console.text(f"/orgs/{org}/history/{run_id}")
    for text in ("A contact needs a name.", "Kept 5 contact persons of 7.", "a@x", "b@x"):
        assert text in page
    assert 'data-testid="retry"' in page
    assert console.post(f"/orgs/{org}/history/{run_id}/retry").status_code == 302
    with app.extensions["hub.db"].session() as session:
        assert session.scalar(select(Pending)).hash is None  # sent again, as it is now
    assert queue(app, "sync").count == 1


def test_the_data_browser_searches_filters_and_links_to_each_app(
    app: Flask, admin: Any, toy_apps: Any
) -> None:
    console, org = admin
    edit(toy_apps.crm_app, "contacts", name="Bolt Ltd", email="bolt@example.com")
    edit(toy_apps.crm_app, "contacts", name="Cog & Co", email="cog@example.com")
    toy_apps.connect(console, org, "crm")
    work_burst(app)
    listing = console.text(f"/orgs/{org}/data/")
    assert "Bolt Ltd" in listing and "Cog &amp; Co" in listing
    found = console.text(f"/orgs/{org}/data/?q=bolt%40example")
    assert "Bolt Ltd" in found and "Cog" not in found
    assert "No records match" in console.text(f"/orgs/{org}/data/?q=50%25")
    assert "Bolt Ltd" not in console.text(f"/orgs/{org}/data/?entity=invoices")
    with app.extensions["hub.db"].session() as session:
        bolt = session.scalar(select(Record).where(Record.data["name"].as_string() == "Bolt Ltd"))
    page = console.text(f"/orgs/{org}/data/{bolt.id}")
    crm_id = next(
        k
        for k, v in toy_apps.crm_app.extensions["toy"].records["contacts"].items()
        if v["name"] == "Bolt Ltd"
    )
    link = f'href="{toy_apps.crm_url}/_toy/contacts/{crm_id}"'
    assert link in page and "Open in CRM (toy sales app)" in page
    assert console.get(f"/orgs/{org}/data/?entity=nonsense").status_code == 404
