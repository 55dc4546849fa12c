"""Resolving references inside a request: accounts, tax rates, contacts, items."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import values
from .errors import Invalid
from .store import Org, Record

CONTACT_REQUIRED = (
    "The Contact must contain at least 1 of the following elements to identify the contact: "
    "Name, ContactID, ContactNumber"
)


def account(org: Org, code: Any = None, account_id: Any = None) -> Record:
    """An ACTIVE account by Code or AccountID, with Xero's messages for the rest."""
    found: Record | None = None
    if account_id:
        found = org.accounts.get(values.an_id(account_id) or "")
        label = str(account_id)
    else:
        found = org.account_by_code(str(code) if code is not None else None)
        label = str(code)
    if found is None:
        raise Invalid(f"Account code '{label}' is not a valid code for this document.")
    if found["Status"] != "ACTIVE":
        raise Invalid(
            f"Account code '{found['Code']}' has been archived, or has been deleted. "
            "Each line item must reference a valid account."
        )
    return found


def tax_rate(org: Org, tax_type: Any) -> Record:
    rate = org.tax_rates.get(str(tax_type))
    if rate is None or rate["Status"] != "ACTIVE":
        raise Invalid(
            f"The TaxType code {tax_type} does not exist or cannot be used for this type of "
            "transaction."
        )
    return rate


def check_tax_for_account(rate: Record, acct: Record) -> None:
    allowed = {
        "ASSET": rate["CanApplyToAssets"],
        "EQUITY": rate["CanApplyToEquity"],
        "EXPENSE": rate["CanApplyToExpenses"],
        "LIABILITY": rate["CanApplyToLiabilities"],
        "REVENUE": rate["CanApplyToRevenue"],
    }[acct["Class"]]
    if not allowed:
        raise Invalid(
            f"The TaxType code '{rate['TaxType']}' cannot be used with account code "
            f"'{acct['Code']}'"
        )


def rate_fraction(rate: Record) -> Decimal:
    """The effective rate as a fraction (10% -> 0.1)."""
    return Decimal(rate["EffectiveRate"]) / 100


def contact(org: Org, given: Any, create_missing: bool) -> Record:
    """A document's contact by ContactID, ContactNumber or Name.

    Xero creates a contact named only by `Name` on invoices and credit notes (3p); purchase
    orders do not.
    """
    if not isinstance(given, dict) or not any(
        given.get(k) for k in ("ContactID", "ContactNumber", "Name")
    ):
        raise Invalid(CONTACT_REQUIRED)
    if given.get("ContactID"):
        found = org.contacts.get(values.an_id(given["ContactID"]) or "")
        if found is None:
            raise Invalid(f"Contact with ContactID {given['ContactID']} could not be found.")
        return found
    if given.get("ContactNumber"):
        found_id = org.lookup("contact_number", str(given["ContactNumber"]))
        if found_id is None:
            raise Invalid(
                f"Contact with ContactNumber {given['ContactNumber']} could not be found."
            )
        return org.contacts[found_id]
    found_id = org.lookup("contact_name", str(given["Name"]))
    if found_id is not None:
        return org.contacts[found_id]
    if not create_missing:
        raise Invalid(f"Contact with Name {given['Name']} could not be found.")
    from .contacts import create_named  # a document naming a new contact creates it

    return create_named(org, str(given["Name"]))


def contact_summary(org: Org, contact_id: str) -> Record:
    """How documents show their contact."""
    record = org.contacts[contact_id]
    summary: Record = {
        "ContactID": record["ContactID"],
        "Name": record["Name"],
        "ContactStatus": record["ContactStatus"],
        "HasValidationErrors": False,
    }
    if record.get("ContactNumber"):
        summary["ContactNumber"] = record["ContactNumber"]
    if record.get("EmailAddress"):
        summary["EmailAddress"] = record["EmailAddress"]
    return summary


def item_by_code(org: Org, code: Any) -> Record:
    found = org.lookup("item_code", str(code))
    if found is None:
        raise Invalid(f"Item code '{code}' is not valid.")
    return org.items[found]
