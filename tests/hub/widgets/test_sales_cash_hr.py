"""Sales growth per product, cash flow, employees with salary and hours worked."""

from __future__ import annotations

from typing import Any


def test_sales_growth_per_item_and_period(books: Any) -> None:
    acme, depot = books.contact("Acme"), books.contact("Depot")
    x, y, z = books.item("X"), books.item("Y"), books.item("Z")
    books.invoice(acme, "2024-01-15", [(x, "2", "100", "20"), (y, "1", "30", "3")])
    books.invoice(acme, "2024-02-03", [(x, "1", "100", "10")], status="PAID", paid="110.00")
    books.invoice(acme, "2024-02-04", [(y, "5", "30", "15")], status="DRAFT")  # not counted
    books.invoice(acme, "2024-03-30", [(z, "1.5", "40", "6")])
    books.invoice(depot, "2024-02-10", [(x, "10", "60", "60")], type_="PURCHASE")
    span = {"from": "2024-01-01", "to": "2024-03-31"}

    net = books.widget("sales_growth", **span)
    assert net["dates"] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert [(i["code"], i["values"], i["total"]) for i in net["items"]] == [
        ("X", ["200.00", "100.00", "0.00"], "300.00"),
        ("Z", ["0.00", "0.00", "60.00"], "60.00"),
        ("Y", ["30.00", "0.00", "0.00"], "30.00"),
    ]
    assert net["totals"] == ["230.00", "100.00", "60.00"]
    # Partial months at both ends are read from the lines, the whole one from its total.
    edges = books.widget("sales_growth", **{"from": "2024-01-15", "to": "2024-03-29"})
    assert edges["totals"] == ["230.00", "100.00", "0.00"]

    quantity = books.widget("sales_growth", filter="quantity_sold", limit=2, **span)
    assert quantity["currency"] is None
    assert [(i["name"], i["values"]) for i in quantity["items"]] == [
        ("Item X", ["2", "1", "0"]),
        ("Item Z", ["0", "0", "1.5"]),
    ]
    gross = books.widget("sales_growth", filter="gross_value_sold", item_ids=[z], **span)
    assert [(i["code"], i["total"]) for i in gross["items"]] == [("Z", "66.00")]
    bought = books.widget("sales_growth", filter="quantity_purchased", period="quarter", **span)
    assert [(i["code"], i["values"]) for i in bought["items"]] == [("X", ["10"])]


def test_cash_flow_from_payments(books: Any) -> None:
    acme, depot = books.contact("Acme"), books.contact("Depot")
    bank, card = books.account("090", "Bank", "BANK"), books.account("091", "Card", "BANK")
    sale = books.invoice(acme, "2024-03-01", [(None, "1", "1000", "100")])
    bill = books.invoice(depot, "2024-03-02", [(None, "1", "400", "40")], type_="PURCHASE")
    refund = books.invoice(acme, "2024-04-01", [(None, "1", "50", "5")], entity="credit_notes")
    books.payment("2024-03-10", sale, "600.00", type="RECEIVE", account_id=bank)
    books.payment("2024-04-05", sale, "500.00", account_id=bank)  # no type: the invoice says in
    books.payment("2024-04-06", bill, "440.00", type="SPEND", account_id=card)
    books.payment("2024-04-20", refund, "55.00", key="credit_note_id", account_id=bank)
    deleted = books.payment("2024-04-21", sale, "1.00", type="RECEIVE", account_id=bank)
    books.client.delete(f"/api/v1/orgs/{books.org}/payments/{deleted}", headers=books.headers)

    body = books.widget("cash_flow", **{"from": "2024-03-01", "to": "2024-04-30"})
    assert body["received"] == ["600.00", "500.00"]
    assert body["spent"] == ["0.00", "495.00"]
    assert body["net"] == ["600.00", "5.00"]
    assert body["totals"] == {"received": "1100.00", "spent": "495.00", "net": "605.00"}
    only_bank = books.widget(
        "cash_flow", account_id=bank, **{"from": "2024-03-01", "to": "2024-04-30"}
    )
    assert only_bank["totals"] == {"received": "1100.00", "spent": "55.00", "net": "1045.00"}


def _employee(books: Any, first: str, **extra: Any) -> str:
    return books.post("employees", {"first_name": first, "last_name": "Citizen", **extra})


def test_employees_with_salary_as_at_a_date(books: Any) -> None:
    _employee(
        books,
        "Jane",
        start_date="2021-02-01",
        salary=[
            {"pay_item": "Base", "annual_amount": "78000.00", "effective_from": "2023-07-01"},
            {"pay_item": "Base", "annual_amount": "82000.00", "effective_from": "2024-07-01"},
            {"pay_item": "Allowance", "annual_amount": "2000.00"},
        ],
    )
    _employee(
        books,
        "Sam",
        start_date="2024-01-08",
        salary=[{"pay_item": "Hourly", "rate_per_hour": "30.00", "hours_per_week": "20"}],
    )
    _employee(
        books, "Old", start_date="2010-01-01", termination_date="2022-06-30", status="TERMINATED"
    )
    body = books.widget(
        "employees_list", period="month", **{"from": "2024-01-01", "to": "2024-06-30"}
    )
    rows = {r["name"]: r for r in body["rows"]}
    assert set(rows) == {"Jane Citizen", "Sam Citizen"}
    assert (rows["Jane Citizen"]["annual_salary"], rows["Jane Citizen"]["period_salary"]) == (
        "80000.00",
        "6666.67",
    )
    assert rows["Sam Citizen"]["annual_salary"] == "31200.00"  # 30 x 20 x 52
    assert rows["Sam Citizen"]["hourly_rate"] == "30.00"
    assert body["totals"] == {
        "employees": 2,
        "annual_salary": "111200.00",
        "period_salary": "9266.67",
    }
    later = books.widget("employees_list", period="year", to="2024-08-01")
    jane = next(r for r in later["rows"] if r["name"] == "Jane Citizen")
    assert jane["annual_salary"] == jane["period_salary"] == "84000.00"


def test_hours_worked_per_employee_and_week(books: Any) -> None:
    jane, sam = _employee(books, "Jane"), _employee(books, "Sam")

    def timesheet(employee: str, start: str, end: str, hours: list[str], status: str) -> None:
        books.post(
            "timesheets",
            {
                "employee_id": employee,
                "start_date": start,
                "end_date": end,
                "status": status,
                "lines": [{"pay_item": "Ordinary", "hours": hours}],
            },
        )

    week = ["8", "8", "8", "8", "6.5", "0", "0"]
    timesheet(jane, "2024-03-04", "2024-03-10", week, "APPROVED")
    timesheet(jane, "2024-03-11", "2024-03-17", ["7.5"] * 5 + ["0", "0"], "PROCESSED")
    timesheet(sam, "2024-03-06", "2024-03-12", ["4"] * 7, "DRAFT")  # spans two weeks
    timesheet(sam, "2024-03-11", "2024-03-17", ["9"] * 7, "REJECTED")
    body = books.widget("timesheets", period="week", **{"from": "2024-03-04", "to": "2024-03-17"})
    assert body["dates"] == ["2024-03-04", "2024-03-11"]
    assert [(e["name"], e["values"], e["total"]) for e in body["employees"]] == [
        ("Jane Citizen", ["38.5", "37.5"], "76"),
        ("Sam Citizen", ["20", "8"], "28"),
    ]
    assert body["total"] == "104"
