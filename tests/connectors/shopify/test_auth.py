"""The OAuth install flow over HTTP: install URL with state, signed callback, code exchange."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from connectors.shopify.auth import InvalidCallback, ShopifyOAuth, query_hmac
from connectors.shopify.connector import ShopifyConnector
from hub.sdk.connector import Context
from hub.sdk.errors import ConfigurationError

KEY, SECRET, SHOP = "test-app-key", "test-app-secret", "acme.myshopify.com"  # as in conftest
CALLBACK = "https://hub.example/connections/shopify/callback"
Shop = Any  # conftest.Shop: the mounted sandbox


def oauth(shop: Shop) -> ShopifyOAuth:
    """The flow as the console builds it, for a connection whose base URL is the sandbox's."""
    return ShopifyConnector.oauth(KEY, SECRET, CALLBACK, {"base_url": shop.base_url})


def approve(url: str) -> dict[str, str]:
    """The merchant opens the install URL and approves; Shopify redirects back to us."""
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    location = answer.headers["Location"]
    assert location.startswith(CALLBACK + "?")
    return dict(parse_qsl(urlsplit(location).query))


def test_the_install_url_is_the_real_shops_by_default() -> None:
    url, state = ShopifyOAuth(KEY, SECRET, CALLBACK).install_url("acme")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "acme.myshopify.com",
        "/admin/oauth/authorize",
    )
    query = dict(parse_qsl(parts.query))
    assert query["client_id"] == KEY
    assert query["redirect_uri"] == CALLBACK
    assert query["state"] == state and len(state) >= 24
    assert set(query["scope"].split(",")) >= {"read_orders", "write_customers", "write_products"}
    # Every install gets its own nonce.
    assert ShopifyOAuth(KEY, SECRET, CALLBACK).install_url("acme")[1] != state


def test_install_callback_and_exchange_give_a_working_token(shop: Shop) -> None:
    flow = oauth(shop)
    url, state = flow.install_url("acme.myshopify.com")
    callback = approve(url)
    assert callback["state"] == state

    assert flow.verify_callback(callback, state) == SHOP
    credentials = flow.exchange(SHOP, callback["code"])
    assert credentials["access_token"].startswith("shpua_")
    assert credentials["api_secret"] == SECRET

    connector = ShopifyConnector(
        Context(settings={"base_url": shop.base_url}, credentials=credentials, tenant_id=SHOP)
    )
    assert connector.reader.shop()["myshopify_domain"] == SHOP
    # The code was single-use: a second exchange is refused, and says so.
    with pytest.raises(ConfigurationError, match="already used"):
        flow.exchange(SHOP, callback["code"])


@pytest.mark.parametrize(
    "tamper",
    [
        {"shop": "evil.myshopify.com"},  # another shop, same signature
        {"code": "0" * 32},  # a code swapped in
        {"hmac": "0" * 64},  # a forged signature
        {"timestamp": "1"},
    ],
)
def test_a_tampered_callback_is_refused(shop: Shop, tamper: dict[str, str]) -> None:
    flow = oauth(shop)
    url, state = flow.install_url("acme")
    callback = {**approve(url), **tamper}
    with pytest.raises(InvalidCallback, match="signature"):
        flow.verify_callback(callback, state)


def test_a_callback_for_another_install_or_too_old_is_refused(shop: Shop) -> None:
    flow = oauth(shop)
    url, state = flow.install_url("acme")
    callback = approve(url)
    with pytest.raises(InvalidCallback, match="state"):
        flow.verify_callback(callback, "someone-elses-nonce")
    # Correctly signed, but replayed two days later.
    with pytest.raises(InvalidCallback, match="too old"):
        flow.verify_callback(callback, state, now=time.time() + 2 * 86400)


def test_the_query_hmac_follows_shopifys_rules() -> None:
    # Sorted pairs, `%` and `&` escaped, `k[]` lists as JSON: the sandbox signs the same way.
    from connectors.shopify.sandbox import query_hmac as sandbox_hmac

    params = {
        "shop": "acme.myshopify.com",
        "state": "a&b=c%d",
        "ids[]": ["1", "2"],
        "timestamp": "1700000000",
        "hmac": "ignored",
    }
    assert query_hmac(params, SECRET) == sandbox_hmac(params, SECRET)
    assert query_hmac(params, SECRET) != query_hmac({**params, "state": "a&b=c"}, SECRET)


def test_the_consoles_connect_hooks_install_the_app(shop: Shop) -> None:
    """begin_connect / finish_connect: what the console calls for every OAuth app."""
    app = {"api_key": KEY, "api_secret": SECRET, "base_url": shop.base_url}
    url, kept = ShopifyConnector.begin_connect(app, CALLBACK, "state-123", {"shop": "acme"})
    callback = approve(url)
    credentials, tenants = ShopifyConnector.finish_connect(app, CALLBACK, callback, kept)
    assert credentials["access_token"] and credentials["shop"] == SHOP
    assert [(t.id, t.name) for t in tenants] == [(SHOP, SHOP)]
    with pytest.raises(ConfigurationError, match="signature"):  # a tampered callback
        ShopifyConnector.finish_connect(app, CALLBACK, dict(callback, shop="evil"), kept)
    with pytest.raises(ConfigurationError, match="state"):  # a callback of another session
        ShopifyConnector.finish_connect(app, CALLBACK, callback, {"state": "another-state"})
    with pytest.raises(ConfigurationError, match="shop"):
        ShopifyConnector.begin_connect(app, CALLBACK, "s", {})
