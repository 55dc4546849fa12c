"""The Shopify connector: customers and products both ways; orders, their transactions and
refunds into the hub as invoices, payments and credit notes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any

from hub.sdk.connector import (
    Capability,
    Connector,
    Context,
    EntitySpec,
    ExternalRecord,
    Notes,
    Page,
    Tenant,
    WebhookEvent,
    WriteOp,
    WriteResult,
)
from hub.sdk.errors import ConfigurationError

from . import rules, webhooks
from .auth import InvalidCallback, ShopifyOAuth
from .client import ShopifyClient
from .mapping_common import split_pair
from .mapping_contacts import company_of
from .reads import Reader, company_record, customer_record, map_order, payment_records
from .settings import DEFAULT_VERSION, ShopifySettings, shop_domain, shop_url
from .writes import Writer, each


class ShopifyConnector(Connector):
    """A Shopify shop through the Admin REST API."""

    name = "shopify"
    title = "Shopify"
    description = (
        "Customers and products both ways; orders, payments and refunds into the hub as "
        "sales invoices, payments and credit notes."
    )
    entities = {
        "contacts": EntitySpec(
            Capability.BOTH, match_on=("email", "name"), label="Customers", widgets=()
        ),
        "items": EntitySpec(
            Capability.BOTH,
            match_on=("code",),
            label="Product variants",
            widgets=("sales_growth_per_product",),
        ),
        "invoices": EntitySpec(
            Capability.PULL, label="Orders", widgets=("invoices", "sales_growth_per_product")
        ),
        "payments": EntitySpec(Capability.PULL, label="Order transactions"),
        "credit_notes": EntitySpec(Capability.PULL, label="Refunds"),
    }
    settings_schema = ShopifySettings
    auth = "oauth2"
    sandbox = "connectors.shopify.sandbox"
    sandbox_port = 5103
    batch_size = 50  # Shopify writes one record a call; this only sizes the engine's batches
    page_size = 250
    # The shared budget: Shopify's standard bucket leaks 2 calls a second.
    calls_per_minute = 120

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        settings = context.settings
        try:
            self.shop: str | None = shop_domain(settings.get("shop") or context.tenant_id or "")
        except ConfigurationError:
            self.shop = None  # reported when the first call is made
        self.base_url = settings.get("base_url")
        self.api_secrets = [
            str(context.credentials.get(k) or "") for k in ("api_secret", "api_secret_previous")
        ]
        self._client: ShopifyClient | None = None
        self._reader: Reader | None = None
        self._writer: Writer | None = None

    # -- wiring (lazy: verifying a webhook needs no token and makes no call) -------------

    @property
    def client(self) -> ShopifyClient:
        if self._client is None:
            token = self.context.credentials.get("access_token")
            if self.shop is None:
                raise ConfigurationError("Set the Shopify connection's shop (acme.myshopify.com).")
            if not token:
                raise ConfigurationError(
                    "The Shopify connection has no access token; install again."
                )
            self._client = ShopifyClient(
                self.http_client,
                shop_url(self.shop, self.base_url),
                str(self.context.settings.get("api_version") or DEFAULT_VERSION),
                str(token),
                before_request=self.context.before_request,
            )
        return self._client

    @property
    def reader(self) -> Reader:
        if self._reader is None:
            overlap = timedelta(seconds=int(self.context.settings.get("overlap_seconds", 5)))
            self._reader = Reader(self.client, overlap)
        return self._reader

    @property
    def writer(self) -> Writer:
        if self._writer is None:
            self._writer = Writer(self.client, self.reader)
        return self._writer

    # -- reading -------------------------------------------------------------------------

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        streams = {
            "contacts": self.reader.contacts,
            "items": self.reader.items,
            "invoices": self.reader.invoices,
            "credit_notes": self.reader.credit_notes,
            "payments": self.reader.payments,
        }
        if entity not in streams:
            raise ConfigurationError(f"Shopify does not share {entity}.")
        return streams[entity](cursor)

    def fetch(self, entity: str, external_id: str) -> ExternalRecord | None:
        if entity == "contacts":
            company = company_of(external_id)
            if company is not None:
                return company_record(company)  # lives on addresses: nothing to call
            customer = self.client.find(f"customers/{external_id}.json", "customer")
            return customer_record(customer) if customer else None
        if entity == "items":
            variant = self.client.find(f"variants/{external_id}.json", "variant")
            product = (
                self.client.find(f"products/{variant['product_id']}.json", "product")
                if variant
                else None
            )
            found = self.reader.product_records(product) if product else []
            return next((r for r in found if r.id == external_id), None)
        if entity == "invoices":
            order = self.client.find(f"orders/{external_id}.json", "order")
            return map_order(order)[0] if order else None
        ids = split_pair(external_id)
        if ids is None:
            return None
        order_id, child = ids
        if entity == "credit_notes":
            order = self.client.find(f"orders/{order_id}.json", "order")
            credits = map_order(order)[1] if order else []
            return next((r for r in credits if r.id == external_id), None)
        if entity == "payments":
            found = self.client.find(f"orders/{order_id}/transactions/{child}.json", "transaction")
            records = payment_records(order_id, [found]) if found else []
            return records[0] if records else None
        return None

    # -- writing -------------------------------------------------------------------------

    def prepare(self, entity: str, data: dict[str, Any], notes: Notes, key: str) -> dict[str, Any]:
        self.writer.notes = notes  # the same notes the run flushes: write() adds to them too
        if entity == "contacts":
            return rules.prepare_contact(data, notes, key)
        if entity == "items":
            return rules.prepare_item(data, notes, key, self.reader.shop)
        return data

    def write(self, entity: str, ops: Sequence[WriteOp]) -> list[WriteResult]:
        if entity == "contacts":
            return each(ops, self.writer.contact)
        if entity == "items":
            return each(ops, self.writer.item)
        return [
            WriteResult(op.record_id, op.external_id, error=f"Shopify does not take {entity}.")
            for op in ops
        ]

    # -- webhooks ------------------------------------------------------------------------

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> bool:
        return webhooks.verify(headers, body, self.api_secrets, self.shop)

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> list[WebhookEvent]:
        return webhooks.parse(headers, body)

    # -- installing ----------------------------------------------------------------------

    @classmethod
    def oauth(
        cls,
        api_key: str,
        api_secret: str,
        redirect_uri: str,
        settings: Mapping[str, Any] | None = None,
    ) -> ShopifyOAuth:
        """The install flow for the console (see auth.py), at the settings' base URL."""
        return ShopifyOAuth(
            api_key, api_secret, redirect_uri, base_url=(settings or {}).get("base_url")
        )

    @classmethod
    def begin_connect(
        cls, app: Mapping[str, Any], redirect_uri: str, state: str, options: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """The shop's install page; `options["shop"]` is the shop the merchant typed."""
        shop = str(options.get("shop") or "").strip()
        if not shop:
            raise ConfigurationError("Enter your shop's name, e.g. acme or acme.myshopify.com.")
        flow = cls.oauth(app["api_key"], app["api_secret"], redirect_uri, app)
        url, state = flow.install_url(shop, state)
        return url, {"shop": shop, "state": state}

    @classmethod
    def finish_connect(
        cls,
        app: Mapping[str, Any],
        redirect_uri: str,
        params: Mapping[str, str],
        kept: Mapping[str, Any],
    ) -> tuple[dict[str, Any], list[Tenant]]:
        """Check the callback (HMAC, state, age) and trade its code for a token."""
        flow = cls.oauth(app["api_key"], app["api_secret"], redirect_uri, app)
        try:
            shop = flow.verify_callback(params, str(kept.get("state") or ""))
        except InvalidCallback as exc:
            raise ConfigurationError(str(exc)) from exc
        credentials = flow.exchange(shop, str(params["code"]))
        return credentials, [Tenant(shop, shop)]

    def subscribe_webhooks(self, address: str) -> list[str]:
        """Subscribe the hub's endpoint for this connection to every topic it uses."""
        return webhooks.subscribe(self.client, address)
