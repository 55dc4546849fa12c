"""Shop selection: path prefix, Host header, token, default shop; ShopifyAPI unmodified."""

from __future__ import annotations

import requests
import shopify

from connectors.shopify.sandbox import route_myshopify, seed


def test_unknown_shop_prefix_is_404(sandbox, api) -> None:
    response = requests.get(
        f"{sandbox.site('initech')}/shop.json",
        headers={"X-Shopify-Access-Token": api.token},
        timeout=10,
    )
    assert response.status_code == 404


def test_shops_keep_their_own_data(sandbox) -> None:
    acme, globex = sandbox.client("acme"), sandbox.client("globex")
    made = acme.post("customers.json", json={"customer": {"email": "a@example.com"}})
    ident = made.json()["customer"]["id"]
    assert globex.get("customers/count.json").json() == {"count": 0}
    assert globex.get(f"customers/{ident}.json").status_code == 404
    assert globex.get("shop.json").json()["shop"]["currency"] == "CAD"


def test_shop_from_host_header_and_default_shop(sandbox, remount) -> None:
    token = sandbox.token("globex")
    bare = f"{sandbox.url}/admin/api/2024-10/shop.json"
    by_host = requests.get(
        bare, headers={"X-Shopify-Access-Token": token, "Host": "globex.myshopify.com"}, timeout=10
    )
    assert by_host.json()["shop"]["myshopify_domain"] == "globex.myshopify.com"
    # No prefix and no shop host: the token's own shop answers.
    by_token = requests.get(bare, headers={"X-Shopify-Access-Token": token}, timeout=10)
    assert by_token.json()["shop"]["myshopify_domain"] == "globex.myshopify.com"
    # Without a token either (the OAuth pages), only default_shop can name the shop.
    authorize = f"{sandbox.url}/admin/oauth/authorize"
    query = {
        "client_id": "test-app-key",
        "scope": "read_orders",
        "redirect_uri": "https://app.example/cb",
    }
    assert (
        requests.get(authorize, params=query, allow_redirects=False, timeout=10).status_code == 404
    )
    remount(default_shop="acme")
    default = requests.get(authorize, params=query, allow_redirects=False, timeout=10)
    assert "shop=acme.myshopify.com" in default.headers["Location"]


def test_localhost_subdomains_select_the_shop(sandbox) -> None:
    # Session.setup(protocol="http", myshopify_domain="localhost", port=P) sends these.
    token = sandbox.token("globex")
    port = sandbox.url.rsplit(":", 1)[1]
    response = requests.get(
        f"{sandbox.url}/admin/api/2024-10/shop.json",
        headers={"X-Shopify-Access-Token": token, "Host": f"globex.localhost:{port}"},
        timeout=10,
    )
    assert response.json()["shop"]["myshopify_domain"] == "globex.myshopify.com"


def test_shopify_package_without_any_site_override(sandbox) -> None:
    """route_myshopify: https://acme.myshopify.com/... reaches the sandbox, paging included."""
    seed(sandbox.app, "acme", customers=5, products=0, orders=0)
    session = shopify.Session("acme.myshopify.com", "2024-10", sandbox.token())
    with route_myshopify(sandbox.url):
        shopify.ShopifyResource.activate_session(session)
        try:
            assert shopify.ShopifyResource.site == "https://acme.myshopify.com/admin/api/2024-10"
            page = shopify.Customer.find(limit=2)
            assert page.next_page_url.startswith("https://acme.myshopify.com/admin/api/2024-10/")
            ids = [c.id for c in page]
            while page.has_next_page():
                page = page.next_page()
                ids += [c.id for c in page]
            assert len(ids) == 5 == len(set(ids))
        finally:
            shopify.ShopifyResource.clear_session()
