"""Contacts: Xero Contact <-> canonical contact, with the app's ids in references.

Xero keeps one primary person on the contact itself (FirstName, LastName, EmailAddress)
and up to five further ContactPersons; addresses are POBOX (canonical BILLING) and
STREET (SHIPPING); phones DEFAULT, DDI (DIRECT), MOBILE, FAX and OFFICE.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validate

from .lookups import Lookups

PHONE_TYPES = {"DEFAULT": "DEFAULT", "DDI": "DIRECT", "MOBILE": "MOBILE", "FAX": "FAX"}
PHONE_TYPES["OFFICE"] = "OFFICE"
PHONES_OUT = {v: k for k, v in PHONE_TYPES.items()}
ADDRESS_TYPES = {"POBOX": "BILLING", "STREET": "SHIPPING"}
ADDRESSES_OUT = {v: k for k, v in ADDRESS_TYPES.items()}
TERMS = {
    "DAYSAFTERBILLDATE": "DAYS_AFTER_BILL_DATE",
    "DAYSAFTERBILLMONTH": "DAYS_AFTER_BILL_MONTH",
    "OFCURRENTMONTH": "OF_CURRENT_MONTH",
    "OFFOLLOWINGMONTH": "OF_FOLLOWING_MONTH",
}
TERMS_OUT = {v: k for k, v in TERMS.items()}
TEXT_FIELDS = {
    "contact_number": "ContactNumber",
    "account_number": "AccountNumber",
    "company_number": "CompanyNumber",
    "tax_number": "TaxNumber",
    "first_name": "FirstName",
    "last_name": "LastName",
    "default_currency": "DefaultCurrency",
}
_EMAIL = validate.Email()


def _email(value: Any) -> str | None:
    """An address the canonical model accepts; Xero keeps whatever was typed."""
    text = str(value or "").strip()
    try:
        return _EMAIL(text) if text else None
    except ValidationError:
        return None


def _blank(value: Any) -> Any:
    return value if value not in ("", None) else None


def _phones(given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    phones = []
    for phone in given:
        number = (phone.get("PhoneNumber") or "").strip()
        kind = PHONE_TYPES.get(str(phone.get("PhoneType")))
        if number and kind:
            phones.append(
                {
                    "type": kind,
                    "number": number,
                    "area_code": _blank(phone.get("PhoneAreaCode")),
                    "country_code": _blank(phone.get("PhoneCountryCode")),
                }
            )
    return phones


def _addresses(given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for address in given:
        kind = ADDRESS_TYPES.get(str(address.get("AddressType")))
        lines = [address.get(f"AddressLine{n}") for n in range(1, 5)]
        row = {
            "type": kind,
            "lines": [line for line in lines if line],
            "city": _blank(address.get("City")),
            "region": _blank(address.get("Region")),
            "postal_code": _blank(address.get("PostalCode")),
            "country": _blank(address.get("Country")),
            "attention_to": _blank(address.get("AttentionTo")),
        }
        if kind and (row["lines"] or any(v for k, v in row.items() if k not in ("type", "lines"))):
            found.append(row)
    return found


def _defaults(contact: dict[str, Any], side: str, lk: Lookups) -> dict[str, Any] | None:
    prefix, tax_key, terms_key = (
        ("Sales", "AccountsReceivableTaxType", "Sales")
        if side == "sales"
        else ("Purchases", "AccountsPayableTaxType", "Bills")
    )
    code = contact.get(f"{prefix}DefaultAccountCode")
    terms = (contact.get("PaymentTerms") or {}).get(terms_key) or {}
    result = {
        "account_id": lk.account_id(code) if code else None,
        "tax_code_id": _blank(contact.get(tax_key)),
        "line_amount_type": _blank(contact.get(f"{prefix}DefaultLineAmountType")),
        "payment_terms": (
            {"day": int(terms["Day"]), "type": TERMS[terms["Type"]]}
            if terms.get("Day") is not None and terms.get("Type") in TERMS
            else None
        ),
    }
    return result if any(v is not None for v in result.values()) else None


def _kind(contact: dict[str, Any]) -> str:
    """A contact named exactly after its primary person, with nobody else, is a person."""
    full = " ".join(p for p in (contact.get("FirstName"), contact.get("LastName")) if p)
    alone = not contact.get("ContactPersons")
    return (
        "PERSON"
        if full and alone and full == (contact.get("Name") or "").strip()
        else ("ORGANIZATION")
    )


def to_canonical(contact: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    email = _email(contact.get("EmailAddress"))
    supplier = bool(contact.get("IsSupplier"))
    data: dict[str, Any] = {
        "kind": _kind(contact),
        "name": contact["Name"],
        **{key: _blank(contact.get(field)) for key, field in TEXT_FIELDS.items()},
        "status": "ACTIVE" if contact.get("ContactStatus") == "ACTIVE" else "ARCHIVED",
        # Rule: contacts shared onward are customers unless they are suppliers.
        "is_customer": bool(contact.get("IsCustomer")) or not supplier,
        "is_supplier": supplier,
        "emails": [{"type": "PRIMARY", "address": email}] if email else [],
        "phones": _phones(contact.get("Phones") or []),
        "addresses": _addresses(contact.get("Addresses") or []),
        "people": [
            {
                "first_name": _blank(person.get("FirstName")),
                "last_name": _blank(person.get("LastName")),
                "email": _email(person.get("EmailAddress")),
                "include_in_emails": bool(person.get("IncludeInEmails")),
            }
            for person in contact.get("ContactPersons") or []
            if any(_blank(person.get(k)) for k in ("FirstName", "LastName", "EmailAddress"))
        ],
        "website": _blank(contact.get("Website")),
        "sales_defaults": _defaults(contact, "sales", lk),
        "purchase_defaults": _defaults(contact, "purchases", lk),
    }
    return data


def primary_email(data: dict[str, Any]) -> str | None:
    emails = data.get("emails") or []
    ordered = sorted(emails, key=lambda e: e.get("type") != "PRIMARY")
    return ordered[0]["address"] if ordered else None


def _defaults_out(
    body: dict[str, Any], given: dict[str, Any] | None, side: str, lk: Lookups
) -> None:
    prefix, tax_key, terms_key = (
        ("Sales", "AccountsReceivableTaxType", "Sales")
        if side == "sales"
        else ("Purchases", "AccountsPayableTaxType", "Bills")
    )
    given = given or {}
    body[f"{prefix}DefaultAccountCode"] = lk.account_code(given.get("account_id")) or ""
    body[tax_key] = given.get("tax_code_id") or ""
    if given.get("line_amount_type"):
        body[f"{prefix}DefaultLineAmountType"] = given["line_amount_type"]
    terms = given.get("payment_terms")
    if terms:
        body.setdefault("PaymentTerms", {})[terms_key] = {
            "Day": terms["day"],
            "Type": TERMS_OUT[terms["type"]],
        }


def from_canonical(data: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    """The Contact body for a write; fields the canonical record lacks are not sent."""
    body: dict[str, Any] = {"Name": data["name"]}
    for key, field in TEXT_FIELDS.items():
        if key in data:
            body[field] = data[key] or ""
    if "status" in data:
        body["ContactStatus"] = data["status"] or "ACTIVE"
    if "emails" in data:
        body["EmailAddress"] = primary_email(data) or ""
    if "phones" in data:
        body["Phones"] = [
            {
                "PhoneType": PHONES_OUT[phone["type"]],
                "PhoneNumber": phone["number"],
                "PhoneAreaCode": phone.get("area_code") or "",
                "PhoneCountryCode": phone.get("country_code") or "",
            }
            for phone in data["phones"]
        ]
    if "addresses" in data:
        body["Addresses"] = [
            {
                "AddressType": ADDRESSES_OUT[address["type"]],
                **{f"AddressLine{n}": line for n, line in enumerate(address["lines"] or [], 1)},
                "City": address.get("city") or "",
                "Region": address.get("region") or "",
                "PostalCode": address.get("postal_code") or "",
                "Country": address.get("country") or "",
                "AttentionTo": address.get("attention_to") or "",
            }
            for address in data["addresses"]
        ]
    if "people" in data:
        body["ContactPersons"] = [
            {
                "FirstName": person.get("first_name") or "",
                "LastName": person.get("last_name") or "",
                "EmailAddress": person.get("email") or "",
                "IncludeInEmails": bool(person.get("include_in_emails")),
            }
            for person in data["people"]
        ]
    if "sales_defaults" in data:
        _defaults_out(body, data["sales_defaults"], "sales", lk)
    if "purchase_defaults" in data:
        _defaults_out(body, data["purchase_defaults"], "purchases", lk)
    return body
