"""The Xero connection's settings (defaults for documents, what to share) and Xero's hosts."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

# Xero's real hosts. The marketplace's registration (HUB_APPS) may name others, such as the
# sandbox's; they are kept in the connection's credentials when it connects.
LOGIN_URL = "https://login.xero.com"
IDENTITY_URL = "https://identity.xero.com"
API_URL = "https://api.xero.com"

INVOICE_STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED")
NUMBERING = ("keep", "xero")
DOCUMENTS = ("invoices", "purchase_orders", "both")
CONTACT_SHARING = ("all", "customers_and_suppliers")


def _code(**kwargs: Any) -> fields.String:
    """An account code as Xero spells it (at most 10 characters)."""
    return fields.String(validate=validate.Length(min=1, max=10), **kwargs)


class XeroSettings(Schema):
    """What the user chooses for a Xero connection (validated when it is saved)."""

    default_sales_account = _code(
        load_default="200",
        metadata={"description": "account code for a sales line that names no account"},
    )
    default_tax_type = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=50),
        metadata={"description": "Xero TaxType for a line that has no tax, e.g. OUTPUT"},
    )
    invoice_status = fields.String(
        load_default="AUTHORISED",
        validate=validate.OneOf(INVOICE_STATUSES),
        metadata={"description": "the highest status pushed invoices and credit notes get"},
    )
    invoice_numbering = fields.String(
        load_default="keep",
        validate=validate.OneOf(NUMBERING),
        metadata={
            "description": "keep: the source app's number; xero: Xero numbers sales "
            "invoices and keeps the source number as Reference"
        },
    )
    payment_account = _code(
        load_default=None,
        allow_none=True,
        metadata={"description": "bank account code for payments that name no account"},
    )
    fees_account = _code(
        load_default=None,
        allow_none=True,
        metadata={"description": "account code for payment gateway fees (not used yet)"},
    )
    prices_include_tax = fields.Boolean(
        load_default=False,
        metadata={"description": "whether Xero item prices are tax inclusive"},
    )
    push_documents = fields.String(
        load_default="both",
        validate=validate.OneOf(DOCUMENTS),
        metadata={"description": "which approved documents are pushed to Xero"},
    )
    share_contacts = fields.String(
        load_default="all",
        validate=validate.OneOf(CONTACT_SHARING),
        metadata={"description": "all contacts, or only customers and suppliers"},
    )
    attachments = fields.Boolean(
        load_default=False,
        metadata={"description": "share attachments (the canonical model has none yet)"},
    )
    payroll_journals = fields.Boolean(
        load_default=False,
        metadata={"description": "send each posted pay run's costs to Xero as one manual journal"},
    )
    wages_expense_account = _code(
        load_default="477", metadata={"description": "payroll journal: wages expense (debit)"}
    )
    wages_payable_account = _code(
        load_default=None,
        allow_none=True,
        metadata={"description": "payroll journal: net wages payable or clearing (credit)"},
    )
    tax_payable_account = _code(
        load_default="825", metadata={"description": "payroll journal: PAYG withheld (credit)"}
    )
    super_expense_account = _code(
        load_default=None,
        allow_none=True,
        metadata={"description": "payroll journal: superannuation expense (debit)"},
    )
    super_payable_account = _code(
        load_default=None,
        allow_none=True,
        metadata={"description": "payroll journal: superannuation payable (credit)"},
    )
    webhook_key = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"secret": True, "description": "the Xero app's webhook signing key"},
    )

    @validates_schema
    def _distinct_accounts(self, data: dict[str, Any], **kwargs: Any) -> None:
        fees, payments = data.get("fees_account"), data.get("payment_account")
        if fees and payments and fees == payments:
            raise ValidationError("Must differ from the payment account.", "fees_account")
        if data.get("payroll_journals") and not data.get("wages_payable_account"):
            raise ValidationError(
                "Payroll journals need the account net wages are owed on.",
                "wages_payable_account",
            )


def settings_of(raw: Any) -> dict[str, Any]:
    """Settings with every default filled in, whatever the stored dict lacks."""
    return XeroSettings().load(dict(raw or {}))
