"""Conversion through the organization's exchange rates; a missing rate is a clear error."""

from __future__ import annotations

from typing import Any

import pytest

from hub.db import Database
from hub.widgets.errors import WidgetError
from hub.widgets.registry import catalogue, run

RANGE = {"from": "2024-01-01", "to": "2024-06-30"}


@pytest.fixture
def sales(books: Any) -> dict[str, str]:
    """Acme buys in USD and AUD, Kiwi in NZD; USD->AUD moves from 1.5 to 1.6 on 15 March."""
    books.company("AUD")
    books.rates(
        ("USD", "AUD", "2024-01-01", "1.5"),
        ("USD", "AUD", "2024-03-15", "1.6"),
        ("AUD", "NZD", "2024-01-01", "1.1"),  # NZD amounts convert through its inverse
    )
    ids = {"acme": books.contact("Acme"), "kiwi": books.contact("Kiwi"), "x": books.item("X")}
    x = ids["x"]
    books.invoice(ids["acme"], "2024-03-10", [(x, "1", "100", "10")], currency="USD")  # 165.00
    books.invoice(ids["acme"], "2024-03-20", [(x, "2", "100", "20")], currency="USD")  # 352.00
    books.invoice(ids["acme"], "2024-03-01", [(x, "1", "50", "5")], currency="AUD")  # 55.00
    books.invoice(ids["kiwi"], "2024-04-01", [(x, "1", "100", "10")], currency="NZD")  # 100.00
    return ids


def test_amounts_convert_at_the_rate_of_their_date(books: Any, sales: dict[str, str]) -> None:
    body = books.widget("invoices_list", **RANGE)
    assert body["currency"] == "AUD"
    rows = {r["name"]: r for r in body["rows"]}
    assert rows["Acme"]["total_invoiced"] == "572.00"
    assert rows["Acme"]["fx_totals"] == [
        {"currency": "AUD", "total_invoiced": "55.00", "total_due": "55.00"},
        {"currency": "USD", "total_invoiced": "330.00", "total_due": "330.00"},
    ]
    assert rows["Kiwi"]["total_invoiced"] == "100.00"
    growth = books.widget("sales_growth", **RANGE)
    # March: 100 USD at 1.5, 200 USD at 1.6 and 50 AUD.
    assert growth["items"][0]["values"][2] == "520.00"
    assert growth["items"][0]["values"][3] == "90.91"  # 100 NZD / 1.1


def test_what_is_owed_is_valued_at_the_rate_of_the_as_at_date(
    books: Any, sales: dict[str, str]
) -> None:
    body = books.widget("aged_receivables", to="2024-06-30")
    totals = {r["name"]: r["total"] for r in body["rows"]}
    # 330 USD owed at 1.6 (the rate on 30 June, not the invoices' own) and 55 AUD.
    assert totals == {"Acme": "583.00", "Kiwi": "100.00"}
    earlier = books.widget("aged_receivables", to="2024-03-31")
    assert {r["name"]: r["total"] for r in earlier["rows"]} == {"Acme": "583.00"}


def test_a_missing_rate_names_the_pair_and_the_date(books: Any, sales: dict[str, str]) -> None:
    books.invoice(sales["acme"], "2023-12-20", [(sales["x"], "1", "10", "1")], currency="USD")
    books.invoice(sales["acme"], "2023-12-22", [(sales["x"], "1", "10", "1")], currency="USD")
    response = books.get("invoices_list", **{"from": "2023-12-01", "to": "2024-06-30"})
    assert response.status_code == 422
    [message] = response.json["errors"]["currency"]
    assert "from USD to AUD on or before 2023-12-20" in message
    assert response.json["message"] == message

    in_usd = books.get("invoices_list", currency="USD", **RANGE)
    assert in_usd.status_code == 422
    assert "from NZD to USD on or before 2024-04-01" in in_usd.json["errors"]["currency"][0]
    books.rates(("NZD", "USD", "2024-01-01", "0.6"))
    rows = {r["name"]: r for r in books.widget("invoices_list", currency="USD", **RANGE)["rows"]}
    # 110 + 220 USD as they are; 55 AUD through the inverse of USD->AUD 1.5 (on 1 March).
    assert rows["Acme"]["total_invoiced"] == "366.67"
    assert rows["Kiwi"]["total_invoiced"] == "66.00"


def test_without_a_base_currency_one_currency_is_reported_as_is(books: Any) -> None:
    acme = books.contact("Acme")
    books.invoice(acme, "2024-02-01", [(None, "1", "10", "1")], currency="EUR")
    body = books.widget("invoices_list", **RANGE)
    assert (body["currency"], body["totals"]["total_invoiced"]) == ("EUR", "11.00")
    books.invoice(acme, "2024-02-02", [(None, "1", "10", "1")], currency="GBP")
    response = books.get("invoices_list", **RANGE)
    assert response.status_code == 422
    assert "several currencies (EUR, GBP)" in response.json["errors"]["currency"][0]


def test_organizations_consolidate_with_their_own_rates(db: Database, make_books: Any) -> None:
    au, nz = make_books("Harbour Bikes AU"), make_books("Harbour Bikes NZ")
    au.company("AUD")
    nz.company("NZD")
    au_sales, nz_sales = au.account("200", "Sales", "SALES"), nz.account("200", "Sales", "SALES")
    au_bank, nz_bank = au.account("090", "Bank", "BANK"), nz.account("090", "Bank", "BANK")
    au.journal("2024-04-01", (au_bank, "1000"), (au_sales, "-1000"))
    nz.journal("2024-04-02", (nz_bank, "500"), (nz_sales, "-500"))
    widget = catalogue()["expenses_revenue"]
    args = widget.args().load({**RANGE, "period": "quarter"})
    with db.session() as session, pytest.raises(WidgetError) as refused:
        run(session, "expenses_revenue", [au.org, nz.org], dict(args))
    assert refused.value.field == "currency"
    assert f"from NZD to AUD on or before 2024-04-02 in organization {nz.org}" in str(refused.value)
    nz.rates(("NZD", "AUD", "2024-01-01", "0.9"))  # rates belong to each organization
    with db.session() as session:
        body = run(session, "expenses_revenue", [au.org, nz.org], dict(args))
    assert body["currency"] == "AUD"
    assert body["revenue"]["values"] == ["0.00", "1450.00"]
    # In NZD, the Australian books need a rate of their own: the NZ one is not borrowed.
    with db.session() as session, pytest.raises(WidgetError) as refused:
        run(session, "expenses_revenue", [nz.org, au.org], {**args, "currency": "NZD"})
    assert f"from AUD to NZD on or before 2024-04-01 in organization {au.org}" in str(refused.value)
