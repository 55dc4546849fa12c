"""Sub-objects shared by several entities: addresses, phones, emails, tracking.

Address types: BILLING is where mail and bills go (Xero POBOX "postal address",
vtiger `bill_*` / `mailing*`, Shopify billing address); SHIPPING is the physical or
delivery address (Xero STREET, vtiger `ship_*` / `other*`, Shopify shipping address).

Phone types follow Xero's with readable names (Xero DDI is DIRECT), plus HOME and OTHER.
"""

from __future__ import annotations

from marshmallow import fields

from .base import CanonicalSchema, choice, email, text
from .fields import Country, Ref

ADDRESS_TYPES = ("BILLING", "SHIPPING", "OTHER")
PHONE_TYPES = ("DEFAULT", "OFFICE", "DIRECT", "MOBILE", "HOME", "FAX", "OTHER")
EMAIL_TYPES = ("PRIMARY", "SECONDARY", "BILLING", "OTHER")


class AddressSchema(CanonicalSchema):
    """A postal address. `lines` keeps any number of street lines (Xero has four)."""

    type = choice(*ADDRESS_TYPES)
    lines = fields.List(fields.String())
    city = text(255)
    region = text(255, metadata={"description": "state, province or region"})
    postal_code = text(50)
    country = text(255, metadata={"description": "country as the app wrote it"})
    country_code = Country()
    attention_to = text(255)


class PhoneSchema(CanonicalSchema):
    """A phone number, optionally split as the app keeps it."""

    type = choice(*PHONE_TYPES)
    number = text(50, required=True)
    area_code = text(10)
    country_code = text(20, metadata={"description": "international dialling code, e.g. 61"})


class EmailSchema(CanonicalSchema):
    """An email address."""

    type = choice(*EMAIL_TYPES)
    address = email(required=True)


class TrackingSchema(CanonicalSchema):
    """A tracking (analytic) tag: one option of a tracking category, by name."""

    category_id = Ref("tracking_categories", required=True)
    option = text(100, required=True, metadata={"description": "name of the option"})
