"""Contacts: customers, suppliers and leads, either organizations or persons.

Xero Contacts, vtiger Accounts (organizations) and Contacts (persons), Shopify
customers (persons). An organization lists its people (any number: Xero's limit of
five contact persons is a connector rule); a person contact may point at its
organization contact.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validates_schema

from .base import CanonicalSchema, choice, email, flag, many, nested, text
from .common import AddressSchema, EmailSchema, PhoneSchema
from .fields import Currency, Ref

KINDS = ("ORGANIZATION", "PERSON")
STATUSES = ("ACTIVE", "ARCHIVED")
LINE_AMOUNT_TYPES = ("EXCLUSIVE", "INCLUSIVE", "NONE")
PAYMENT_TERM_TYPES = (
    "DAYS_AFTER_BILL_DATE",
    "DAYS_AFTER_BILL_MONTH",
    "OF_CURRENT_MONTH",
    "OF_FOLLOWING_MONTH",
)


class PersonSchema(CanonicalSchema):
    """One of an organization's people."""

    first_name = text(255)
    last_name = text(255)
    email = email()
    phones = many(PhoneSchema)
    job_title = text(255)
    is_primary = flag()
    include_in_emails = flag()

    @validates_schema
    def _identifiable(self, data: dict[str, Any], **kwargs: Any) -> None:
        if kwargs.get("partial"):
            return
        if not any(data.get(name) for name in ("first_name", "last_name", "email")):
            raise ValidationError("A person needs a first name, last name or email.", "first_name")


class PaymentTermsSchema(CanonicalSchema):
    """When bills or sales invoices fall due, e.g. 15 of the following month."""

    day = fields.Integer(required=True)
    type = choice(*PAYMENT_TERM_TYPES, required=True)


class TradingDefaultsSchema(CanonicalSchema):
    """Defaults for new sales or purchase documents with this contact."""

    account_id = Ref("accounts")
    tax_code_id = Ref("tax_codes")
    line_amount_type = choice(*LINE_AMOUNT_TYPES)
    payment_terms = nested(PaymentTermsSchema)


class ContactSchema(CanonicalSchema):
    """A customer, supplier or lead."""

    kind = choice(*KINDS, required=True)
    name = text(
        255, required=True, metadata={"description": "display name; for a person the full name"}
    )
    first_name = text(
        255, metadata={"description": "the person, or an organization's primary person"}
    )
    last_name = text(255)
    organization_id = Ref("contacts", metadata={"description": "a person's organization contact"})
    contact_number = text(50, metadata={"description": "the business's own code for the contact"})
    account_number = text(50)
    company_number = text(50, metadata={"description": "company registration number"})
    tax_number = text(50)
    status = choice(*STATUSES)
    is_customer = flag()
    is_supplier = flag()
    is_lead = flag()
    emails = many(EmailSchema)
    phones = many(PhoneSchema)
    addresses = many(AddressSchema)
    people = many(PersonSchema)
    website = text(255)
    industry = text(255)
    default_currency = Currency()
    sales_defaults = nested(TradingDefaultsSchema)
    purchase_defaults = nested(TradingDefaultsSchema)
    tags = fields.List(fields.String(), metadata={"description": "groups or tags"})
    notes = text()

    @validates_schema
    def _shape(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("organization_id") and data.get("kind") != "PERSON":
            raise ValidationError(
                "Only a PERSON contact can belong to an organization.", "organization_id"
            )
        primaries = [p for p in data.get("people") or [] if p.get("is_primary")]
        if len(primaries) > 1:
            raise ValidationError(
                f"At most one person can be primary, got {len(primaries)}.", "people"
            )
