"""`seed(app, ...)`: fill organisations with a realistic, repeatable year of trading.

Everything goes through the same rules as the API (totals, numbering, journals,
payments, allocations), so seeded data is data the API itself could have produced.
Run `python -m connectors.xero.sandbox.seed` to time a seed and print what it made.
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from decimal import Decimal
from typing import Any

from flask import Flask

from . import contact_rules, items, seed_data, seed_documents, seed_payroll, tracking
from .helpers import DEFAULT_OWNER, add_user
from .store import Org, Record, state_of

COUNTRIES = ("AU", "NZ", "UK", "US")


def _contacts(org: Org, rng: random.Random, count: int) -> tuple[list[str], list[str]]:
    taken: set[str] = set()
    customers, suppliers = [], []
    for index in range(count):
        name = seed_data.company(rng, org.country, taken)
        first, last = seed_data.person(rng)
        element: Record = {
            "Name": name,
            "FirstName": first,
            "LastName": last,
            "EmailAddress": seed_data.email(first, last, name),
            "ContactNumber": f"C{index + 1:05d}",
            "Addresses": [seed_data.address(rng, org.country)],
            "Phones": [{"PhoneType": "DEFAULT", "PhoneNumber": f"{rng.randint(2000000, 9999999)}"}],
        }
        if rng.random() < 0.3:
            element["ContactPersons"] = [
                {
                    "FirstName": f,
                    "LastName": surname,
                    "EmailAddress": seed_data.email(f, surname, name),
                    "IncludeInEmails": rng.random() < 0.5,
                }
                for f, surname in (seed_data.person(rng) for _ in range(rng.randint(1, 3)))
            ]
        if rng.random() < 0.2:
            element["PaymentTerms"] = {"Sales": {"Day": 20, "Type": "OFFOLLOWINGMONTH"}}
        if rng.random() < 0.01:
            element["ContactStatus"] = "ARCHIVED"
        record = contact_rules.save(org, element, create_only=True)
        if record["ContactStatus"] == "ACTIVE":
            (suppliers if rng.random() < 0.3 else customers).append(record["ContactID"])
    return customers or suppliers, suppliers or customers


def _items(org: Org, rng: random.Random) -> list[str]:
    codes = []
    for index, product in enumerate(seed_data.PRODUCTS):
        code = f"ITM-{index + 1:03d}"
        price = seed_documents.money(rng, 5, 400)
        items.save(
            org,
            {
                "Code": code,
                "Name": product,
                "Description": f"{product}, standard",
                "PurchaseDescription": f"{product} (wholesale)",
                "SalesDetails": {"UnitPrice": price, "AccountCode": "200"},
                "PurchaseDetails": {
                    "UnitPrice": (price * Decimal("0.6")).quantize(Decimal("0.01")),
                    "AccountCode": "300",
                },
            },
            create_only=True,
        )
        codes.append(code)
    return codes


def _tracking(org: Org) -> dict[str, list[str]]:
    made = {}
    for name, options in seed_data.TRACKING.items():
        category = tracking.add_category(org, {"Name": name})
        for option in options:
            tracking.add_option(org, category, {"Name": option})
        made[name] = list(options)
    return made


def fill(org: Org, rng: random.Random, contacts: int, invoices: int) -> None:
    emit = org.emit
    org.emit = lambda *args: None  # seeding is history, not news: no webhook events
    try:
        customers, suppliers = _contacts(org, rng, max(contacts, 2))
        codes = _items(org, rng)
        options = _tracking(org)
        seed_documents.invoices(org, rng, invoices, customers, suppliers, codes, options)
        seed_documents.journals_and_orders(org, rng, suppliers, max(1, invoices // 40))
    finally:
        org.emit = emit


def seed(
    app: Flask,
    *,
    organisations: int = 1,
    contacts: int = 200,
    invoices: int = 2000,
    seed: int = 0,
    owner: str = DEFAULT_OWNER,
    tenant_ids: list[str] | None = None,
) -> list[str]:
    """Fill `tenant_ids`, or create `organisations` new ones (AU, NZ, UK, US in turn) owned by
    `owner`; returns the tenant ids. The same seed gives the same ids, names and amounts.
    AU organisations also get a payroll (see seed_payroll)."""
    state = state_of(app)
    user = add_user(app, owner)
    with app.app_context(), state.lock:
        if tenant_ids is None:
            tenant_ids = []
            for index in range(organisations):
                rng = random.Random(f"xero-sandbox-{seed}-{index}")
                country = COUNTRIES[index % len(COUNTRIES)]
                org_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                org = state.add_org(
                    user, f"Seeded Company {index + 1} ({country})", country, org_id, rng
                )
                tenant_ids.append(org.id)
                fill(org, rng, contacts, invoices)
                seed_payroll.fill(state, org)
        else:
            for index, tenant_id in enumerate(tenant_ids):
                org = state.orgs[tenant_id]
                org.rng = random.Random(f"xero-sandbox-{seed}-{index}")
                fill(org, org.rng, contacts, invoices)
                seed_payroll.fill(state, org)
    return tenant_ids


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description="Seed a Xero sandbox and report what it made.")
    parser.add_argument("--organisations", type=int, default=1)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--invoices", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    from .app import create_app

    app = create_app({"users": []})
    started = time.perf_counter()
    tenants = seed(
        app,
        organisations=args.organisations,
        contacts=args.contacts,
        invoices=args.invoices,
        seed=args.seed,
    )
    elapsed = time.perf_counter() - started
    state = state_of(app)
    report = {
        "seconds": round(elapsed, 2),
        "organisations": {
            state.orgs[t].name: {
                "tenant_id": t,
                "contacts": len(state.orgs[t].contacts),
                "invoices": len(state.orgs[t].invoices),
                "payments": len(state.orgs[t].payments),
                "credit_notes": len(state.orgs[t].credit_notes),
                "journals": len(state.orgs[t].journals),
            }
            for t in tenants
        },
    }
    print(report)
    return report


if __name__ == "__main__":
    main()
