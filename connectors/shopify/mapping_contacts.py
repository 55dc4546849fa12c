"""Customers <-> person contacts; the company on a customer's address <-> an organization.

Shopify's REST API has no company records, only a `company` text on addresses. A customer
whose default address names a company points (`organization_id`) at an organization contact
whose external id is `company:<name>`: it exists in the hub but costs no API call.
"""

from __future__ import annotations

from typing import Any

from .mapping_common import (
    COMPANY,
    address_from_canonical,
    address_to_canonical,
    company_id,
    company_name,
    external,
    tags,
)


def display_name(customer: dict[str, Any]) -> str:
    """Shopify allows a customer with only an email or a phone; the hub wants a name."""
    full = " ".join(str(p) for p in (customer.get("first_name"), customer.get("last_name")) if p)
    return (
        full.strip()
        or customer.get("email")
        or customer.get("phone")
        or f"Customer {customer.get('id')}"
    )


def default_address(customer: dict[str, Any]) -> dict[str, Any] | None:
    addresses = customer.get("addresses") or []
    found = next((a for a in addresses if a.get("default")), None)
    return found or customer.get("default_address") or (addresses[0] if addresses else None)


def customer_company(customer: dict[str, Any]) -> str | None:
    address = default_address(customer)
    return company_name(address.get("company")) if address else None


def customer_to_contact(customer: dict[str, Any]) -> dict[str, Any]:
    """A Shopify customer as a canonical PERSON contact (references are Shopify ids)."""
    email, phone = customer.get("email"), customer.get("phone")
    default = default_address(customer)
    addresses = sorted(
        customer.get("addresses") or ([default] if default else []),
        key=lambda a: not a.get("default"),  # the default address first
    )
    company = customer_company(customer)
    return {
        "kind": "PERSON",
        "name": display_name(customer),
        "first_name": customer.get("first_name") or None,
        "last_name": customer.get("last_name") or None,
        "organization_id": company_id(company) if company else None,
        "is_customer": True,
        "emails": [{"type": "PRIMARY", "address": email}] if email else [],
        "phones": [{"type": "DEFAULT", "number": phone}] if phone else [],
        # The default address is where Shopify bills; the others are kept as OTHER.
        "addresses": [
            address_to_canonical(a, "BILLING" if i == 0 else "OTHER")
            for i, a in enumerate(addresses)
        ],
        "tags": tags(customer.get("tags")),
        "notes": customer.get("note") or None,
    }


def company_to_contact(name: str) -> dict[str, Any]:
    """The organization a company name stands for: all Shopify knows is its name."""
    return {"kind": "ORGANIZATION", "name": name, "is_customer": True}


def company_of(external_id: str | None) -> str | None:
    """The company name inside a `company:<name>` id."""
    if external_id and external_id.startswith(COMPANY):
        return external_id[len(COMPANY) :] or None
    return None


def split_name(name: str) -> tuple[str | None, str | None]:
    """ "Ada van Dyke" -> ("Ada van", "Dyke"): the last word is the family name."""
    first, _, last = name.strip().rpartition(" ")
    return (first or None), (last or None)


def contact_to_customer(data: dict[str, Any]) -> dict[str, Any]:
    """A canonical PERSON (after rules) as a Shopify customer body."""
    first, last = data.get("first_name"), data.get("last_name")
    if first is None and last is None and data.get("name"):
        first, last = split_name(str(data["name"]))
    emails = data.get("emails") or []
    phones = data.get("phones") or []
    body: dict[str, Any] = {
        "first_name": first,
        "last_name": last,
        "email": emails[0]["address"] if emails else None,
        "phone": phones[0]["number"] if phones else None,
    }
    if "tags" in data:
        body["tags"] = ", ".join(data.get("tags") or [])
    if "notes" in data:
        body["note"] = data.get("notes")
    addresses = [address_from_canonical(a) for a in _ordered(data.get("addresses") or [])]
    company = company_of(data.get("organization_id"))
    if company and not addresses:
        addresses = [{}]  # the company needs an address to live on
    for index, address in enumerate(addresses):
        address["default"] = index == 0
        if index == 0 and "organization_id" in data:
            address["company"] = company
    if "addresses" in data or company:
        body["addresses"] = addresses
    return body


def _ordered(addresses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The billing address becomes Shopify's default address."""
    return sorted(addresses, key=lambda a: a.get("type") != "BILLING")


def customer_label(customer: dict[str, Any]) -> str:
    return display_name(customer)


def customer_id(customer: dict[str, Any]) -> str:
    value = external(customer.get("id"))
    if value is None:
        raise ValueError("a customer without an id")
    return value
