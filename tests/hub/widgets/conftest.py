"""Books: an organization whose records are written through the API, and its widgets read."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient


class Books:
    """Creates canonical records with figures the tests state, and reads widgets."""

    def __init__(self, client: FlaskClient, org: str, headers: dict[str, str]) -> None:
        self.client, self.org, self.headers = client, org, headers

    def post(self, entity: str, payload: dict[str, Any]) -> str:
        response = self.client.post(
            f"/api/v1/orgs/{self.org}/{entity}", json=payload, headers=self.headers
        )
        assert response.status_code == 201, (entity, response.json)
        return response.json["id"]

    def put(self, entity: str, record_id: str, payload: dict[str, Any]) -> None:
        url = f"/api/v1/orgs/{self.org}/{entity}/{record_id}"
        response = self.client.put(url, json=payload, headers=self.headers)
        assert response.status_code == 200, response.json

    def get(self, name: str, **params: Any) -> Any:
        return self.client.get(
            f"/api/v1/orgs/{self.org}/widgets/{name}", query_string=params, headers=self.headers
        )

    def widget(self, name: str, **params: Any) -> dict[str, Any]:
        response = self.get(name, **params)
        assert response.status_code == 200, response.json
        return response.json

    def company(self, currency: str = "AUD", year_end: tuple[int, int] = (30, 6)) -> str:
        return self.post(
            "company",
            {
                "name": "Harbour Bikes",
                "base_currency": currency,
                "financial_year_end": {"day": year_end[0], "month": year_end[1]},
            },
        )

    def contact(self, name: str) -> str:
        return self.post("contacts", {"kind": "ORGANIZATION", "name": name})

    def item(self, code: str) -> str:
        return self.post("items", {"code": code, "name": f"Item {code}"})

    def account(self, code: str, name: str, type_: str, **extra: Any) -> str:
        return self.post("accounts", {"code": code, "name": name, "type": type_, **extra})

    def rates(self, *rates: tuple[str, str, str, str]) -> None:
        body = {
            "rates": [
                {"from_currency": a, "to_currency": b, "date": d, "rate": r} for a, b, d, r in rates
            ]
        }
        url = f"/api/v1/orgs/{self.org}/exchange-rates"
        response = self.client.put(url, json=body, headers=self.headers)
        assert response.status_code == 200, response.json

    def invoice(
        self,
        contact: str | None,
        day: str,
        lines: list[tuple[str | None, str, str, str]],
        *,
        type_: str = "SALES",
        status: str = "AUTHORISED",
        paid: str = "0",
        credited: str = "0",
        due: str | None = None,
        currency: str | None = "AUD",
        entity: str = "invoices",
        **extra: Any,
    ) -> str:
        """Lines are (item id, quantity, unit price, tax); amounts exclusive of tax."""
        built, subtotal, tax_total = [], Decimal(0), Decimal(0)
        for item_id, quantity, price, tax in lines:
            amount = Decimal(quantity) * Decimal(price)
            subtotal += amount
            tax_total += Decimal(tax)
            built.append(
                {
                    "item_id": item_id,
                    "quantity": quantity,
                    "unit_price": price,
                    "line_amount": f"{amount:.2f}",
                    "tax_amount": tax,
                }
            )
        total = subtotal + tax_total
        payload: dict[str, Any] = {
            "type": type_,
            "status": status,
            "issue_date": day,
            "due_date": due or day,
            "line_amount_type": "EXCLUSIVE",
            "lines": built,
            "subtotal": f"{subtotal:.2f}",
            "total_tax": f"{tax_total:.2f}",
            "total": f"{total:.2f}",
        }
        if contact:
            payload["contact_id"] = contact
        if currency:
            payload["currency"] = currency
        if entity == "invoices":
            payload.update(
                amount_paid=paid,
                amount_credited=credited,
                amount_due=f"{total - Decimal(paid) - Decimal(credited):.2f}",
            )
        else:
            payload["remaining_credit"] = f"{total - Decimal(credited):.2f}"
        return self.post(entity, payload | extra)

    def payment(self, day: str, document: str, amount: str, **extra: Any) -> str:
        key = extra.pop("key", "invoice_id")
        return self.post(
            "payments",
            {"date": day, "amount": amount, "lines": [{key: document, "amount": amount}], **extra},
        )

    def journal(self, day: str, *lines: tuple[str, str], source: str = "GENERATED") -> str:
        return self.post(
            "journals",
            {
                "source": source,
                "date": day,
                "lines": [{"account_id": a, "amount": amount} for a, amount in lines],
            },
        )


@pytest.fixture
def make_books(client: FlaskClient, make_org: Any) -> Callable[[str], Books]:
    def make(name: str = "Acme Pty Ltd") -> Books:
        org, headers = make_org(name)
        return Books(client, org, headers)

    return make


@pytest.fixture
def books(make_books: Callable[[str], Books]) -> Books:
    return make_books("Acme Pty Ltd")
