"""The connection's settings and where a shop's API lives."""

from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate

from hub.sdk.errors import ConfigurationError

SCOPES = "read_customers,write_customers,read_products,write_products,read_orders,write_orders"
DEFAULT_BASE_URL = "https://{shop}.myshopify.com"
DEFAULT_VERSION = "2024-10"
MYSHOPIFY = ".myshopify.com"
_LABEL = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_VERSION = re.compile(r"^(\d{4}-(01|04|07|10)|unstable)$")


def shop_domain(shop: str) -> str:
    """`acme`, `acme.myshopify.com` or `https://acme.myshopify.com/` -> `acme.myshopify.com`."""
    name = re.sub(r"^https?://", "", str(shop).strip().lower()).split("/")[0]
    label = name.removesuffix(MYSHOPIFY)
    if not _LABEL.match(label):
        raise ConfigurationError(f"{shop!r} is not a Shopify shop name (like acme.myshopify.com).")
    return label + MYSHOPIFY


def shop_url(shop: str, base_url: str | None = None) -> str:
    """The shop's root URL: `base_url` with `{shop}` replaced by the shop's name."""
    label = shop_domain(shop).removesuffix(MYSHOPIFY)
    return (base_url or DEFAULT_BASE_URL).replace("{shop}", label).rstrip("/")


def _base_url(value: str) -> None:
    if not re.match(r"^https?://[^\s/]+", value):
        raise ValidationError("Must be an http(s) URL, e.g. https://{shop}.myshopify.com.")


class ShopifySettings(Schema):
    """What an admin sets on a Shopify connection."""

    shop = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "the shop, e.g. acme.myshopify.com (default: the tenant)"},
    )
    base_url = fields.String(
        load_default=DEFAULT_BASE_URL,
        validate=_base_url,
        metadata={"description": "where the shop's admin lives; {shop} is the shop's name"},
    )
    api_version = fields.String(
        load_default=DEFAULT_VERSION,
        validate=validate.Regexp(_VERSION, error="A Shopify API version such as 2024-10."),
        metadata={"description": "the Admin API version the hub speaks"},
    )
    overlap_seconds = fields.Integer(
        load_default=5,
        validate=validate.Range(min=0, max=3600),
        metadata={"description": "how far each poll reaches back before the last one began"},
    )
