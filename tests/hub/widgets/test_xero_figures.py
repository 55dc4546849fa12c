"""After a sync from the Xero sandbox, the widgets' figures equal the sandbox's own, to the cent.

The sandbox is seeded with a year of sales and bills (drafts, voids, part and full payments,
credit notes, manual journals); the hub syncs it with the Xero connector, then invoice
totals and amounts due, and every account's balance, are compared with what the sandbox
itself holds (its invoices, and the general ledger it posted).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask

from connectors.xero import sandbox
from connectors.xero.connector import XeroConnector
from hub.connections import connect
from hub.sdk.sandbox import serve_in_thread
from hub.sync.runner import run_sync

ROOMY = {"limits": {"minute": 100_000, "day": 1_000_000, "concurrent": 50}}
SHARED = ("company", "accounts", "tax_codes", "contacts", "items", "invoices", "credit_notes")
SHARED += ("payments", "journals")
CREDIT_NORMAL = {"LIABILITY", "EQUITY", "REVENUE"}


@pytest.fixture
def synced(app: Flask, books: Any) -> Iterator[tuple[Any, Any]]:
    """A seeded sandbox organisation, synced once into the books' organization."""
    xero = sandbox.create_app(ROOMY)
    server = serve_in_thread(xero)
    try:
        (tenant,) = sandbox.seed(xero, organisations=1, contacts=25, invoices=150, seed=3)
        token = sandbox.issue_token(xero, [tenant])
        urls = {"login_url": server.url, "identity_url": server.url, "api_url": server.url}
        credentials = {
            **{k: token[k] for k in ("access_token", "refresh_token", "expires_at", "scope")},
            "token_type": "Bearer",
            "client_id": "sandbox-client",
            "client_secret": "sandbox-secret",
            **urls,
        }
        entities = XeroConnector.entities
        with app.extensions["hub.db"].session() as session:
            connection = connect(
                session,
                app,
                books.org,
                XeroConnector,
                credentials=credentials,
                settings={},
                tenant_id=tenant,
                tenant_name="Seeded",
                matrix={e: entities[e].capability.value for e in SHARED},
            )
            connection.matching = {entity: "confirmed" for entity in entities}
            connection_id = connection.id
        outcome = run_sync(app, connection_id)
        assert outcome.status == "succeeded", outcome
        yield books, sandbox.organisation(xero, tenant)
    finally:
        server.stop()


def test_invoice_totals_and_amounts_due_match_the_sandbox(synced: tuple[Any, Any]) -> None:
    books, org = synced
    expected: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for invoice in org.invoices.values():
        if invoice["Type"] == "ACCREC" and invoice["Status"] in ("AUTHORISED", "PAID"):
            name = org.contacts[invoice["_contact_id"]]["Name"]
            expected[name]["total"] += Decimal(invoice["Total"])
            expected[name]["due"] += Decimal(invoice["AmountDue"])
    assert expected, "the seed made no approved sales invoices"
    body = books.widget(
        "invoices_list", limit=1000, **{"from": "2000-01-01", "to": "2099-12-31", "period": "year"}
    )
    got = {r["name"]: (r["total_invoiced"], r["total_due"]) for r in body["rows"]}
    assert got == {n: (f"{e['total']:.2f}", f"{e['due']:.2f}") for n, e in expected.items()}
    assert body["totals"]["total_due"] == f"{sum(e['due'] for e in expected.values()):.2f}"


def test_account_balances_match_the_sandboxs_ledger(synced: tuple[Any, Any]) -> None:
    books, org = synced
    on: date = max(j["JournalDate"] for j in org.journals)
    ledger: dict[str, Decimal] = defaultdict(Decimal)
    for journal in org.journals:
        for line in journal["JournalLines"]:
            ledger[line["AccountID"]] += Decimal(line["NetAmount"])
    assert sum(ledger.values()) == 0 and len(ledger) > 5
    listed = books.client.get(
        f"/api/v1/orgs/{books.org}/accounts", query_string={"limit": 1000}, headers=books.headers
    ).json["data"]
    hub_ids = {a["external_ids"]["xero"]: a["id"] for a in listed}
    for account_id, balance in ledger.items():
        class_ = org.accounts[account_id]["Class"]
        natural = -balance if class_ in CREDIT_NORMAL else balance
        body = books.widget(
            "accounts_balance",
            account_id=hub_ids[account_id],
            **{"from": "2000-01-01", "to": date.isoformat(on), "period": "year"},
        )
        assert body["accounts"][0]["total"] == f"{natural:.2f}", org.accounts[account_id]["Name"]
