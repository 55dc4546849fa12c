"""The Xero connector: accounting data both ways, the general ledger and settings pulled."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from marshmallow import Schema, fields

from hub.sdk import (
    Capability,
    ConfigurationError,
    Connector,
    ConnectorError,
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

from . import mapping_contacts as contacts
from . import mapping_documents as docs
from . import mapping_items as items
from . import mapping_ledger as ledger
from . import reading, rules, values, webhooks, writing_documents, writing_ledger
from .auth import TokenKeeper, XeroOAuth
from .client import XeroClient
from .lookups import Lookups
from .payroll import PAYROLL_PATH, Payroll
from .reading import Listing, read_journals
from .settings import XeroSettings, settings_of
from .writing import Resource, delete_each, upsert, with_id

LISTINGS = {
    "company": Listing("/Organisation", "Organisations", "OrganisationID", False),
    "tax_codes": Listing("/TaxRates", "TaxRates", "TaxType", False),
    "accounts": Listing("/Accounts", "Accounts", "AccountID", False),
    "tracking_categories": Listing(
        "/TrackingCategories",
        "TrackingCategories",
        "TrackingCategoryID",
        False,
        {"includeArchived": "true"},
    ),
    "contacts": Listing("/Contacts", "Contacts", "ContactID", params={"includeArchived": "true"}),
    "items": Listing("/Items", "Items", "ItemID", False, {"unitdp": "4"}),
    "invoices": Listing("/Invoices", "Invoices", "InvoiceID", params={"unitdp": "4"}),
    "credit_notes": Listing("/CreditNotes", "CreditNotes", "CreditNoteID", params={"unitdp": "4"}),
    "purchase_orders": Listing("/PurchaseOrders", "PurchaseOrders", "PurchaseOrderID"),
    "payments": Listing("/Payments", "Payments", "PaymentID"),
    "journals": Listing("/Journals", "Journals", "JournalID", False),
}
PAYROLL = ("employees", "timesheets")
log = logging.getLogger("connectors.xero")
CONTACTS = Resource("/Contacts", "Contacts", "ContactID")
ITEMS = Resource("/Items", "Items", "ItemID", (("unitdp", "4"),))
LABELS = {
    "contacts": "Name",
    "items": "Code",
    "invoices": "InvoiceNumber",
    "credit_notes": "CreditNoteNumber",
    "purchase_orders": "PurchaseOrderNumber",
    "accounts": "Name",
    "tax_codes": "Name",
    "tracking_categories": "Name",
    "company": "Name",
    "payments": "Reference",
    "journals": "JournalNumber",
}


class XeroConnectOptions(Schema):
    """What the console asks before Xero's consent page."""

    payroll = fields.Boolean(
        load_default=False,
        metadata={"description": "Allow payroll access (employees and timesheets, AU only)"},
    )


