"""Exchange rates over the API: set (a pair's rate on a date is replaced), list, delete."""

from __future__ import annotations

from typing import Any


def test_set_list_replace_and_delete_rates(books: Any) -> None:
    url = f"/api/v1/orgs/{books.org}/exchange-rates"
    books.rates(("USD", "AUD", "2024-01-01", "1.5"), ("NZD", "AUD", "2024-01-01", "0.92"))
    books.rates(("USD", "AUD", "2024-01-01", "1.5123456789"))  # same pair and day: replaced
    listed = books.client.get(url, headers=books.headers).json["data"]
    assert [(r["from_currency"], r["to_currency"], r["date"], r["rate"]) for r in listed] == [
        ("NZD", "AUD", "2024-01-01", "0.92"),
        ("USD", "AUD", "2024-01-01", "1.5123456789"),
    ]
    usd = books.client.get(url, query_string={"from_currency": "USD"}, headers=books.headers)
    assert [r["rate"] for r in usd.json["data"]] == ["1.5123456789"]

    deleted = books.client.delete(f"{url}/{listed[0]['id']}", headers=books.headers)
    assert deleted.status_code == 204
    assert len(books.client.get(url, headers=books.headers).json["data"]) == 1
    again = books.client.delete(f"{url}/{listed[0]['id']}", headers=books.headers)
    assert again.status_code == 404


def test_bad_rates_are_refused_naming_the_field(books: Any) -> None:
    url = f"/api/v1/orgs/{books.org}/exchange-rates"
    bad = {
        "rates": [
            {"from_currency": "usd", "to_currency": "AUD", "date": "2024-01-01", "rate": "1"},
            {"from_currency": "AUD", "to_currency": "AUD", "date": "2024-01-01", "rate": "1"},
            {"from_currency": "USD", "to_currency": "AUD", "date": "2024-01-01", "rate": "-2"},
        ]
    }
    response = books.client.put(url, json=bad, headers=books.headers)
    assert response.status_code == 422
    errors = response.json["errors"]["rates"]
    assert set(errors["0"]) == {"from_currency"}
    assert set(errors["1"]) == {"to_currency"}
    assert set(errors["2"]) == {"rate"}
    assert books.client.get(url, headers=books.headers).json["data"] == []


def test_another_organizations_rates_are_not_found(books: Any, make_books: Any) -> None:
    other = make_books("Other")
    other.rates(("USD", "AUD", "2024-01-01", "1.5"))
    theirs = f"/api/v1/orgs/{other.org}/exchange-rates"
    assert books.client.get(theirs, headers=books.headers).status_code == 404
    rate_id = other.client.get(theirs, headers=other.headers).json["data"][0]["id"]
    mine = f"/api/v1/orgs/{books.org}/exchange-rates/{rate_id}"
    assert books.client.delete(mine, headers=books.headers).status_code == 404
    assert len(other.client.get(theirs, headers=other.headers).json["data"]) == 1
