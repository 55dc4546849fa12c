"""The leaky bucket: call-limit header, 429 with Retry-After, draining, per app per shop."""

from __future__ import annotations

import time

import pytest
import shopify
from pyactiveresource.connection import ClientError

from connectors.shopify.sandbox.errors import THROTTLED
from connectors.shopify.sandbox.limits import LeakyBucket


def test_bucket_arithmetic_with_an_explicit_clock() -> None:
    bucket = LeakyBucket(size=40, leak_rate=2.0)
    assert all(bucket.take(now=100.0) is None for _ in range(40))
    assert bucket.header() == "40/40"
    assert bucket.take(now=100.0) == pytest.approx(0.5)
    assert bucket.take(now=100.5) is None  # half a second leaks one call
    assert bucket.take(now=110.5) is None
    assert bucket.header() == "21/40"  # 40 - 20 leaked + 1


def test_header_counts_up_and_429_carries_retry_after(sandbox, remount) -> None:
    remount(bucket_size=5, leak_rate=4.0)
    api = sandbox.client()
    used = []
    for _ in range(5):
        response = api.get("shop.json")
        assert response.status_code == 200
        used.append(response.headers["X-Shopify-Shop-Api-Call-Limit"])
    assert used[0] == "1/5" and used[-1] in ("4/5", "5/5")
    throttled = [api.get("shop.json") for _ in range(3)]
    rejected = next(r for r in throttled if r.status_code == 429)
    assert rejected.json() == {"errors": THROTTLED}
    assert rejected.headers["X-Shopify-Shop-Api-Call-Limit"] == "5/5"
    wait = float(rejected.headers["Retry-After"])
    assert 0 < wait <= 0.3
    time.sleep(wait)
    assert api.get("shop.json").status_code == 200


def test_buckets_are_per_app_and_per_shop(sandbox, remount) -> None:
    remount(
        bucket_size=2,
        leak_rate=0.5,
        shops={"acme": {"tokens": {"shpat_custom": "read_customers"}}, "globex": {}},
    )
    oauth_app = sandbox.client("acme")
    for _ in range(2):
        oauth_app.get("customers.json")
    assert oauth_app.get("customers.json").status_code == 429
    # A custom app on the same shop, and the same app on another shop, have their own buckets.
    custom = sandbox.client("acme", token="shpat_custom")
    assert custom.get("customers.json").headers["X-Shopify-Shop-Api-Call-Limit"] == "1/2"
    assert sandbox.client("globex").get("customers.json").status_code == 200


def test_shopify_package_sees_the_429(sandbox, remount) -> None:
    remount(bucket_size=1, leak_rate=0.5)
    session = shopify.Session("acme.myshopify.com", "2024-10", sandbox.token())
    shopify.ShopifyResource.activate_session(session)
    shopify.ShopifyResource.site = sandbox.site()
    try:
        shopify.Customer.find()
        with pytest.raises(ClientError) as caught:
            shopify.Customer.find()
        assert caught.value.code == 429
        # One call in a bucket of one leaking half a call a second: about two seconds.
        assert 1.5 <= float(caught.value.response.headers["Retry-After"]) <= 2.0
    finally:
        shopify.ShopifyResource.clear_session()