class XeroConnector(Connector):
    """Xero accounting: see connectors/xero/README.md for what goes which way."""

    name = "xero"
    title = "Xero"
    description = (
        "Accounting: contacts, items, invoices and bills, credit notes, payments and purchase "
        "orders both ways; the chart of accounts, tax rates, tracking categories and the "
        "general ledger into the hub; manual journals into Xero."
    )
    entities = {
        "company": EntitySpec(Capability.PULL, label="Organisation"),
        "tax_codes": EntitySpec(Capability.PULL, ("code", "name"), "Tax rates"),
        "accounts": EntitySpec(
            Capability.PULL,
            ("code", "name"),
            "Chart of accounts and bank accounts",
            ("balance_sheet", "profit_and_loss"),
        ),
        "tracking_categories": EntitySpec(Capability.PULL, ("name",), "Tracking categories"),
        "contacts": EntitySpec(Capability.BOTH, ("email", "tax_number", "name"), "Contacts"),
        "items": EntitySpec(Capability.BOTH, ("code",), "Items", ("sales_growth",)),
        "invoices": EntitySpec(
            Capability.BOTH, (), "Invoices and bills", ("invoices_list", "aged_receivables")
        ),
        "credit_notes": EntitySpec(Capability.BOTH, (), "Credit notes"),
        "purchase_orders": EntitySpec(Capability.BOTH, (), "Purchase orders"),
        "payments": EntitySpec(Capability.BOTH, (), "Payments"),
        "journals": EntitySpec(
            Capability.BOTH,
            (),
            "Manual journals (to Xero) and the general ledger (from Xero)",
            ("balance_sheet", "profit_and_loss"),
        ),
        # Payroll AU (see payroll.py): off with a note where the organisation has none.
        "employees": EntitySpec(Capability.BOTH, ("email",), "Payroll employees"),
        "timesheets": EntitySpec(Capability.BOTH, (), "Payroll timesheets", ("timesheets",)),
    }
    settings_schema = XeroSettings
    auth = "oauth2"
    sandbox = "connectors.xero.sandbox"
    sandbox_port = 5101
    batch_size = 50
    page_size = 100
    calls_per_minute = 60
    # Xero's intent-to-receive check wants exactly 200 and an empty body.
    webhook_ack = (200, "")
    connect_options = XeroConnectOptions

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.settings = settings_of(context.settings)
        self.tenant_id = str(context.tenant_id or context.credentials.get("tenant_id") or "")
        self._client: XeroClient | None = None
        self._lookups: Lookups | None = None
        self._notes: Notes | None = None
        self._payroll: Payroll | None = None

    # -- plumbing ------------------------------------------------------------------------

    @property
    def client(self) -> XeroClient:
        """Built on first use: verifying a webhook needs no HTTP client."""
        if self._client is None:
            oauth = XeroOAuth.from_app(self.context.credentials, self.context.base_urls)
            keeper = TokenKeeper(
                oauth, self.context.credentials, self.context.save_credentials, self._rotated
            )
            self._client = XeroClient(self, keeper, self.tenant_id, oauth.api_url)
        return self._client

    @property
    def lookups(self) -> Lookups:
        if self._lookups is None:
            self._lookups = Lookups(self.client)
        return self._lookups

    @property
    def payroll(self) -> Payroll:
        if self._payroll is None:
            client = self.client
            payroll_client = XeroClient(
                self, client.keeper, self.tenant_id, client.api_url, PAYROLL_PATH
            )
            self._payroll = Payroll(payroll_client, client, self.context.credentials, self.settings)
        return self._payroll

    def _rotated(self, credentials: dict[str, Any]) -> None:
        self.context.credentials = credentials
        if self._client is not None:
            self._client.rotated(credentials)
        if self._payroll is not None:
            self._payroll.client.rotated(credentials)

    def _mapper(self, entity: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
        lk, inclusive = self.lookups, bool(self.settings["prices_include_tax"])
        return {
            "company": ledger.company_in,
            "tax_codes": ledger.tax_rate_in,
            "accounts": ledger.account_in,
            "tracking_categories": ledger.tracking_category_in,
            "contacts": lambda row: contacts.to_canonical(row, lk),
            "items": lambda row: items.item_in(row, lk, inclusive),
            "invoices": lambda row: docs.invoice_in(row, lk),
            "credit_notes": lambda row: docs.credit_note_in(row, lk),
            "purchase_orders": lambda row: docs.purchase_order_in(row, lk),
            "payments": ledger.payment_in,
            "journals": lambda row: ledger.journal_in(row, lk),
        }[entity]

    def _external(self, entity: str, row: dict[str, Any]) -> ExternalRecord:
        spec = LISTINGS[entity]
        stamp = row.get("UpdatedDateUTC") or row.get("CreatedDateUTC")
        return ExternalRecord(
            id=str(row[spec.id_field]),
            data=self._mapper(entity)(row),
            updated_at=values.parse_instant(stamp),
            label=str(row.get(LABELS[entity]) or ""),
        )

    # -- reading -------------------------------------------------------------------------

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        if entity in PAYROLL:
            yield from self.payroll.read(entity, cursor)
            return
        if entity == "journals":
            batches = read_journals(self.client, cursor)
        else:
            batches = reading.read(self.client, LISTINGS[entity], cursor)
        for batch in batches:
            records = [self._external(entity, row) for row in batch.rows]
            records += [ExternalRecord(gone, {}, deleted=True) for gone in batch.gone]
            yield Page(records, batch.cursor)

    def fetch(self, entity: str, external_id: str) -> ExternalRecord | None:
        if entity in PAYROLL:
            return self.payroll.fetch(entity, external_id)
        spec = LISTINGS.get(entity)
        if spec is None:
            return None
        path = spec.path if entity == "company" else f"{spec.path}/{external_id}"
        params = {k: v for k, v in spec.params.items() if k == "unitdp"}
        body = self.client.get(path, params, missing_ok=True)
        rows = (body or {}).get(spec.plural) or []
        return self._external(entity, rows[0]) if rows else None

    # -- writing -------------------------------------------------------------------------

    def prepare(self, entity: str, data: dict[str, Any], notes: Notes, key: str) -> dict[str, Any]:
        self._notes = notes  # the run's notes, for what a write learns later (allocations)
        if self._payroll is not None:
            self._payroll.flush_notes(notes)  # what a payroll read found, now that notes exist
        if entity in PAYROLL:
            return self.payroll.prepare(entity, data, notes, key)
        return rules.apply(entity, data, notes, key, self.settings, self.lookups)

    def write(self, entity: str, ops: Sequence[WriteOp]) -> list[WriteResult]:
        client, lk = self.client, self.lookups
        if entity == "contacts":
            return upsert(client, CONTACTS, ops, self._contact_body, self._mapper(entity))
        if entity == "items":
            return self._write_items(ops)
        if entity in writing_documents.RESOURCES:
            return writing_documents.write(client, lk, self.settings, entity, ops, self._notes)
        if entity == "payments":
            return writing_ledger.write_payments(client, self.settings, ops)
        if entity == "journals":
            return writing_ledger.write_journals(client, lk, ops)
        if entity in PAYROLL:
            return self.payroll.write(entity, ops, self._notes)
        return [
            WriteResult(op.record_id, op.external_id, error=f"Xero does not take {entity}.")
            for op in ops
        ]

    def _contact_body(self, op: WriteOp) -> dict[str, Any]:
        if op.action == "delete":  # Xero never deletes contacts: it archives them
            return {"ContactID": op.external_id, "ContactStatus": "ARCHIVED"}
        return with_id(contacts.from_canonical(op.data, self.lookups), "ContactID", op)

    def _write_items(self, ops: Sequence[WriteOp]) -> list[WriteResult]:
        lk = self.lookups
        kept = [op for op in ops if op.action != "delete"]
        results = upsert(
            self.client,
            ITEMS,
            kept,
            lambda op: with_id(items.item_out(op.data, lk), "ItemID", op),
            self._mapper("items"),
        )
        gone = [op for op in ops if op.action == "delete"]
        results += delete_each(self.client, gone, lambda op: f"{ITEMS.path}/{op.external_id}")
        lk.forget_items()  # codes may have changed
        return results

    # -- connecting ----------------------------------------------------------------------

    @classmethod
    def begin_connect(
        cls, app: Mapping[str, Any], redirect_uri: str, state: str, options: Mapping[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """Xero's consent page (PKCE); payroll scopes only when the user asks for payroll."""
        payroll = bool(options.get("payroll"))
        url, verifier = XeroOAuth.from_app(app).authorization_url(redirect_uri, state, payroll)
        return url, {"code_verifier": verifier, "state": state}

    @classmethod
    def finish_connect(
        cls,
        app: Mapping[str, Any],
        redirect_uri: str,
        params: Mapping[str, str],
        kept: Mapping[str, Any],
    ) -> tuple[dict[str, Any], list[Tenant]]:
        """Tokens for the code Xero sent back, and the organisations they reach."""
        if params.get("error"):
            raise ConfigurationError(f"Xero did not connect: {params['error']}.")
        if kept.get("state") and params.get("state") != kept["state"]:
            raise ConfigurationError("Xero's answer does not belong to this connection attempt.")
        oauth = XeroOAuth.from_app(app)
        credentials = oauth.exchange_code(params["code"], redirect_uri, kept["code_verifier"])
        tenants = [
            Tenant(row["tenant_id"], row["name"], {k: row[k] for k in ("connection_id", "type")})
            for row in oauth.list_tenants(credentials)
        ]
        return credentials, tenants

    def revoke(self) -> None:
        """Revoke the refresh token on disconnect (Xero drops the user's connections)."""
        try:
            XeroOAuth.from_app(self.context.credentials).revoke(self.context.credentials)
        except ConnectorError as exc:  # best effort: the hub forgets the tokens anyway
            log.warning("Xero revocation failed: %s", exc.log_message)

    # -- webhooks ------------------------------------------------------------------------

    def _webhook_key(self) -> str | None:
        key = self.context.credentials.get("webhook_key") or self.settings.get("webhook_key")
        return str(key) if key else None

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> bool:
        return webhooks.verify(headers, body, self._webhook_key())

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> list[WebhookEvent]:
        return webhooks.parse(body, self.tenant_id or None)
