"""The leaky bucket: a 429 is waited out as Retry-After says and nothing is lost; the call
limit header paces the rest so no other 429 follows."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from connectors.shopify.sandbox import install_app

TIGHT = {"config": {"bucket_size": 6, "leak_rate": 2.0}}


@pytest.mark.parametrize("shop_config", [TIGHT], indirect=True)
def test_a_429_is_honoured_and_nothing_is_lost(hub: Any, shop: Any) -> None:
    seeded = shop.seed(customers=3, products=2, orders=5, seed=11)
    # Another install of the same app fills the shared bucket just before the hub starts.
    other = install_app(shop.app, "acme")
    for _ in range(6):
        requests.get(
            f"{shop.url}/shops/acme.myshopify.com/admin/api/2024-10/shop.json",
            headers={"X-Shopify-Access-Token": other},
            timeout=10,
        )
    outcome = hub.sync()
    assert outcome.status == "succeeded", outcome.message

    calls = shop.calls()
    refused = [i for i, c in enumerate(calls) if c.status == 429]
    assert len(refused) == 1, [(c.path, c.status) for c in calls]
    first = refused[0]
    assert calls[first].retry_after and calls[first].retry_after > 0
    # The same call went again once Retry-After had passed.
    assert calls[first + 1].path == calls[first].path
    assert calls[first + 1].at - calls[first].at >= calls[first].retry_after
    # More calls than the bucket holds, and the header kept them under it.
    assert len(calls) > 6 and all(c.status == 200 for c in calls[first + 1 :])

    assert len(hub.by_shopify_id("invoices")) == len(seeded["orders"])
    people = [k for k in hub.by_shopify_id("contacts") if not k.startswith("company:")]
    assert len(people) == len(seeded["customers"])
    assert len(hub.by_shopify_id("items")) == len(shop.store.variant_product)
