"""vtiger Accounts, Vendors and Contacts <-> canonical contacts (items: `mapping_items`).

An Account is an ORGANIZATION whose `people` are its vtiger Contacts; every vtiger Contact
is also a PERSON of its own, pointing at its Account through `organization_id` (a Contact
without an Account is an individual). A Vendor is an ORGANIZATION that is a supplier only.
References stay vtiger ids here: the engine turns them into hub ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import values as v

ADDRESS_FIELDS = ("street", "pobox", "city", "state", "code", "country")
# Contacts name their address fields without underscores, and the postcode "zip".
PERSON_ADDRESS = {
    "street": "street",
    "pobox": "pobox",
    "city": "city",
    "state": "state",
    "code": "zip",
    "country": "country",
}


# -- shared pieces --------------------------------------------------------------------------


def _emails(pairs: Iterable[tuple[str, Any]]) -> list[dict[str, str]]:
    return [{"type": kind, "address": address} for kind, raw in pairs if (address := v.email(raw))]


def _phones(pairs: Iterable[tuple[str, Any]]) -> list[dict[str, str]]:
    return [{"type": kind, "number": num} for kind, raw in pairs if (num := v.text(raw))]


def _address(kind: str, parts: dict[str, Any]) -> dict[str, Any] | None:
    """One canonical address from vtiger's street/pobox/city/state/code/country parts."""
    street, pobox = v.text(parts.get("street")), v.text(parts.get("pobox"))
    lines = [line.strip() for line in (street or "").splitlines() if line.strip()]
    if pobox:
        lines.append(pobox if pobox.lower().startswith("po box") else f"PO Box {pobox}")
    found: dict[str, Any] = {
        "type": kind,
        "lines": lines,
        "city": v.text(parts.get("city")),
        "region": v.text(parts.get("state")),
        "postal_code": v.text(parts.get("code")),
        "country": v.text(parts.get("country")),
    }
    if code := v.country_code(found["country"]):
        found["country_code"] = code
    return found if any(found[k] for k in ("lines", "city", "region", "postal_code")) else None


def _parts(record: dict[str, Any], prefix: str, names: dict[str, str]) -> dict[str, Any]:
    return {part: record.get(prefix + column) for part, column in names.items()}


def addresses_out(
    addresses: list[dict[str, Any]] | None, blocks: dict[str, str], names: dict[str, str]
) -> dict[str, str]:
    """Canonical addresses into vtiger's address blocks ({"BILLING": "bill_", ...}).

    An address without a type fills the first free block; a block with no address is cleared.
    """
    chosen: dict[str, dict[str, Any]] = {}
    for address in addresses or []:
        kind = address.get("type")
        if kind in blocks and kind not in chosen:
            chosen[kind] = address
    for address in addresses or []:
        if address.get("type") not in blocks:
            free = next((k for k in blocks if k not in chosen), None)
            if free is not None:
                chosen[free] = address
    element: dict[str, str] = {}
    for kind, prefix in blocks.items():
        address = chosen.get(kind, {})
        parts = {
            "street": "\n".join(address.get("lines") or []),
            "city": v.out(address.get("city")),
            "state": v.out(address.get("region")),
            "code": v.out(address.get("postal_code")),
            "country": v.out(address.get("country") or address.get("country_code")),
        }
        for part, value in parts.items():
            element[prefix + names[part]] = value
    return element


def _first(items: list[dict[str, Any]], key: str, kinds: Iterable[str]) -> Any:
    for kind in kinds:
        for item in items:
            if item.get("type") == kind:
                return item[key]
    return None


def phone_text(phone: dict[str, Any]) -> str:
    """A canonical phone as one string: "+61 02 9411 2277"."""
    parts = [
        f"+{phone['country_code']}" if phone.get("country_code") else "",
        phone.get("area_code") or "",
        phone.get("number") or "",
    ]
    return " ".join(p for p in parts if p)


