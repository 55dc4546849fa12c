"""Books for bench/widgets.py: 100,000 invoices of 5 lines and 1,000,000 journal lines.

Rows go straight into `records` and the projections with bulk inserts (the projection rows
built by the same projectors the store's hook uses), never through the API. Two years of
an Australian business: 1,500 customers and 500 suppliers, 500 items, a chart of 40
accounts, one invoice in ten in USD (with monthly USD->AUD rates), payments on the paid
invoices, 250,000 generated journals of 4 lines, 200 employees with weekly timesheets.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from hub.accounts import create_api_key, create_org
from hub.ids import new_id
from hub.models import Record, utcnow
from hub.widgets.codec import codec_for
from hub.widgets.projection import insert_rows, rebuild_summaries
from hub.widgets.projectors import PROJECTORS
from hub.widgets.rates import set_rates

FIRST_DAY = date(2023, 1, 1)
DAYS = 731  # 2023 and 2024
BATCH = 5000
TYPES = (
    [("BANK", "090"), ("CURRENT_ASSET", "610"), ("INVENTORY", "630"), ("FIXED_ASSET", "710")]
    + [("CURRENT_LIABILITY", "800"), ("CURRENT_LIABILITY", "820"), ("NON_CURRENT_LIABILITY", "900")]
    + [("EQUITY", "960"), ("EQUITY", "970")]
    + [("SALES", f"2{n:02d}") for n in range(5)]
    + [("OTHER_INCOME", "260"), ("DIRECT_COSTS", "310"), ("DIRECT_COSTS", "320")]
    + [("OVERHEADS", f"4{n:02d}") for n in range(20)]
    + [("DEPRECIATION", "416"), ("EXPENSE", "499")]
)


def _day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange(DAYS))


class Generator:
    """Writes one organization's books; `facts` keeps what the benchmark asks about."""

    def __init__(self, session: Session, invoices: int, journal_lines: int, seed: int = 7):
        self.session, self.rng = session, random.Random(seed)
        self.invoices, self.journal_lines = invoices, journal_lines
        self.codec = codec_for(session.get_bind().dialect.name)
        self.now = utcnow()
        org = create_org(session, "Bench Pty Ltd")
        self.org_id, self.api_key = org.id, create_api_key(session, org.id)
        self.facts: dict[str, Any] = {}

    def run(self) -> None:
        self._records("company", [(new_id(), _company())])
        self.accounts = [(new_id(), _account(t, c)) for t, c in TYPES]
        self._project("accounts", self.accounts)
        self.customers = [
            (new_id(), {"kind": "ORGANIZATION", "name": f"Customer {n:04d}"}) for n in range(1500)
        ]
        self.suppliers = [
            (new_id(), {"kind": "ORGANIZATION", "name": f"Supplier {n:03d}"}) for n in range(500)
        ]
        self._records("contacts", self.customers + self.suppliers)
        self.items = [
            (new_id(), {"code": f"SKU-{n:03d}", "name": f"Product {n:03d}"}) for n in range(500)
        ]
        self._records("items", self.items)
        set_rates(self.session, self.org_id, _monthly_rates(self.rng))
        self.session.commit()
        for chunk in _chunks(self._invoices(), BATCH):
            self._project("invoices", [(rid, data) for rid, data, _ in chunk])
            payments = [(new_id(), p) for _, _, p in chunk if p]
            self._project("payments", payments)
            self.session.commit()
        for chunk in _chunks(self._journals(), BATCH):
            self._project("journals", chunk)
            self.session.commit()
        rebuild_summaries(self.session, self.org_id)
        employees = [(new_id(), _employee(n, self.rng)) for n in range(200)]
        self._project("employees", employees)
        for chunk in _chunks(self._timesheets(employees), BATCH):
            self._project("timesheets", chunk)
        self.session.commit()
        by_code = {data["code"]: rid for rid, data in self.accounts}
        self.facts.update(
            bank=by_code["090"],
            compared=[by_code[c] for c in ("090", "200", "201", "400", "401")],
        )

    def _invoices(self) -> Iterator[tuple[str, dict[str, Any], dict[str, Any] | None]]:
        rng = self.rng
        for n in range(self.invoices):
            sales = rng.random() < 0.8
            contact = rng.choice(self.customers if sales else self.suppliers)[0]
            issued = _day(rng)
            currency = "USD" if rng.random() < 0.1 else "AUD"
            lines, subtotal = [], Decimal(0)
            for _ in range(5):
                quantity = rng.randint(1, 10)
                price = Decimal(rng.randint(500, 50000)) / 100
                amount = price * quantity
                subtotal += amount
                lines.append(
                    {
                        "item_id": rng.choice(self.items)[0],
                        "quantity": str(quantity),
                        "unit_price": str(price),
                        "line_amount": str(amount),
                        "tax_amount": str((amount / 10).quantize(Decimal("0.01"))),
                    }
                )
            tax = sum(Decimal(line["tax_amount"]) for line in lines)
            total = subtotal + tax
            roll = rng.random()
            status = "PAID" if roll < 0.6 else "AUTHORISED" if roll < 0.9 else "DRAFT"
            status = "VOIDED" if roll > 0.95 else status
            paid = total if status == "PAID" else Decimal(0)
            if status == "AUTHORISED" and rng.random() < 0.3:
                paid = (total / 2).quantize(Decimal("0.01"))
            record_id = new_id()
            data = {
                "type": "SALES" if sales else "PURCHASE",
                "number": f"INV-{n:06d}",
                "contact_id": contact,
                "issue_date": issued.isoformat(),
                "due_date": (issued + timedelta(days=30)).isoformat(),
                "status": status,
                "currency": currency,
                "line_amount_type": "EXCLUSIVE",
                "lines": lines,
                "subtotal": str(subtotal),
                "total_tax": str(tax),
                "total": str(total),
                "amount_paid": str(paid),
                "amount_credited": "0",
                "amount_due": str(total - paid),
            }
            payment = None
            if paid:
                when = issued + timedelta(days=rng.randint(0, 60))
                payment = {
                    "type": "RECEIVE" if sales else "SPEND",
                    "date": when.isoformat(),
                    "currency": currency,
                    "amount": str(paid),
                    "lines": [{"invoice_id": record_id, "amount": str(paid)}],
                }
            yield record_id, data, payment

    def _journals(self) -> Iterator[tuple[str, dict[str, Any]]]:
        rng, ids = self.rng, [rid for rid, _ in self.accounts]
        for n in range(self.journal_lines // 4):
            a = Decimal(rng.randint(100, 1000000)) / 100
            b = Decimal(rng.randint(1, int(a * 100))) / 100
            debit, other, credit, rest = rng.sample(ids, 4)
            yield (
                new_id(),
                {
                    "source": "GENERATED",
                    "source_type": "ACCREC",
                    "number": str(n + 1),
                    "date": _day(rng).isoformat(),
                    "lines": [
                        {"account_id": debit, "amount": str(a)},
                        {"account_id": other, "amount": str(b)},
                        {"account_id": credit, "amount": str(-a)},
                        {"account_id": rest, "amount": str(-b)},
                    ],
                },
            )

    def _timesheets(self, employees: list[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
        monday = FIRST_DAY - timedelta(days=FIRST_DAY.weekday())
        for week in range(DAYS // 7):
            start = monday + timedelta(weeks=week)
            for employee_id, _ in employees:
                hours = [str(self.rng.choice((0, 4, 7.5, 8))) for _ in range(5)] + ["0", "0"]
                yield (
                    new_id(),
                    {
                        "employee_id": employee_id,
                        "start_date": start.isoformat(),
                        "end_date": (start + timedelta(days=6)).isoformat(),
                        "status": "APPROVED",
                        "lines": [{"pay_item": "Ordinary", "hours": hours}],
                    },
                )

    def _records(self, entity: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
        if rows:
            self.session.execute(
                insert(Record.__table__),
                [
                    {
                        "id": rid,
                        "org_id": self.org_id,
                        "entity": entity,
                        "data": data,
                        "version": 1,
                        "hash": rid,
                        "deleted": False,
                        "created_at": self.now,
                        "updated_at": self.now,
                    }
                    for rid, data in rows
                ],
            )

    def _project(self, entity: str, rows: list[tuple[str, Any]]) -> None:
        """Records and their projection rows, in bulk (the running totals are rebuilt last)."""
        self._records(entity, rows)
        build, _ = PROJECTORS[entity]
        conn = self.session.connection()
        tables: dict[str, list[Any]] = {}
        for record_id, data in rows:
            for name, built in build(self.codec, self.org_id, record_id, data).items():
                tables.setdefault(name, []).extend(built)
        for name, built in tables.items():
            insert_rows(conn, name, built)


def _chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _company() -> dict[str, Any]:
    return {
        "name": "Bench Pty Ltd",
        "base_currency": "AUD",
        "financial_year_end": {"day": 30, "month": 6},
    }


def _account(type_: str, code: str) -> dict[str, Any]:
    data = {"code": code, "name": f"{type_.replace('_', ' ').title()} {code}", "type": type_}
    if code == "960":
        data["system_account"] = "RETAINEDEARNINGS"
    return data


def _monthly_rates(rng: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "from_currency": "USD",
            "to_currency": "AUD",
            "date": date(2022 + (m + 11) // 12, (m + 11) % 12 + 1, 1),
            "rate": Decimal(rng.randint(14500, 15800)) / 10000,
        }
        for m in range(0, 25)
    ]


def _employee(n: int, rng: random.Random) -> dict[str, Any]:
    return {
        "first_name": f"Employee{n:03d}",
        "last_name": "Bench",
        "start_date": "2020-01-06",
        "salary": [
            {
                "pay_item": "Base",
                "annual_amount": str(rng.randint(60, 150) * 1000),
                "effective_from": "2023-07-01",
            },
            {
                "pay_item": "Base",
                "annual_amount": str(rng.randint(60, 150) * 1000),
                "effective_from": "2024-07-01",
            },
        ],
    }
