"""Invoices list, summary and aged receivables/payables against figures worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest

RANGE = {"from": "2024-01-01", "to": "2024-06-30"}


@pytest.fixture
def ledger(books: Any) -> dict[str, str]:
    """Three customers, a supplier, and invoices whose figures the tests below add up."""
    ids = {name: books.contact(name) for name in ("Acme", "Bolt", "Cog", "Depot")}
    x, y = books.item("X"), books.item("Y")
    inv = books.invoice
    ids["inv1"] = inv(
        ids["Acme"], "2024-03-05", [(x, "2", "100", "20"), (y, "1", "50", "5")], due="2024-03-19"
    )  # 275.00
    ids["inv2"] = inv(
        ids["Acme"],
        "2024-04-10",
        [(x, "1", "100", "10")],
        status="PAID",
        paid="110.00",
        due="2024-04-24",
    )  # 110.00, paid on 12 April
    ids["inv3"] = inv(
        ids["Bolt"],
        "2024-03-20",
        [(y, "4", "50", "20")],
        paid="20.00",
        credited="10.00",
        due="2024-04-19",
    )  # 220.00, 190.00 due
    ids["inv4"] = inv(ids["Cog"], "2024-04-02", [(x, "3", "100", "30")], due="2024-05-02")
    inv(ids["Cog"], "2024-04-03", [(y, "1", "50", "5")], status="DRAFT")  # 55.00
    inv(ids["Bolt"], "2024-03-25", [(x, "10", "100", "100")], status="VOIDED", paid="0")
    inv(ids["Cog"], "2023-12-15", [(x, "1", "100", "10")], due="2023-12-29")  # 110.00
    ids["bill"] = inv(
        ids["Depot"], "2024-03-01", [(x, "5", "60", "30")], type_="PURCHASE", due="2024-03-31"
    )  # 330.00
    books.payment("2024-04-12", ids["inv2"], "110.00", type="RECEIVE")
    books.payment("2024-03-28", ids["inv3"], "20.00", type="RECEIVE")
    allocation = {"invoice_id": ids["inv3"], "amount": "10.00", "date": "2024-05-01"}
    inv(
        ids["Bolt"],
        "2024-04-05",
        [(None, "1", "20", "2")],
        entity="credit_notes",
        credited="10.00",
        allocations=[allocation],
    )  # 22.00, 10.00 of it allocated to inv3 on 1 May
    return ids


def test_invoices_per_customer_top_n_and_totals(books: Any, ledger: dict[str, str]) -> None:
    body = books.widget("invoices_list", limit=2, **RANGE)
    assert body["currency"] == "AUD"
    assert [
        (r["name"], r["invoices"], r["total_invoiced"], r["total_paid"], r["total_due"])
        for r in body["rows"]
    ] == [
        ("Acme", 2, "385.00", "110.00", "275.00"),
        ("Cog", 1, "330.00", "0.00", "330.00"),
    ]
    assert body["rows"][0]["fx_totals"] == [
        {"currency": "AUD", "total_invoiced": "385.00", "total_due": "275.00"}
    ]
    # Totals cover every customer, not only the rows shown.
    assert body["totals"] == {
        "contacts": 3,
        "invoices": 4,
        "total_invoiced": "935.00",
        "total_paid": "130.00",
        "total_credited": "10.00",
        "total_due": "795.00",
    }


def test_invoices_list_orders_and_suppliers(books: Any, ledger: dict[str, str]) -> None:
    by_name = books.widget("invoices_list", order_by="name", **RANGE)
    assert [r["name"] for r in by_name["rows"]] == ["Acme", "Bolt", "Cog"]
    by_due = books.widget("invoices_list", order_by="total_due", **RANGE)
    assert [(r["name"], r["total_due"]) for r in by_due["rows"]] == [
        ("Cog", "330.00"),
        ("Acme", "275.00"),
        ("Bolt", "190.00"),
    ]
    suppliers = books.widget("invoices_list", entity="suppliers", **RANGE)
    assert [(r["name"], r["total_invoiced"]) for r in suppliers["rows"]] == [("Depot", "330.00")]


def test_invoices_summary_by_state(books: Any, ledger: dict[str, str]) -> None:
    slices = {s["key"]: s for s in books.widget("invoices_summary", **RANGE)["slices"]}
    assert {k: (s["invoices"], s["total"], s["amount_due"]) for k, s in slices.items()} == {
        "draft": (1, "55.00", "55.00"),
        "awaiting_payment": (0, "0.00", "0.00"),
        "overdue": (3, "825.00", "795.00"),
        "paid": (1, "110.00", "0.00"),
    }
    earlier = books.widget("invoices_summary", **{"from": "2024-01-01", "to": "2024-04-20"})
    slices = {s["key"]: (s["invoices"], s["total"]) for s in earlier["slices"]}
    assert slices["overdue"] == (2, "495.00") and slices["awaiting_payment"] == (1, "330.00")
    assert earlier["total"] == "990.00"


def test_aged_receivables_today_and_in_the_past(books: Any, ledger: dict[str, str]) -> None:
    now = books.widget("aged_receivables", to="2024-06-30")
    assert [b["key"] for b in now["buckets"]] == ["current", "1-30", "31-60", "61-90", "91+"]
    assert {r["name"]: r["values"] for r in now["rows"]} == {
        "Cog": ["0.00", "0.00", "330.00", "0.00", "110.00"],
        "Acme": ["0.00", "0.00", "0.00", "0.00", "275.00"],
        "Bolt": ["0.00", "0.00", "0.00", "178.00", "0.00"],  # 190.00 less 12.00 credit
    }
    assert [r["name"] for r in now["rows"]] == ["Cog", "Acme", "Bolt"]
    assert now["total"] == "893.00"

    # On 10 April, inv2 was not paid yet, nor was 10.00 of the credit allocated.
    past = books.widget("aged_receivables", to="2024-04-10")
    assert {r["name"]: r["values"] for r in past["rows"]} == {
        "Acme": ["110.00", "275.00", "0.00", "0.00", "0.00"],
        "Bolt": ["200.00", "-22.00", "0.00", "0.00", "0.00"],
        "Cog": ["330.00", "0.00", "0.00", "0.00", "110.00"],
    }
    assert past["totals"] == ["640.00", "253.00", "0.00", "0.00", "110.00"]
    assert past["total"] == "1003.00"
    top = books.widget("aged_receivables", to="2024-04-10", limit=1, bucket_days=60, buckets=2)
    assert [b["label"] for b in top["buckets"]] == ["Current", "1–60 days", "Over 60 days"]
    assert [(r["name"], r["values"]) for r in top["rows"]] == [
        ("Cog", ["330.00", "0.00", "110.00"])
    ]


def test_aged_payables(books: Any, ledger: dict[str, str]) -> None:
    body = books.widget("aged_payables", to="2024-04-15")
    assert [(r["name"], r["values"]) for r in body["rows"]] == [
        ("Depot", ["0.00", "330.00", "0.00", "0.00", "0.00"])
    ]
