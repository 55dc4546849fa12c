"""Ledger widgets over a small set of books whose statements are worked out by hand.

Financial year ends 30 June. FY 2023-24: capital 10,000; sales 1,000 on credit (received)
and 2,000 cash; cost of goods 400; rent 300; a loan of 5,000. Profit 2,300. FY 2024-25 to
31 August: sales 1,500, other income 50, rent 300. Profit 1,250.
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def chart(books: Any) -> dict[str, str]:
    books.company("AUD", (30, 6))
    ids = {
        "bank": books.account("090", "Bank", "BANK"),
        "debtors": books.account("610", "Debtors", "CURRENT_ASSET", system_account="DEBTORS"),
        "loan": books.account("900", "Loan", "NON_CURRENT_LIABILITY"),
        "capital": books.account("970", "Owner capital", "EQUITY"),
        "retained": books.account(
            "960", "Retained Earnings", "EQUITY", system_account="RETAINEDEARNINGS"
        ),
        "sales": books.account("200", "Sales", "SALES"),
        "other": books.account("260", "Other income", "OTHER_INCOME"),
        "cogs": books.account("310", "Cost of goods", "DIRECT_COSTS"),
        "rent": books.account("469", "Rent", "OVERHEADS"),
    }
    postings = [
        ("2023-07-01", "bank", "capital", "10000"),
        ("2023-09-15", "debtors", "sales", "1000"),
        ("2023-10-01", "bank", "debtors", "1000"),
        ("2024-01-10", "cogs", "bank", "400"),
        ("2024-02-20", "rent", "bank", "300"),
        ("2024-03-05", "bank", "sales", "2000"),
        ("2024-05-01", "bank", "loan", "5000"),
        ("2024-07-15", "bank", "sales", "1500"),
        ("2024-08-01", "rent", "bank", "300"),
        ("2024-08-20", "bank", "other", "50"),
    ]
    for day, debit, credit, amount in postings:
        books.journal(day, (ids[debit], amount), (ids[credit], f"-{amount}"))
    return ids


def test_balance_sheet_at_two_dates(books: Any, chart: dict[str, str]) -> None:
    body = books.widget("balance_sheet", to="2024-08-31", compare_to="2024-06-30")
    assert body["dates"] == ["2024-08-31", "2024-06-30"]
    assert body["assets"]["values"] == ["18550.00", "17300.00"]
    [bank] = body["assets"]["types"]
    assert bank["type"] == "BANK"
    assert [(a["name"], a["values"]) for a in bank["accounts"]] == [
        ("Bank", ["18550.00", "17300.00"])
    ]
    assert body["liabilities"]["values"] == ["5000.00", "5000.00"]
    equity = {a["name"]: a["values"] for t in body["equity"]["types"] for a in t["accounts"]}
    assert equity == {
        "Owner capital": ["10000.00", "10000.00"],
        "Retained Earnings": ["2300.00", "0.00"],
        "Current Year Earnings": ["1250.00", "2300.00"],
    }
    assert body["equity"]["values"] == body["net_assets"] == ["13550.00", "12300.00"]
    assert body["current_year_earnings"] == ["1250.00", "2300.00"]
    assert body["retained_earnings"] == ["2300.00", "0.00"]
    assert "unclassified" not in body


def test_profit_and_loss_by_quarter(books: Any, chart: dict[str, str]) -> None:
    body = books.widget(
        "profit_and_loss", **{"from": "2023-07-01", "to": "2024-06-30", "period": "quarter"}
    )
    assert body["dates"] == ["2023-07-01", "2023-10-01", "2024-01-01", "2024-04-01"]
    sections = {s["key"]: s for s in body["sections"]}
    assert [(a["name"], a["values"]) for a in sections["income"]["accounts"]] == [
        ("Sales", ["1000.00", "0.00", "2000.00", "0.00"])
    ]
    assert sections["cost_of_sales"]["total"] == "400.00"
    assert sections["other_income"]["accounts"] == []
    assert sections["expenses"]["values"] == ["0.00", "0.00", "300.00", "0.00"]
    assert body["gross_profit"]["values"] == ["1000.00", "0.00", "1600.00", "0.00"]
    assert body["net_profit"]["values"] == ["1000.00", "0.00", "1300.00", "0.00"]
    assert body["net_profit"]["total"] == "2300.00"


def test_expenses_vs_revenue(books: Any, chart: dict[str, str]) -> None:
    body = books.widget(
        "expenses_revenue", **{"from": "2024-01-01", "to": "2024-08-31", "period": "quarter"}
    )
    assert body["revenue"]["values"] == ["2000.00", "0.00", "1550.00"]
    assert body["expenses"]["values"] == ["700.00", "0.00", "300.00"]
    assert body["net"]["values"] == ["1300.00", "0.00", "1250.00"]


def test_account_balance_and_comparison(books: Any, chart: dict[str, str]) -> None:
    bank = books.widget(
        "accounts_balance", account_id=chart["bank"], **{"from": "2024-05-01", "to": "2024-08-31"}
    )
    [series] = bank["accounts"]
    assert series["values"] == ["17300.00", "17300.00", "18800.00", "18550.00"]
    assert series["total"] == "18550.00"  # the closing balance
    both = books.widget(
        "accounts_comparison",
        account_ids=[chart["sales"], chart["rent"]],
        **{"from": "2024-07-01", "to": "2024-08-31"},
    )
    assert [(a["name"], a["values"], a["total"]) for a in both["accounts"]] == [
        ("Sales", ["1500.00", "0.00"], "1500.00"),
        ("Rent", ["0.00", "300.00"], "300.00"),
    ]


def test_manual_journals_count_only_without_a_generated_ledger(
    books: Any, chart: dict[str, str], make_books: Any
) -> None:
    # Pushed to the ledger app, this journal comes back there as a GENERATED one: the
    # MANUAL copy must not be counted on top of it.
    books.journal("2024-08-10", (chart["rent"], "1000"), (chart["bank"], "-1000"), source="MANUAL")
    bank = books.widget("accounts_balance", account_id=chart["bank"], to="2024-08-31")
    assert bank["accounts"][0]["total"] == "18550.00"

    other = make_books("Manual only")
    cash, fees = other.account("090", "Bank", "BANK"), other.account("400", "Fees", "EXPENSE")
    other.journal("2024-08-10", (fees, "80"), (cash, "-80"), source="MANUAL")
    body = other.widget("expenses_revenue", **{"from": "2024-08-01", "to": "2024-08-31"})
    assert body["expenses"]["total"] == "80.00"
