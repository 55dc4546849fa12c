"""Error shapes, auth and scopes, API versions, shop selection and common headers."""

from __future__ import annotations

import uuid

import requests

from connectors.shopify.sandbox.errors import UNAUTHORIZED


def test_missing_or_unknown_token_is_401(sandbox) -> None:
    url = f"{sandbox.site()}/customers.json"
    assert requests.get(url, timeout=10).json() == {"errors": UNAUTHORIZED}
    bad = requests.get(url, headers={"X-Shopify-Access-Token": "shpat_nope"}, timeout=10)
    assert bad.status_code == 401
    assert "X-Shopify-Shop-Api-Call-Limit" not in bad.headers


def test_missing_scope_is_403_naming_the_scope(sandbox) -> None:
    reader = sandbox.client(token=sandbox.token(scopes="read_customers"))
    assert reader.get("customers.json").status_code == 200
    denied = reader.post("customers.json", json={"customer": {"email": "x@example.com"}})
    assert denied.status_code == 403
    assert denied.json() == {
        "errors": "[API] This action requires merchant approval for write_customers scope."
    }
    assert reader.get("orders.json").status_code == 403


def test_not_found_shapes(api) -> None:
    for path in ("customers/123.json", "orders/1/transactions.json", "nothing-here.json"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json() == {"errors": "Not Found"}


def test_body_without_root_key_is_400(api) -> None:
    response = api.post("customers.json", json={"email": "flat@example.com"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"customer": "Required parameter missing or invalid"}}
    form = api.post(
        "customers.json",
        data="customer[email]=x@example.com",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 400


def test_validation_errors_are_objects_of_arrays(api) -> None:
    response = api.post("orders.json", json={"order": {"line_items": []}})
    assert response.status_code == 422
    assert response.json() == {"errors": {"line_items": ["must have at least one line item"]}}


def test_versions_served_and_fallback(sandbox, api) -> None:
    assert api.get("shop.json").headers["X-Shopify-API-Version"] == "2024-10"
    old = requests.get(
        f"{sandbox.site(version='2021-01')}/shop.json",
        headers={"X-Shopify-Access-Token": api.token},
        timeout=10,
    )
    assert old.status_code == 200
    assert old.headers["X-Shopify-API-Version"] == "2024-01"  # the oldest supported
    unstable = requests.get(
        f"{sandbox.site(version='unstable')}/shop.json",
        headers={"X-Shopify-Access-Token": api.token},
        timeout=10,
    )
    assert unstable.headers["X-Shopify-API-Version"] == "unstable"
    junk = requests.get(
        f"{sandbox.site(version='v2')}/shop.json",
        headers={"X-Shopify-Access-Token": api.token},
        timeout=10,
    )
    assert junk.status_code == 404


def test_deprecation_headers(sandbox, remount) -> None:
    api = sandbox.client()
    products = api.get("products.json")
    assert "graphql-product-apis" in products.headers["X-Shopify-API-Deprecated-Reason"]
    assert "X-Shopify-API-Deprecated-Reason" not in api.get("customers.json").headers
    remount(deprecated_versions=["2024-10"])
    assert "X-Shopify-API-Deprecated-Reason" in sandbox.client().get("customers.json").headers


def test_every_response_has_a_request_id(api) -> None:
    assert uuid.UUID(api.get("shop.json").headers["X-Request-Id"])
    assert uuid.UUID(api.get("customers/1.json").headers["X-Request-Id"])


def test_static_custom_app_token_from_config(sandbox, remount) -> None:
    remount(shops={"acme": {"tokens": {"shpat_static": "read_products"}}})
    api = sandbox.client(token="shpat_static")
    assert api.get("products.json").status_code == 200
    assert api.get("customers.json").status_code == 403
