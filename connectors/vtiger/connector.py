"""The vtiger CRM connector: organizations, people, products and services, invoices and
purchase orders, over vtiger's webservice.php (see README.md)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from marshmallow import Schema, fields

from hub.sdk import (
    Capability,
    Connector,
    Context,
    EntitySpec,
    ExternalRecord,
    Notes,
    Page,
    WriteOp,
    WriteResult,
)
from schema.fields import Currency

from . import rules
from .client import VtigerClient
from .lookups import Lookups
from .reading import Reader
from .writing import Writer


class VtigerSettings(Schema):
    """The connection's settings; the access key is a credential, stored encrypted."""

    url = fields.Url(
        required=True,
        require_tld=False,
        metadata={"description": "vtiger's address, e.g. https://crm.example.com"},
    )
    username = fields.String(
        required=True, metadata={"description": "the vtiger user the hub signs in as"}
    )
    access_key = fields.String(
        required=True,
        load_only=True,
        metadata={
            "secret": True,
            "description": "the user's access key (vtiger: My Preferences > Access Key)",
        },
    )
    default_currency = Currency(
        load_default="USD",
        metadata={"description": "currency of product prices, and of documents without one"},
    )
    prices_include_tax = fields.Boolean(
        load_default=False, metadata={"description": "whether product prices include tax"}
    )
    fallback_service = fields.String(
        load_default="Other (from the hub)",
        metadata={"description": "vtiger Service used for document lines that name no item"},
    )


class VtigerConnector(Connector):
    """vtiger CRM 6/7 (open source), polled with `sync`: vtiger sends no webhooks."""

    name = "vtiger"
    title = "vtiger CRM"
    description = "Organizations, contacts, products, invoices and purchase orders in vtiger."
    entities = {
        "contacts": EntitySpec(
            Capability.BOTH,
            match_on=("email", "tax_number", "name"),
            label="Organizations, Contacts and Vendors",
        ),
        "items": EntitySpec(Capability.BOTH, match_on=("code",), label="Products and Services"),
        "invoices": EntitySpec(Capability.BOTH, label="Invoices"),
        "purchase_orders": EntitySpec(Capability.BOTH, label="Purchase Orders"),
    }
    settings_schema = VtigerSettings
    auth = "keys"
    sandbox = "connectors.vtiger.sandbox"
    sandbox_port = 5102
    # vtiger has no batch operation and no idempotency key: one record per batch, so the
    # engine keeps each new record's id before the next call, and a failure never makes a
    # retry create a record twice.
    batch_size = 1
    page_size = 100

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        settings, credentials = context.settings, context.credentials
        self.http = self.http_client(str(settings["url"]).rstrip("/"))
        # One login per run: the session is not stored between runs, since saving credentials
        # in the middle of a run would wait on the run's own lock of the connection row.
        self.api = VtigerClient(
            self.http, str(settings["username"]), str(credentials.get("access_key") or "")
        )
        self.lookups = Lookups(self.api, str(settings.get("fallback_service") or ""))
        self.reader = Reader(self.api, self.lookups, dict(settings))
        self.writer = Writer(self.api, self.lookups, self.reader)

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        return self.reader.read(entity, cursor)

    def fetch(self, entity: str, external_id: str) -> ExternalRecord | None:
        return self.reader.fetch(entity, external_id)

    def prepare(self, entity: str, data: dict[str, Any], notes: Notes, key: str) -> dict[str, Any]:
        self.writer.notes = notes
        return rules.prepare(entity, data, notes, key, self.context.settings)

    def write(self, entity: str, ops: Sequence[WriteOp]) -> list[WriteResult]:
        return self.writer.write(entity, ops)
