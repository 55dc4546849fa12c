"""The widgets API: catalogue, parameters checked with the field named, one org per key."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from hub.widgets.registry import catalogue

NAMES = {
    "accounts_balance",
    "accounts_comparison",
    "balance_sheet",
    "profit_and_loss",
    "expenses_revenue",
    "invoices_list",
    "invoices_summary",
    "aged_receivables",
    "aged_payables",
    "sales_growth",
    "cash_flow",
    "employees_list",
    "timesheets",
}


def test_the_catalogue_lists_every_widget_with_its_parameters(books: Any) -> None:
    response = books.client.get(f"/api/v1/orgs/{books.org}/widgets", headers=books.headers)
    assert response.status_code == 200
    entries = {entry["name"]: entry for entry in response.json["data"]}
    assert set(entries) == NAMES
    growth = {p["name"]: p for p in entries["sales_growth"]["parameters"]}
    assert growth["period"]["choices"] == ["day", "week", "month", "quarter", "year"]
    assert growth["period"]["default"] == "month"
    assert "quantity_purchased" in growth["filter"]["choices"]
    assert {"organization_ids", "currency", "from", "to", "limit", "item_ids"} <= set(growth)
    assert entries["accounts_balance"]["parameters"][-1] == {
        "name": "account_id",
        "type": "uuid",
        "required": True,
        "description": "the account",
    }
    assert all(entry["title"] and entry["result"] for entry in entries.values())


def test_every_widget_answers_on_an_empty_organization(books: Any) -> None:
    account = books.account("090", "Bank", "BANK")
    for name in sorted(NAMES):
        params = {"account_id": account} if name == "accounts_balance" else {}
        if name == "accounts_comparison":
            params = {"account_ids": account}
        body = books.widget(name, **params)
        assert body["widget"] == name
        assert body["organization_ids"] == [books.org]
        assert body["period"] == "month"


def test_defaults_are_twelve_months_to_today(books: Any) -> None:
    from datetime import date

    from freezegun import freeze_time

    with freeze_time("2024-05-17"):
        body = books.widget("cash_flow")
    assert (body["from"], body["to"]) == ("2023-06-01", "2024-05-17")
    assert body["dates"][0] == "2023-06-01" and body["dates"][-1] == "2024-05-01"
    assert len(body["dates"]) == 12
    assert date.fromisoformat(body["to"])


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("cash_flow", {"period": "fortnight"}, "period"),
        ("cash_flow", {"from": "2024-05-01", "to": "2024-04-01"}, "to"),
        ("cash_flow", {"from": "2020-01-01", "to": "2024-12-31", "period": "day"}, "period"),
        ("cash_flow", {"currency": "aud"}, "currency"),
        ("cash_flow", {"from": "yesterday"}, "from"),
        ("cash_flow", {"colour": "red"}, "colour"),
        ("accounts_balance", {}, "account_id"),
        ("accounts_balance", {"account_id": "01a20172-9e76-7456-b22b-02300359196c"}, "account_id"),
        ("invoices_list", {"order_by": "size"}, "order_by"),
        ("invoices_list", {"limit": "0"}, "limit"),
        ("sales_growth", {"filter": "gross_value_returned"}, "filter"),
        ("aged_receivables", {"buckets": "13"}, "buckets"),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(
    books: Any, name: str, params: dict[str, str], field: str
) -> None:
    response = books.get(name, **params)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert response.json["message"]


def test_through_the_api_only_the_keys_own_organization_is_read(books: Any, make_org: Any) -> None:
    other, other_headers = make_org("Other")
    ok = books.get("cash_flow", organization_ids=books.org)
    assert ok.status_code == 200
    response = books.get("cash_flow", organization_ids=[books.org, other])
    assert response.status_code == 422
    assert "organization_ids" in response.json["errors"]
    # Another organization's widgets answer 404, as anything of theirs does.
    foreign = books.client.get(f"/api/v1/orgs/{other}/widgets/cash_flow", headers=books.headers)
    assert foreign.status_code == 404
    listing = books.client.get(f"/api/v1/orgs/{other}/widgets", headers=books.headers)
    assert listing.status_code == 404
    missing_key = books.client.get(f"/api/v1/orgs/{books.org}/widgets/cash_flow")
    assert missing_key.status_code == 401
    assert (
        books.client.get(
            f"/api/v1/orgs/{other}/widgets/cash_flow", headers=other_headers
        ).status_code
        == 200
    )


def test_an_unknown_widget_is_not_found(books: Any) -> None:
    response = books.get("crystal_ball")
    assert response.status_code == 404
    assert response.json["message"]


def test_the_openapi_document_describes_each_widget(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").json
    for name, widget in catalogue().items():
        operation = spec["paths"][f"/api/v1/orgs/{{org_id}}/widgets/{name}"]["get"]
        assert operation["summary"] == widget.title
        params = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
        assert {"organization_ids", "currency", "from", "to", "period"} <= params
    rates = spec["paths"]["/api/v1/orgs/{org_id}/exchange-rates"]
    assert {"get", "put"} <= set(rates)
