"""A new user's first visit, in a real browser (Debian's Chromium, headless): sign up, create
an organization, connect the accounting app through its consent page and the CRM with its
keys, match contacts (resolving an "already selected" clash), share contacts both ways, add a
contact in the accounting app, sync, and find it in the data browser, in the CRM and in the
history. Every page is saved as a screenshot.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from walk_sides import USED, Accounting, ToyCrm, Vtiger, choose

from hub.jobs.worker import start_in_process
from hub.sdk.sandbox import serve_in_thread

TIMEOUT = 60_000  # ms: a sync of a few records takes under a second; CI machines are slow


@dataclass
class Live:
    """The hub on a real socket with its in-process worker, and the two apps' sandboxes."""

    url: str
    xero: Any
    accounting: Accounting
    crm: Any


@pytest.fixture
def live(app: Flask, toy_apps: Any, xero: Any) -> Iterator[Live]:
    from xero_world import CLIENT

    accounting_name, crm_name = choose(app)
    accounting = Accounting(accounting_name)
    crm = Vtiger() if crm_name == "vtiger" else ToyCrm(toy_apps)
    USED.append(f"browser walk used: {accounting_name} (OAuth) and {crm_name} (keys)")
    server = serve_in_thread(app)
    app.config["BASE_URL"] = server.url
    app.config["APPS"] = {
        **app.config["APPS"],
        accounting.connector: Accounting.registration(CLIENT, xero.url),
        crm.connector: crm.registration(),
    }
    xero.register_hub(server.url)
    worker = start_in_process(app)
    yield Live(server.url, xero, accounting, crm)
    worker.stop()
    crm.stop()
    threading.Thread(target=server.stop, daemon=True).start()


class Shots:
    """Numbered screenshots of each page the walk reaches."""

    def __init__(self, page: Any, folder: Path) -> None:
        self.page, self.folder, self.count = page, folder, 0

    def __call__(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


def _wait_for_sync(page: Any) -> None:
    """The connection page polls its run and reloads without `watch` once it is over."""
    page.wait_for_url(re.compile(r"/connections/[^/?]+$"), timeout=TIMEOUT)
    page.get_by_test_id("run-1").get_by_text("succeeded").wait_for(timeout=TIMEOUT)


def test_a_new_user_connects_two_apps_and_watches_a_contact_flow(
    live: Live, browser: Any, artifacts: Path
) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT)
    accounting, crm, xero = live.accounting, live.crm, live.xero
    xero.add_contact("Bolt Ltd", "bolt@example.com")
    crm.add("Bolt Limited", "bolt@example.com")  # the same customer...
    crm.add("Bolt Ltd (old)", "bolt@example.com")  # ...entered twice in the CRM
    crm.add("Zed Traders", "zed@example.com")

    context = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    shot = Shots(page, artifacts)

    # Sign up and create an organization.
    page.goto("/signup")
    page.fill("#email", "new.user@example.com")
    page.fill("#password", "a good long password")
    page.fill("#confirm", "a good long password")
    shot("sign-up")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_placeholder("Organization name").fill("Acme Pty Ltd")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Acme Pty Ltd")).to_be_visible()
    shot("organization")

    # Connect the accounting app through its consent page.
    page.get_by_role("link", name="Marketplace").click()
    shot("marketplace")
    page.get_by_test_id(f"connect-{accounting.connector}").click()
    page.get_by_test_id("continue-oauth").click()
    expect(page).to_have_url(re.compile(re.escape(xero.url)))
    page.fill("#email", "demo@example.com")
    page.fill("#password", "demo")
    shot("app-sign-in")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Demo Company (AU)")).to_be_visible()
    shot("app-consent")
    page.get_by_role("button", name="Allow access").click()
    expect(page.get_by_text("is connected; its first sync has started")).to_be_visible()
    _wait_for_sync(page)
    shot("accounting-connected")

    # Connect the CRM with its keys; its first sync finds twins of the hub's contacts.
    page.get_by_role("link", name="Marketplace").click()
    page.get_by_test_id(f"connect-{crm.connector}").click()
    crm.fill_connect_form(page)
    shot("crm-keys")
    page.get_by_role("button", name="Connect").click()
    _wait_for_sync(page)
    expect(page.get_by_test_id("review-banner")).to_be_visible()
    shot("crm-connected")

    # Match contacts: two CRM records chose one hub record; one becomes a new record.
    page.get_by_role("link", name="Review the matches").click()
    expect(page.get_by_test_id("flagged-count")).to_have_text("2 row(s) already selected")
    expect(page.get_by_test_id("confirm-matches")).to_be_disabled()
    shot("matching")
    page.get_by_test_id("show-flagged").click()
    expect(page.get_by_test_id("match-row")).to_have_count(2)
    shot("matching-flagged")
    old = page.locator('[data-testid="match-row"][data-label="Bolt Ltd (old)"] select')
    old.select_option("create_new")
    page.get_by_test_id("save-matches").click()
    expect(page.get_by_text("No conflicts.")).to_be_visible()
    page.get_by_test_id("show-all").click()
    expect(page.get_by_test_id("match-row")).to_have_count(3)
    shot("matching-resolved")
    page.get_by_test_id("confirm-matches").click()
    expect(page.get_by_text("linked; they sync from now on")).to_be_visible()

    # Share contacts both ways with both apps.
    page.get_by_role("link", name="Sharing").click()
    for name in (accounting.connector, crm.connector):
        page.get_by_test_id(f"cell-{name}-contacts").select_option("both")
    shot("sharing")
    page.get_by_role("button", name="Save sharing").click()
    expect(page.get_by_text("Sharing saved for 2 app(s).")).to_be_visible()

    # A contact made in the accounting app itself reaches the hub and the CRM.
    xero.add_contact("Nova Pty", "nova@example.com")
    page.get_by_role("link", name="Acme Pty Ltd").first.click()
    page.get_by_role("link", name=re.compile("Xero")).first.click()
    page.get_by_test_id("sync-now").click()
    expect(page.get_by_test_id("progress")).to_contain_text("Sync")
    shot("sync-progress")
    _wait_for_sync(page)
    shot("synced")

    page.get_by_role("link", name="Data").click()
    page.get_by_role("searchbox", name="Search").fill("nova")
    page.get_by_role("button", name="Search").click()
    row = page.get_by_test_id("record-row").filter(has_text="Nova Pty")
    for _ in range(40):  # the CRM's copy is written by the sync the first one routed
        if row.get_by_test_id("app-link").count() == 2:
            break
        page.wait_for_timeout(250)
        page.reload()
    expect(row.get_by_test_id("app-link")).to_have_count(2)
    shot("data-browser")
    assert "Nova Pty" in crm.names()
    crm_link = row.get_by_test_id("app-link").filter(has_text=re.compile("CRM|vtiger")).locator("a")
    if crm_link.count():  # the CRM's own page for the record, when its connector links one
        with context.expect_page() as opened:
            crm_link.click()
        crm_page = opened.value
        expect(crm_page.get_by_role("heading", name="Nova Pty")).to_be_visible()
        crm_page.screenshot(path=str(artifacts / "in-the-crm.png"), full_page=True)
        crm_page.close()

    # The history: runs with their counts; a run's own page.
    page.get_by_role("link", name="History").click()
    expect(page.get_by_test_id("run-row").first).to_be_visible()
    shot("history")
    page.get_by_test_id("run-row").first.get_by_role("link").click()
    expect(page.get_by_test_id("run-status")).to_be_visible()
    shot("run")
    # Zed came from the CRM, was added to the hub by the matching, and went on to Xero.
    assert "Zed Traders" in xero.contacts()
    context.close()
