"""Key-based connect, the connection page, settings with masked secrets, pause, disconnect."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import select

from hub.connections import credentials_of
from hub.jobs.worker import work_burst
from hub.models import Connection, SyncRun


def _connect_crm(console: Any, org: str, toy_apps: Any, **extra: str) -> Any:
    form = {"base_url": toy_apps.crm_url, "api_key": "toy-key", "mode": "fast", **extra}
    return console.post(f"/orgs/{org}/connect/crm", form)


def _connection(app: Flask, connector: str = "crm") -> Connection:
    with app.extensions["hub.db"].session() as session:
        return session.scalar(select(Connection).where(Connection.connector == connector))


def test_the_marketplace_shows_each_connector_and_what_it_shares(admin: Any, toy_apps: Any) -> None:
    console, org = admin
    page = console.text(f"/orgs/{org}/marketplace/")
    assert "CRM (toy sales app)" in page and "A toy CRM, standing in for vtiger" in page
    table = page[page.index('id="app-crm"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r"<tr>\s*<td>(.*?)</td>\s*<td>.*?</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", table, re.S
    )
    assert [r[0] for r in rows] == ["Contacts", "Invoices"]
    assert all(r[1] == "✓ yes" and r[2] == "✓ yes" for r in rows)
    assert f'href="/orgs/{org}/connect/crm"' in page


def test_the_connect_form_is_generated_from_the_settings_schema(admin: Any, toy_apps: Any) -> None:
    console, org = admin
    page = console.text(f"/orgs/{org}/connect/crm")
    assert f'name="base_url" value="{toy_apps.crm_url}"' in page  # prefilled from HUB_APPS
    assert re.search(r'type="password" name="api_key"', page)
    assert re.search(r'<select id="f-mode" name="mode"', page)
    assert 'type="checkbox" name="max_people_note"' in page


def test_connecting_with_keys_encrypts_them_and_starts_the_first_sync(
    app: Flask, admin: Any, toy_apps: Any
) -> None:
    console, org = admin
    response = _connect_crm(console, org, toy_apps)
    assert response.status_code == 302 and "/connections/" in response.headers["Location"]
    row = _connection(app)
    assert row.settings == {"base_url": toy_apps.crm_url, "max_people_note": False, "mode": "fast"}
    assert "toy-key" not in row.credentials  # encrypted at rest
    assert credentials_of(app, row) == {"api_key": "toy-key"}
    assert row.tenant_id == toy_apps.crm_url
    assert row.matrix == {"contacts": "pull", "invoices": "pull"}  # nothing written to it yet
    work_burst(app)
    with app.extensions["hub.db"].session() as session:
        run = session.scalar(select(SyncRun))
        assert run.trigger == "connect" and run.status == "succeeded"
    page = console.text(response.headers["Location"])
    assert "toy-key" not in page and "stored — leave blank to keep" in page


def test_a_bad_form_names_the_field_and_connects_nothing(
    app: Flask, admin: Any, toy_apps: Any
) -> None:
    console, org = admin
    response = console.post(f"/orgs/{org}/connect/crm", {"base_url": "not a url", "mode": "fast"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Not a valid URL." in page and "Missing data for required field." in page
    assert _connection(app) is None


def test_settings_keep_a_secret_left_blank_and_replace_a_typed_one(
    app: Flask, admin: Any, toy_apps: Any
) -> None:
    console, org = admin
    _connect_crm(console, org, toy_apps)
    row = _connection(app)
    url = f"/orgs/{org}/connections/{row.id}/settings"
    saved = console.post(url, {"base_url": toy_apps.crm_url, "mode": "careful", "api_key": ""})
    assert saved.status_code == 302
    row = _connection(app)
    assert row.settings["mode"] == "careful" and credentials_of(app, row)["api_key"] == "toy-key"
    console.post(url, {"base_url": toy_apps.crm_url, "mode": "careful", "api_key": "new-key"})
    assert credentials_of(app, _connection(app))["api_key"] == "new-key"
    bad = console.post(url, {"base_url": toy_apps.crm_url, "mode": "reckless"})
    assert bad.status_code == 422 and "Must be one of" in bad.get_data(as_text=True)
    assert _connection(app).settings["mode"] == "careful"


def test_sync_now_reports_progress_and_the_run(app: Flask, admin: Any, toy_apps: Any) -> None:
    from toyapps.app import edit

    console, org = admin
    edit(toy_apps.crm_app, "contacts", name="Bolt Ltd", email="hi@bolt.test")
    _connect_crm(console, org, toy_apps)
    work_burst(app)
    row = _connection(app)
    edit(toy_apps.crm_app, "contacts", name="Cog & Co", email="cog@example.com")
    response = console.post(f"/orgs/{org}/connections/{row.id}/sync")
    watch = response.headers["Location"].split("watch=")[1]
    progress = console.get(f"/orgs/{org}/connections/{row.id}/progress?since={watch}").json
    assert progress["state"] == "queued" and progress["run"] is None
    work_burst(app)
    progress = console.get(f"/orgs/{org}/connections/{row.id}/progress?since={watch}").json
    assert progress["state"] == "succeeded"
    assert progress["run"]["trigger"] == "manual"
    assert progress["run"]["counts"]["contacts"]["created"] == 1


def test_interval_pause_resume_and_disconnect(app: Flask, admin: Any, toy_apps: Any) -> None:
    from webtoys import REVOKED

    console, org = admin
    _connect_crm(console, org, toy_apps)
    row = _connection(app)
    base = f"/orgs/{org}/connections/{row.id}"
    console.post(f"{base}/interval", {"sync_interval": "3600"})
    assert _connection(app).sync_interval == 3600
    assert console.post(f"{base}/interval", {"sync_interval": "5"}).status_code == 400
    console.post(f"{base}/pause")
    assert _connection(app).status == "paused"
    paused = console.post(f"{base}/sync", follow_redirects=True)
    assert "resume or reconnect it first" in paused.get_data(as_text=True)
    console.post(f"{base}/resume")
    assert _connection(app).status == "connected"
    REVOKED.clear()
    gone = console.post(f"{base}/disconnect", follow_redirects=True)
    assert "is disconnected" in gone.get_data(as_text=True)
    assert _connection(app) is None and REVOKED == ["crm"]
    assert console.get(base).status_code == 404


def test_reconnecting_with_the_form_keeps_a_key_left_blank(
    app: Flask, admin: Any, toy_apps: Any
) -> None:
    console, org = admin
    _connect_crm(console, org, toy_apps)
    page = console.text(f"/orgs/{org}/connect/crm")
    assert "connected to CRM (toy sales app) already" in page
    assert "stored — leave blank to keep" in page
    again = _connect_crm(console, org, toy_apps, api_key="", mode="careful")
    assert again.status_code == 302
    row = _connection(app)
    assert credentials_of(app, row) == {"api_key": "toy-key"} and row.settings["mode"] == "careful"
