"""OAuth install over HTTP: authorize redirect, signed callback, state, code exchange, tokens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import shopify
from freezegun import freeze_time

from connectors.shopify.sandbox import query_hmac, route_myshopify, shop_url

KEY, SECRET, VERSION = "test-app-key", "test-app-secret", "2024-10"
CALLBACK = "https://app.example/auth/callback"


@pytest.fixture
def app_credentials() -> Iterator[None]:
    """ShopifyAPI's class-level app credentials, restored afterwards."""
    shopify.Session.setup(api_key=KEY, secret=SECRET)
    yield
    shopify.Session.setup(api_key=None, secret=None)
    shopify.ShopifyResource.clear_session()


def authorize(sandbox, shop: str = "acme", **params: str) -> requests.Response:
    query = {
        "client_id": KEY,
        "scope": "read_orders,write_customers",
        "redirect_uri": CALLBACK,
        "state": "nonce-1",
        **params,
    }
    return requests.get(
        f"{shop_url(sandbox.url, shop)}/admin/oauth/authorize",
        params=query,
        allow_redirects=False,
        timeout=10,
    )


def callback_params(response: requests.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith(CALLBACK + "?")
    return dict(parse_qsl(urlsplit(location).query))


def exchange(sandbox, code: str, shop: str = "acme", secret: str = SECRET) -> requests.Response:
    return requests.post(
        f"{shop_url(sandbox.url, shop)}/admin/oauth/access_token",
        data={"client_id": KEY, "client_secret": secret, "code": code},
        timeout=10,
    )


@pytest.mark.usefixtures("app_credentials")
def test_full_install_with_the_shopify_package(sandbox) -> None:
    session = shopify.Session("acme.myshopify.com", VERSION)
    permission_url = session.create_permission_url(
        ["read_orders", "write_customers"], CALLBACK, state="nonce-42"
    )
    assert permission_url.startswith("https://acme.myshopify.com/admin/oauth/authorize?")

    with route_myshopify(sandbox.url):
        # ShopifyAPI insists on https://acme.myshopify.com; route_myshopify serves it locally.
        # The merchant's browser follows the package's permission URL.
        query = urlsplit(permission_url).query
        answer = requests.get(
            f"{shop_url(sandbox.url, 'acme')}/admin/oauth/authorize?{query}",
            allow_redirects=False,
            timeout=10,
        )
        params = callback_params(answer)
        assert params["state"] == "nonce-42"  # the app's nonce comes back untouched
        assert params["shop"] == "acme.myshopify.com"
        assert set(params) == {"code", "hmac", "host", "shop", "state", "timestamp"}
        assert shopify.Session.validate_params(params)

        token = session.request_token(params)
        assert token.startswith("shpua_")
        assert set(str(session.access_scopes).split(",")) == {"read_orders", "write_customers"}

        shopify.ShopifyResource.activate_session(session)
        assert shopify.Shop.current().myshopify_domain == "acme.myshopify.com"


def test_callback_hmac_follows_shopifys_rules(sandbox) -> None:
    params = callback_params(authorize(sandbox))
    assert params["hmac"] == query_hmac(params, SECRET)
    tampered = {**params, "shop": "evil.myshopify.com"}
    assert query_hmac(tampered, SECRET) != params["hmac"]
    # The same rules as ShopifyAPI's own calculate_hmac, including escaping and arrays.
    shopify.Session.secret = SECRET
    try:
        odd = {"a&b": "x=1%", "ids[]": ["1", "2"], "shop": "acme.myshopify.com"}
        assert query_hmac(odd, SECRET) == shopify.Session.calculate_hmac(odd)
        assert not shopify.Session.validate_params({**tampered, "timestamp": params["timestamp"]})
    finally:
        shopify.Session.secret = None


def test_code_is_single_use_and_bound_to_the_shop(sandbox) -> None:
    code = callback_params(authorize(sandbox))["code"]
    wrong_shop = exchange(sandbox, code, shop="globex")
    assert wrong_shop.status_code == 400
    assert wrong_shop.json()["error"] == "invalid_request"
    first = exchange(sandbox, code)
    assert first.status_code == 200
    assert first.json()["scope"] == "read_orders,write_customers"
    again = exchange(sandbox, code)
    assert again.status_code == 400
    assert again.json() == {
        "error": "invalid_request",
        "error_description": "The authorization code was not found or was already used",
    }


def test_wrong_client_secret_is_refused(sandbox) -> None:
    code = callback_params(authorize(sandbox))["code"]
    refused = exchange(sandbox, code, secret="guess")
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_client"


def test_authorize_checks_client_redirect_and_scopes(sandbox, remount) -> None:
    assert authorize(sandbox, client_id="other").status_code == 400
    assert "invalid_scope" in authorize(sandbox, scope="read_orders,drop_tables").text
    remount(redirect_urls=["https://app.example/allowed"])
    refused = authorize(sandbox)
    assert refused.status_code == 400
    assert "redirect_uri" in refused.text
    assert authorize(sandbox, shop="nosuchshop").status_code == 404


def test_token_from_install_reads_its_shop_only(sandbox) -> None:
    token = exchange(sandbox, callback_params(authorize(sandbox))["code"]).json()["access_token"]
    headers = {"X-Shopify-Access-Token": token}
    own = requests.get(f"{sandbox.site('acme')}/orders.json", headers=headers, timeout=10)
    assert own.status_code == 200
    other = requests.get(f"{sandbox.site('globex')}/orders.json", headers=headers, timeout=10)
    assert other.status_code == 401
    # The grant was read_orders + write_customers: products are out of scope.
    products = requests.get(f"{sandbox.site('acme')}/products.json", headers=headers, timeout=10)
    assert products.status_code == 403


def test_online_token_expires(sandbox) -> None:
    answer = exchange(
        sandbox, callback_params(authorize(sandbox, **{"grant_options[]": "per-user"}))["code"]
    ).json()
    assert answer["expires_in"] == 86399
    assert answer["associated_user"]["email"] == "owner@acme.myshopify.com"
    assert answer["associated_user_scope"] == answer["scope"]
    headers = {"X-Shopify-Access-Token": answer["access_token"]}
    url = f"{sandbox.site()}/customers.json"
    assert requests.get(url, headers=headers, timeout=10).status_code == 200
    with freeze_time(datetime.now(UTC) + timedelta(days=1, seconds=1)):
        assert requests.get(url, headers=headers, timeout=10).status_code == 401


def test_manual_approval_page_posts_back(sandbox, remount) -> None:
    remount(oauth_auto_approve=False)
    page = authorize(sandbox)
    assert page.status_code == 200
    assert "Install app on acme.myshopify.com" in page.text
    assert 'name="state" value="nonce-1"' in page.text
    approved = requests.post(
        page.url,
        data={
            "client_id": KEY,
            "scope": "read_orders",
            "redirect_uri": CALLBACK,
            "state": "nonce-1",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert callback_params(approved)["state"] == "nonce-1"


def test_uninstall_revokes_tokens(sandbox, api) -> None:
    assert api.delete("api_permissions/current.json").status_code == 200
    assert api.get("shop.json").status_code == 401