def _pick_phones(phones: list[dict[str, Any]], slots: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Fill vtiger's phone fields by type; an untyped or unplaced number takes a free field."""
    element: dict[str, str] = {}
    used: set[int] = set()
    for field, kinds in slots.items():
        for index, phone in enumerate(phones):
            if index not in used and phone.get("type") in kinds:
                element[field] = phone_text(phone)
                used.add(index)
                break
    for field in slots:
        if field not in element:
            spare = next((i for i in range(len(phones)) if i not in used), None)
            take = spare is not None and phones[spare].get("type") not in ("FAX",)
            element[field] = phone_text(phones[spare]) if take and spare is not None else ""
            if take and spare is not None:
                used.add(spare)
    return element


def _emails_out(emails: list[dict[str, Any]], first: str, second: str) -> dict[str, str]:
    primary = _first(emails, "address", ("PRIMARY", "BILLING", None, "OTHER", "SECONDARY"))
    rest = [e["address"] for e in emails if e["address"] != primary]
    return {first: v.out(primary), second: rest[0] if rest else ""}


def split_name(data: dict[str, Any]) -> tuple[str, str]:
    """(first name, last name) of a person; vtiger needs a last name."""
    first, last = data.get("first_name") or "", data.get("last_name") or ""
    if not last:
        name = (data.get("name") or "").strip()
        if first and name.startswith(first):
            name = name[len(first) :].strip()
        last = name or first or (data.get("email") or "").split("@")[0]
        if last == first:
            first = ""
    return first, last


# -- Accounts, Vendors, Contacts -> canonical --------------------------------------------------


def person_of(contact: dict[str, Any], primary_email: str | None) -> dict[str, Any]:
    """A vtiger Contact as one of its Account's people."""
    email = v.email(contact.get("email"))
    person: dict[str, Any] = {
        "first_name": v.text(contact.get("firstname")),
        "last_name": v.text(contact.get("lastname")),
        "email": email,
        "phones": _phones([("DEFAULT", contact.get("phone")), ("MOBILE", contact.get("mobile"))]),
        "job_title": v.text(contact.get("title")),
    }
    # vtiger has no primary contact; the person sharing the organization's email is it.
    if email and primary_email and email.lower() == primary_email.lower():
        person["is_primary"] = True
    return person


def people_of(account: dict[str, Any], contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    primary = v.email(account.get("email1"))
    people, seen_primary = [], False
    for contact in sorted(contacts, key=lambda c: int(str(c["id"]).partition("x")[2] or 0)):
        person = person_of(contact, None if seen_primary else primary)
        seen_primary = seen_primary or bool(person.get("is_primary"))
        people.append(person)
    return people


def account_to_canonical(
    account: dict[str, Any], contacts: list[dict[str, Any]] | None
) -> dict[str, Any]:
    """An Account as an ORGANIZATION; `contacts` (its vtiger Contacts) become its people."""
    kind = account.get("accounttype") or ""
    data: dict[str, Any] = {
        "kind": "ORGANIZATION",
        "name": v.text(account.get("accountname")) or "(no name)",
        "contact_number": v.text(account.get("account_no")),
        "emails": _emails(
            [("PRIMARY", account.get("email1")), ("SECONDARY", account.get("email2"))]
        ),
        "phones": _phones(
            [
                ("DEFAULT", account.get("phone")),
                ("OTHER", account.get("otherphone")),
                ("FAX", account.get("fax")),
            ]
        ),
        "addresses": [
            a
            for a in (
                _address("BILLING", _parts(account, "bill_", _same(ADDRESS_FIELDS))),
                _address("SHIPPING", _parts(account, "ship_", _same(ADDRESS_FIELDS))),
            )
            if a
        ],
        "website": v.text(account.get("website")),
        "industry": v.text(account.get("industry")),
        "is_customer": kind == "Customer",
        "is_lead": kind == "Prospect",
        "notes": v.text(account.get("description")),
    }
    if contacts is not None:
        data["people"] = people_of(account, contacts)
    return data


def vendor_to_canonical(vendor: dict[str, Any]) -> dict[str, Any]:
    """A Vendor as an ORGANIZATION that is a supplier and not a customer."""
    parts = {
        "street": vendor.get("street"),
        "pobox": vendor.get("pobox"),
        "city": vendor.get("city"),
        "state": vendor.get("state"),
        "code": vendor.get("postalcode"),
        "country": vendor.get("country"),
    }
    return {
        "kind": "ORGANIZATION",
        "name": v.text(vendor.get("vendorname")) or "(no name)",
        "contact_number": v.text(vendor.get("vendor_no")),
        "emails": _emails([("PRIMARY", vendor.get("email"))]),
        "phones": _phones([("DEFAULT", vendor.get("phone"))]),
        "addresses": [a for a in (_address("BILLING", parts),) if a],
        "website": v.text(vendor.get("website")),
        "is_supplier": True,
        "is_customer": False,
        "notes": v.text(vendor.get("description")),
    }


def contact_to_canonical(contact: dict[str, Any]) -> dict[str, Any]:
    """A vtiger Contact as a PERSON, linked to its Account when it has one."""
    first, last = v.text(contact.get("firstname")), v.text(contact.get("lastname"))
    return {
        "kind": "PERSON",
        "name": " ".join(p for p in (first, last) if p) or "(no name)",
        "first_name": first,
        "last_name": last,
        "organization_id": v.reference(contact.get("account_id")),
        "contact_number": v.text(contact.get("contact_no")),
        "emails": _emails(
            [("PRIMARY", contact.get("email")), ("SECONDARY", contact.get("secondaryemail"))]
        ),
        "phones": _phones(
            [
                ("OFFICE", contact.get("phone")),
                ("MOBILE", contact.get("mobile")),
                ("HOME", contact.get("homephone")),
                ("OTHER", contact.get("otherphone")),
                ("FAX", contact.get("fax")),
            ]
        ),
        "addresses": [
            a
            for a in (
                _address("BILLING", _parts(contact, "mailing", PERSON_ADDRESS)),
                _address("SHIPPING", _parts(contact, "other", PERSON_ADDRESS)),
            )
            if a
        ],
        "notes": v.text(contact.get("description")),
    }


def _same(names: Iterable[str]) -> dict[str, str]:
    return {name: name for name in names}


# -- canonical -> Accounts, Vendors, Contacts ---------------------------------------------------

ACCOUNT_PHONES = {
    "phone": ("DEFAULT", "OFFICE", "DIRECT"),
    "otherphone": ("MOBILE", "OTHER", "HOME"),
    "fax": ("FAX",),
}
CONTACT_PHONES = {
    "phone": ("OFFICE", "DEFAULT", "DIRECT"),
    "mobile": ("MOBILE",),
    "homephone": ("HOME",),
    "otherphone": ("OTHER",),
    "fax": ("FAX",),
}


def account_element(data: dict[str, Any]) -> dict[str, str]:
    """The Account fields a canonical ORGANIZATION sets; fields it does not carry are left."""
    element: dict[str, str] = {"accountname": data["name"]}
    if "emails" in data:
        element.update(_emails_out(data["emails"] or [], "email1", "email2"))
    if "phones" in data:
        element.update(_pick_phones(data["phones"] or [], ACCOUNT_PHONES))
    if "addresses" in data:
        blocks = {"BILLING": "bill_", "SHIPPING": "ship_"}
        element.update(addresses_out(data["addresses"], blocks, _same(ADDRESS_FIELDS)))
    for canonical, field in (
        ("website", "website"),
        ("industry", "industry"),
        ("notes", "description"),
    ):
        if canonical in data:
            element[field] = v.out(data[canonical])
    if data.get("is_customer"):
        element["accounttype"] = "Customer"
    elif data.get("is_lead"):
        element["accounttype"] = "Prospect"
    return element


def vendor_element(data: dict[str, Any]) -> dict[str, str]:
    element: dict[str, str] = {"vendorname": data["name"]}
    if "emails" in data:
        element["email"] = _emails_out(data["emails"] or [], "email", "-")["email"]
    if "phones" in data:
        element.update(_pick_phones(data["phones"] or [], {"phone": ("DEFAULT", "OFFICE")}))
    if "addresses" in data:
        names = {
            "street": "street",
            "pobox": "pobox",
            "city": "city",
            "state": "state",
            "code": "postalcode",
            "country": "country",
        }
        element.update(addresses_out(data["addresses"], {"BILLING": ""}, names))
    for canonical, field in (("website", "website"), ("notes", "description")):
        if canonical in data:
            element[field] = v.out(data[canonical])
    return element


def contact_element(data: dict[str, Any]) -> dict[str, str]:
    """The Contact fields a canonical PERSON sets, with its Account (or none)."""
    first, last = split_name(data)
    element: dict[str, str] = {"firstname": first, "lastname": last}
    if "organization_id" in data:
        element["account_id"] = v.out(data["organization_id"])
    if "emails" in data:
        element.update(_emails_out(data["emails"] or [], "email", "secondaryemail"))
    if "phones" in data:
        element.update(_pick_phones(data["phones"] or [], CONTACT_PHONES))
    if "addresses" in data:
        blocks = {"BILLING": "mailing", "SHIPPING": "other"}
        element.update(addresses_out(data["addresses"], blocks, PERSON_ADDRESS))
    if "notes" in data:
        element["description"] = v.out(data["notes"])
    return element


def person_element(person: dict[str, Any], account_id: str) -> dict[str, str]:
    """One of an ORGANIZATION's people as a Contact of its Account."""
    first, last = split_name(person)
    element = {
        "firstname": first,
        "lastname": last,
        "account_id": account_id,
        "email": v.out(person.get("email")),
        "title": v.out(person.get("job_title")),
    }
    if "phones" in person:
        phones = person["phones"] or []
        element.update(
            _pick_phones(phones, {"phone": ("DEFAULT", "OFFICE", "DIRECT"), "mobile": ("MOBILE",)})
        )
    return element
