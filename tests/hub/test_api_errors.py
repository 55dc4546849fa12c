"""Bad input gets a clear JSON error naming the fields, and changes nothing."""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskClient

import schema
from schema.samples import sample


def _count(client: FlaskClient, org: str, entity: str, headers: dict[str, str]) -> int:
    return len(client.get(f"/api/v1/orgs/{org}/{entity}?limit=1000", headers=headers).json["data"])


def test_invalid_json_is_a_400_with_a_message(client: FlaskClient, make_org: Any) -> None:
    org, headers = make_org()
    response = client.post(
        f"/api/v1/orgs/{org}/contacts",
        data="{not json",
        headers={**headers, "Content-Type": "application/json"},
    )
    assert response.status_code in (400, 422)
    assert response.json["message"]
    assert _count(client, org, "contacts", headers) == 0


def test_unknown_and_wrong_type_fields_are_named(client: FlaskClient, seeder: Any) -> None:
    org, headers = seeder.org, seeder.headers
    payload = sample("contacts", seeder.refs("contacts"))
    payload["favourite_colour"] = "blue"
    payload["is_customer"] = "perhaps"
    response = client.post(f"/api/v1/orgs/{org}/contacts", json=payload, headers=headers)
    assert response.status_code == 422
    assert "favourite_colour" in response.json["errors"]
    assert "is_customer" in response.json["errors"]
    assert "favourite_colour" in response.json["message"]
    assert _count(client, org, "contacts", headers) == 0


def test_float_money_is_refused(client: FlaskClient, seeder: Any) -> None:
    org, headers = seeder.org, seeder.headers
    payload = sample("invoices", seeder.refs("invoices"))
    payload["lines"][0]["unit_price"] = 10.1
    response = client.post(f"/api/v1/orgs/{org}/invoices", json=payload, headers=headers)
    assert response.status_code == 422
    assert "lines" in response.json["errors"]
    assert "unit_price" in json.dumps(response.json["errors"])


def test_references_must_exist_in_the_same_organization(
    client: FlaskClient, make_org: Any, seeder: Any
) -> None:
    org_a, headers_a = seeder.org, seeder.headers
    org_b, headers_b = make_org("B")
    contact_b = client.post(
        f"/api/v1/orgs/{org_b}/contacts",
        json=sample("contacts", {}) | {"sales_defaults": None, "purchase_defaults": None},
        headers=headers_b,
    ).json["id"]
    payload = sample("invoices", seeder.refs("invoices") | {"contacts": contact_b})
    response = client.post(f"/api/v1/orgs/{org_a}/invoices", json=payload, headers=headers_a)
    assert response.status_code == 422
    assert response.json["errors"] == {
        "contact_id": [f"No contacts record with id {contact_b} in this organization."]
    }
    assert _count(client, org_a, "invoices", headers_a) == 0


def test_limits_and_cursors_out_of_range(client: FlaskClient, make_org: Any) -> None:
    org, headers = make_org()
    for query, field in (
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=abc", "limit"),
        ("cursor=%%%", "cursor"),
        ("updated_since=yesterday", "updated_since"),
        ("colour=red", "colour"),
    ):
        response = client.get(f"/api/v1/orgs/{org}/contacts?{query}", headers=headers)
        assert response.status_code in (400, 422), query
        assert field in response.json["errors"], (query, response.json)


def test_missing_or_wrong_key(client: FlaskClient, make_org: Any) -> None:
    org, headers = make_org()
    url = f"/api/v1/orgs/{org}/contacts"
    missing = client.get(url)
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == "Bearer"
    assert "API key" in missing.json["message"]
    wrong = client.get(url, headers={"Authorization": "Bearer hub_0000_nope"})
    assert wrong.status_code == 401


def test_unknown_record_and_bad_ids(client: FlaskClient, make_org: Any) -> None:
    org, headers = make_org()
    base = f"/api/v1/orgs/{org}/contacts"
    assert (
        client.get(f"{base}/00000000-0000-0000-0000-000000000000", headers=headers).status_code
        == 404
    )
    assert client.get(f"{base}/not-a-uuid", headers=headers).status_code == 404
    assert client.get(f"/api/v1/orgs/{org}/nonsense", headers=headers).status_code == 404
    response = client.patch(
        f"{base}/00000000-0000-0000-0000-000000000000", json={"name": "x"}, headers=headers
    )
    assert response.status_code == 404 and response.json["message"]


def test_patch_that_breaks_the_record_is_refused(client: FlaskClient, seeder: Any) -> None:
    org, headers = seeder.org, seeder.headers
    created = seeder.create("contacts")
    response = client.patch(
        f"/api/v1/orgs/{org}/contacts/{created['id']}", json={"name": None}, headers=headers
    )
    assert response.status_code == 422
    assert "name" in response.json["errors"]
    after = client.get(f"/api/v1/orgs/{org}/contacts/{created['id']}", headers=headers).json
    assert after["version"] == 1 and after["name"] == created["name"]


def test_no_input_gives_a_500(client: FlaskClient, make_org: Any) -> None:
    org, headers = make_org()
    bodies: list[Any] = [
        [],
        "text",
        42,
        {"name": {"nested": True}},
        {"lines": "x"},
        {"name": "x" * 100_000},
        {"": ""},
    ]
    for entity in schema.ENTITIES:
        for body in bodies:
            response = client.post(f"/api/v1/orgs/{org}/{entity}", json=body, headers=headers)
            assert response.status_code < 500, (entity, body, response.json)
            assert "message" in response.json, (entity, str(body)[:40])
