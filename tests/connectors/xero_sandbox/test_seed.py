"""The seed: repeatable, fast, realistic, and readable through xero-python."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from xero_python.accounting import AccountingApi

from connectors.xero import sandbox
from connectors.xero.sandbox.seed import seed
from connectors.xero.sandbox.store import state_of

if TYPE_CHECKING:
    from conftest import Sandbox


def _fingerprint(seed_number: int) -> list[tuple[str, str, Decimal]]:
    app = sandbox.create_app({"users": []})
    [tenant] = seed(app, contacts=30, invoices=60, seed=seed_number)
    org = state_of(app).orgs[tenant]
    contacts = [(c["ContactID"], c["Name"], Decimal(0)) for c in org.contacts.values()]
    invoices = [
        (i["InvoiceID"], i.get("InvoiceNumber") or "", i["Total"]) for i in org.invoices.values()
    ]
    return [(tenant, org.name, Decimal(0)), *contacts, *invoices]


def test_same_seed_same_data_other_seed_other_data() -> None:
    assert _fingerprint(7) == _fingerprint(7)
    assert _fingerprint(7) != _fingerprint(8)


def test_two_thousand_invoices_seed_in_well_under_a_few_seconds() -> None:
    app = sandbox.create_app({"users": []})
    started = time.perf_counter()
    [tenant] = seed(app, contacts=200, invoices=2000, seed=1)
    assert time.perf_counter() - started < 3
    org = state_of(app).orgs[tenant]
    statuses = Counter(i["Status"] for i in org.invoices.values())
    assert len(org.invoices) == 2000 and len(org.contacts) == 200
    assert statuses["PAID"] > 800 and statuses["AUTHORISED"] > 100
    assert statuses["DRAFT"] and statuses["VOIDED"]
    assert len(org.payments) > 1000 and len(org.credit_notes) > 20
    assert any(i["AmountCredited"] for i in org.invoices.values())
    assert len(org.tracking) == 2 and len(org.manual_journals) == 12
    for journal in org.journals:
        assert sum(line["NetAmount"] for line in journal["JournalLines"]) == 0


def test_organisations_cycle_through_countries() -> None:
    app = sandbox.create_app({"users": []})
    tenants = seed(app, organisations=4, contacts=5, invoices=10)
    countries = [state_of(app).orgs[t].settings["BaseCurrency"] for t in tenants]
    assert countries == ["AUD", "NZD", "GBP", "USD"]


def test_seeded_data_reads_through_the_sdk(
    xero: Sandbox, api_factory: Callable[..., AccountingApi]
) -> None:
    [tenant] = seed(xero.app, contacts=120, invoices=400, seed=3, owner="owner@example.com")
    api = api_factory(sandbox.issue_token(xero.app, [tenant]))
    seen, page = [], 1
    while True:
        batch = api.get_invoices(tenant, page=page, page_size=150).invoices
        seen.extend(batch)
        if len(batch) < 150:
            break
        page += 1
    assert len(seen) == 400 and page == 3
    numbers = [i.invoice_number for i in seen if i.type == "ACCREC"]
    assert len(numbers) == len(set(numbers))
    paid = [i for i in seen if i.status == "PAID"]
    assert paid and all(i.amount_due == 0 and i.payments for i in paid)
    contacts = api.get_contacts(tenant, include_archived=True, page=1, page_size=1000)
    assert contacts.pagination.item_count == 120
    assert any(c.contact_persons for c in contacts.contacts)
    journals = api.get_journals(tenant).journals
    assert len(journals) == 100 and journals[0].journal_number == 1


def test_admin_endpoint_seeds(xero: Sandbox) -> None:
    answer = xero.http.post(
        f"{xero.url}/sandbox/admin/seed", json={"contacts": 10, "invoices": 20, "seed": 5}
    )
    [tenant] = answer.json()["tenant_ids"]
    assert len(state_of(xero.app).orgs[tenant].invoices) == 20


def test_served_build_seeds_the_demo_user() -> None:
    from connectors.xero.sandbox import serve, webhooks

    app = serve.build(seed_number=2, contacts=5, invoices=10)
    try:
        state = state_of(app)
        demo = state.user_by_email("demo@example.com")
        assert demo is not None and len(demo.org_ids) == 2  # its own org and a seeded one
        assert state.extras.get("webhook_stop") is not None  # deliveries run from a thread
    finally:
        webhooks.stop(app)
