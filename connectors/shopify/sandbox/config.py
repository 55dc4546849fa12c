"""Sandbox settings: embedded defaults merged with the dict given to create_app()."""

from __future__ import annotations

import copy
import re
from datetime import timedelta, timezone
from typing import Any

MYSHOPIFY = ".myshopify.com"

# Every knob a test may want to turn; create_app(config) overrides any of them.
DEFAULTS: dict[str, Any] = {
    # The one app (client) installed through OAuth.
    "api_key": "sandbox-api-key",
    "api_secret": "sandbox-api-secret",
    # Allowed OAuth redirect URIs; an empty list accepts any http(s) URI.
    "redirect_urls": [],
    # Auto-approve the install screen (a merchant clicking "Install").
    "oauth_auto_approve": True,
    "oauth_code_ttl": 600,
    "online_token_ttl": 86399,
    # Shops: name -> settings. Static "custom app" tokens map to their scopes.
    "shops": {
        "acme": {
            "tokens": {
                "shpat_acme_sandbox": "read_customers,write_customers,"
                "read_products,write_products,read_orders,write_orders"
            },
        },
    },
    # Requests on a bare host (no /shops/<shop> prefix, no shop Host) go here when set.
    "default_shop": None,
    # Leaky bucket: size and leak per second (standard plan 40 / 2).
    "bucket_size": 40,
    "leak_rate": 2.0,
    # Paging.
    "default_limit": 50,
    "max_limit": 250,
    "max_variants": 100,
    # Orders older than this are hidden without read_all_orders.
    "orders_visible_days": 60,
    # API versions: unsupported (well-formed) versions fall back to the oldest supported.
    "api_versions": [
        "2024-01",
        "2024-04",
        "2024-07",
        "2024-10",
        "2025-01",
        "2025-04",
        "2025-07",
        "2025-10",
        "2026-01",
        "unstable",
    ],
    "deprecated_versions": [],
    # Webhooks: retry delays in seconds (8 retries over about 4 hours), timeout per attempt,
    # and how many deliveries in a row may fail before the subscription is removed.
    "webhook_retry_delays": [10, 30, 60, 300, 900, 1800, 3600, 7200],
    "webhook_timeout": 5.0,
    "webhook_max_failed_deliveries": 19,
    "webhook_allow_http": True,
    # First id handed out; ids are global and increasing, like Shopify's 64-bit ids.
    "first_id": 7_000_000_000_001,
}

SHOP_DEFAULTS: dict[str, Any] = {
    "currency": "USD",
    "utc_offset": "-05:00",
    "taxes_included": False,
    "plan_name": "basic",
    "tokens": {},
}

_SHOP_LABEL = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


def shop_domain(name: str) -> str:
    """Normalise `acme`, `acme.myshopify.com` or `https://acme.myshopify.com/` to the domain."""
    name = re.sub(r"^https?://", "", name.strip().lower()).split("/")[0].split(":")[0]
    label = name.removesuffix(MYSHOPIFY).split(".")[0]
    if not _SHOP_LABEL.match(label):
        raise ValueError(f"not a shop name: {name!r}")
    return label + MYSHOPIFY


def parse_offset(text: str) -> timezone:
    """Turn `-05:00` into a fixed-offset timezone (shops show times in their own offset)."""
    match = _OFFSET.match(text)
    if not match:
        raise ValueError(f"utc_offset must look like -05:00, not {text!r}")
    sign = -1 if match.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))


def build_config(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Merge overrides into the defaults; shops become {domain: full settings}."""
    config = copy.deepcopy(DEFAULTS)
    for key, value in (overrides or {}).items():
        config[key] = copy.deepcopy(value)
    shops = config["shops"]
    if isinstance(shops, list | tuple):
        shops = {name: {} for name in shops}
    config["shops"] = {
        shop_domain(name): {**copy.deepcopy(SHOP_DEFAULTS), "name": name, **(settings or {})}
        for name, settings in shops.items()
    }
    if config["default_shop"]:
        config["default_shop"] = shop_domain(config["default_shop"])
    return config
