"""Realistic demo data, created through the same code paths as API writes (so totals and
balances come out as the server computes them), then backdated over the last months."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import timedelta
from decimal import Decimal
from typing import Any

from flask import Flask

from . import records
from .app import sandbox_of
from .seed_data import (
    COMPANY_STEMS,
    COMPANY_SUFFIXES,
    DEPARTMENTS,
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    PLACES,
    PRODUCTS,
    SERVICES,
    TITLES,
)
from .state import Sandbox
from .values import utcnow

HISTORY_DAYS = 180


def seed(
    app: Flask,
    *,
    accounts: int = 12,
    contacts: int = 30,
    products: int = 12,
    invoices: int = 40,
    services: int = 3,
    sales_orders: int = 5,
    seed: int = 0,
) -> dict[str, list[str]]:
    """Fill the sandbox with deterministic demo data owned by the first configured user.

    Returns the ws ids created, per module. Invoices get 1-4 lines with taxes and discounts;
    about 40% are paid in full (so they read back Paid) and 20% partly paid.
    """
    sb = sandbox_of(app)
    rng = random.Random(seed)
    user_id = int(sb.config["users"][0]["id"])
    made: dict[str, list[str]] = {
        "Accounts": [],
        "Contacts": [],
        "Products": [],
        "Services": [],
        "SalesOrder": [],
        "Invoice": [],
    }
    with sb.lock:
        seeder = _Seeder(sb, rng, user_id, made)
        for n in range(accounts):
            seeder.account(n)
        for n in range(contacts):
            seeder.contact(n)
        for n in range(products):
            seeder.product(n)
        for n in range(services):
            seeder.service(n)
        for n in range(sales_orders):
            seeder.document("SalesOrder", n)
        for n in range(invoices):
            seeder.document("Invoice", n)
    return made


class _Seeder:
    def __init__(
        self, sb: Sandbox, rng: random.Random, user_id: int, made: dict[str, list[str]]
    ) -> None:
        self.sb = sb
        self.rng = rng
        self.user_id = user_id
        self.made = made
        self.now = utcnow()
        self.places: dict[str, tuple[str, ...]] = {}

    def _create(self, module: str, element: dict[str, Any], age_days: float) -> dict[str, Any]:
        created = records.create(self.sb, self.user_id, module, element)
        when = self.now - timedelta(days=age_days, seconds=self.rng.randrange(86400))
        record = records.load(self.sb, created["id"])
        record.created = when
        record.values["createdtime"] = record.values["modifiedtime"] = self.sb.stamp(when)
        self.sb.store.touch(record, when)
        self.made[module].append(created["id"])
        return created

    def account(self, n: int) -> None:
        stem = COMPANY_STEMS[n % len(COMPANY_STEMS)]
        suffix = COMPANY_SUFFIXES[(n * 7 + n // len(COMPANY_STEMS)) % len(COMPANY_SUFFIXES)]
        name = f"{stem} {suffix}"
        if n >= len(COMPANY_STEMS) * len(COMPANY_SUFFIXES):
            name = f"{name} {n}"
        place = self.rng.choice(PLACES)
        street, city, state, code, country, phone, tld = place
        domain = re.sub(r"[^a-z0-9]+", "", stem.lower()) + "." + tld
        element = {
            "accountname": name,
            "phone": f"{phone} {self.rng.randrange(1000000, 9999999)}",
            "email1": f"accounts@{domain}",
            "website": f"https://www.{domain}",
            "industry": self.rng.choice(INDUSTRIES),
            "accounttype": self.rng.choice(("Customer", "Customer", "Prospect", "Partner")),
            "annual_revenue": str(self.rng.randrange(2, 500) * 100000),
            "employees": str(self.rng.randrange(5, 5000)),
            **_address("bill", street, city, state, code, country),
            **_address("ship", street, city, state, code, country),
        }
        created = self._create("Accounts", element, HISTORY_DAYS + self.rng.randrange(200))
        self.places[created["id"]] = (street, city, state, code, country, domain)

    def contact(self, n: int) -> None:
        first = FIRST_NAMES[(n * 5 + n // 3) % len(FIRST_NAMES)]
        last = LAST_NAMES[(n * 3) % len(LAST_NAMES)]
        account_id = self.rng.choice(self.made["Accounts"]) if self.made["Accounts"] else ""
        domain = self.places[account_id][5] if account_id else "example.org"
        local = f"{_ascii(first)}.{_ascii(last)}"
        element = {
            "salutationtype": self.rng.choice(("Mr.", "Ms.", "Dr.", "--None--")),
            "firstname": first,
            "lastname": last,
            "email": f"{local}@{domain}",
            "phone": f"+1 555 {self.rng.randrange(1000, 9999)}",
            "mobile": f"+1 555 {self.rng.randrange(1000, 9999)}",
            "title": self.rng.choice(TITLES),
            "department": self.rng.choice(DEPARTMENTS),
            "account_id": account_id,
        }
        if account_id:
            street, city, state, code, country, _ = self.places[account_id]
            element.update(
                mailingstreet=street,
                mailingcity=city,
                mailingstate=state,
                mailingzip=code,
                mailingcountry=country,
            )
        self._create("Contacts", element, self.rng.randrange(HISTORY_DAYS, HISTORY_DAYS + 150))

    def product(self, n: int) -> None:
        name, category, price, unit, maker = PRODUCTS[n % len(PRODUCTS)]
        if n >= len(PRODUCTS):
            name = f"{name} v{n // len(PRODUCTS) + 1}"
        element = {
            "productname": name,
            "productcode": f"SKU-{1001 + n}",
            "productcategory": category,
            "manufacturer": maker,
            "unit_price": price,
            "usageunit": unit,
            "qtyinstock": str(self.rng.randrange(0, 400)),
            "taxclass": "VAT",
            "discontinued": "0" if n % 11 == 10 else "1",
        }
        self._create("Products", element, HISTORY_DAYS + self.rng.randrange(100))

    def service(self, n: int) -> None:
        name, category, price, unit = SERVICES[n % len(SERVICES)]
        element = {
            "servicename": name,
            "servicecategory": category,
            "unit_price": price,
            "service_usageunit": unit,
            "discontinued": "1",
            "taxclass": "Service",
        }
        self._create("Services", element, HISTORY_DAYS + self.rng.randrange(100))

    def document(self, module: str, n: int) -> None:
        items = self.made["Products"] + self.made["Services"]
        if not self.made["Accounts"] or not items:
            return
        account_id = self.rng.choice(self.made["Accounts"])
        street, city, state, code, country, _ = self.places[account_id]
        age = self.rng.randrange(1, HISTORY_DAYS)
        issued = (self.now - timedelta(days=age)).date()
        lines = []
        for item in self.rng.sample(items, k=min(len(items), self.rng.randrange(1, 5))):
            line: dict[str, Any] = {"productid": item, "quantity": str(self.rng.randrange(1, 11))}
            line["tax1"] = "4.500" if self.rng.random() < 0.7 else "10.000"
            if self.rng.random() < 0.25:
                line["discount_percent"] = self.rng.choice(("5", "10", "15"))
            lines.append(line)
        kind = "Invoice" if module == "Invoice" else "Order"
        element: dict[str, Any] = {
            "subject": f"{kind} {issued:%Y-%m}-{n + 1:03d}",
            "account_id": account_id,
            "hdnTaxType": "individual",
            "duedate": str(issued + timedelta(days=30)),
            "LineItems": lines,
            **_address("bill", street, city, state, code, country),
            **_address("ship", street, city, state, code, country),
        }
        if module == "Invoice":
            element["invoicedate"] = str(issued)
            element["invoicestatus"] = self.rng.choice(("Created", "Sent", "Approved"))
        else:
            element["sostatus"] = self.rng.choice(("Created", "Approved", "Delivered"))
        created = self._create(module, element, age)
        if module == "Invoice":
            self._pay(created, self.rng.random(), age)

    def _pay(self, invoice: dict[str, Any], draw: float, age: int) -> None:
        total = Decimal(invoice["hdnGrandTotal"])
        if draw < 0.4:
            received = total
        elif draw < 0.6:
            received = (total * Decimal("0.5")).quantize(Decimal("0.01"))
        else:
            return
        records.save(
            self.sb, self.user_id, {"id": invoice["id"], "received": str(received)}, "revise"
        )
        record = records.load(self.sb, invoice["id"])
        paid_at = self.now - timedelta(days=self.rng.randrange(0, age + 1))
        record.values["modifiedtime"] = self.sb.stamp(paid_at)
        self.sb.store.touch(record, paid_at)


def _address(
    prefix: str, street: str, city: str, state: str, code: str, country: str
) -> dict[str, str]:
    return {
        f"{prefix}_street": street,
        f"{prefix}_city": city,
        f"{prefix}_state": state,
        f"{prefix}_code": code,
        f"{prefix}_country": country,
    }


def _ascii(name: str) -> str:
    """García -> garcia, O'Neill -> oneill: what people end up with in email addresses."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", "", plain.lower())
