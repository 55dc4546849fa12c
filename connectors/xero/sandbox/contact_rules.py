"""Contact writes: field limits, unique names, at most five contact persons."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from . import dates, values
from .errors import Invalid, NotFound
from .store import Org, Record

TEXT_LIMITS = {
    "ContactNumber": 50,
    "AccountNumber": 50,
    "Name": 255,
    "FirstName": 255,
    "LastName": 255,
    "CompanyNumber": 50,
    "EmailAddress": 255,
    "BankAccountDetails": None,
    "TaxNumber": 50,
    "AccountsReceivableTaxType": None,
    "AccountsPayableTaxType": None,
    "DefaultCurrency": 3,
    "SalesDefaultAccountCode": None,
    "PurchasesDefaultAccountCode": None,
}
ENUMS = {
    "ContactStatus": ("ACTIVE", "ARCHIVED", "GDPRREQUEST"),
    "TaxNumberType": ("SSN", "EIN", "ITIN", "ATIN"),
    "SalesDefaultLineAmountType": ("INCLUSIVE", "EXCLUSIVE", "NONE"),
    "PurchasesDefaultLineAmountType": ("INCLUSIVE", "EXCLUSIVE", "NONE"),
}
ADDRESS_LIMITS = {
    "AddressLine1": 500,
    "AddressLine2": 500,
    "AddressLine3": 500,
    "AddressLine4": 500,
    "City": 255,
    "Region": 255,
    "PostalCode": 50,
    "Country": 50,
    "AttentionTo": 255,
}
PHONE_LIMITS = {"PhoneNumber": 50, "PhoneAreaCode": 10, "PhoneCountryCode": 20}
TERM_TYPES = ("DAYSAFTERBILLDATE", "DAYSAFTERBILLMONTH", "OFCURRENTMONTH", "OFFOLLOWINGMONTH")
MAX_PERSONS = 5


def _address(given: Record) -> Record:
    kind = values.one_of(given.get("AddressType") or "POBOX", ("POBOX", "STREET"), "AddressType")
    address: Record = {"AddressType": kind}
    for key, limit in ADDRESS_LIMITS.items():
        if key in given:
            address[key] = values.text(given[key], key, limit)
    return address


def _phone(given: Record) -> Record:
    kinds = ("DEFAULT", "DDI", "MOBILE", "FAX", "OFFICE")
    phone: Record = {"PhoneType": values.one_of(given.get("PhoneType") or "DEFAULT", kinds, "")}
    for key, limit in PHONE_LIMITS.items():
        if key in given:
            phone[key] = values.text(given[key], key, limit)
    return phone


def _person(given: Record) -> Record:
    person: Record = {}
    for key in ("FirstName", "LastName", "EmailAddress"):
        if key in given:
            person[key] = values.text(given[key], key, 255)
    person["IncludeInEmails"] = bool(values.boolean(given.get("IncludeInEmails"), "") or False)
    return person


def _terms(given: Any) -> Record:
    terms: Record = {}
    for side in ("Bills", "Sales"):
        part = given.get(side) if isinstance(given, dict) else None
        if isinstance(part, dict):
            day = values.decimal(part.get("Day"), "Day")
            kind = values.one_of(part.get("Type"), TERM_TYPES, "PaymentTerms Type")
            terms[side] = {"Day": int(day) if day is not None else None, "Type": kind}
    return terms


def _listed(given: Any, build: Callable[[Record], Record]) -> list[Record]:
    return [build(entry) for entry in given or [] if isinstance(entry, dict)]


def apply(org: Org, record: Record, element: Record, errors: list[str]) -> None:
    """Copy writable fields from `element`; collections are replaced, not merged."""
    for key, limit in TEXT_LIMITS.items():
        if key in element:
            try:
                record[key] = values.text(element[key], key, limit)
            except Invalid as error:
                errors.extend(error.messages)
    for key, allowed in ENUMS.items():
        if key in element:
            try:
                record[key] = values.one_of(element[key], allowed, key)
            except Invalid as error:
                errors.extend(error.messages)
    builders: dict[str, Callable[[Any], Any]] = {
        "Addresses": lambda v: _listed(v, _address),
        "Phones": lambda v: _listed(v, _phone),
        "ContactPersons": lambda v: _listed(v, _person),
        "PaymentTerms": _terms,
    }
    for key, build in builders.items():
        if key in element:
            try:
                record[key] = build(element[key])
            except Invalid as error:
                errors.extend(error.messages)


def check(org: Org, record: Record, errors: list[str]) -> None:
    name = (record.get("Name") or "").strip()
    if not name:
        errors.append("The contact name must be specified.")
    elif record.get("ContactStatus") == "ACTIVE":
        holder = org.lookup("contact_name", name)
        if holder is not None and holder != record["ContactID"]:
            errors.append(
                f"The contact name {name} is already assigned to another contact. The contact "
                "name must be unique across all active contacts."
            )
    number = record.get("ContactNumber")
    holder = org.lookup("contact_number", number)
    if number and holder is not None and holder != record["ContactID"]:
        errors.append(f"The contact number {number} is already assigned to another contact.")
    persons = record.get("ContactPersons") or []
    if len(persons) > MAX_PERSONS:
        errors.append("You can only have a maximum of 5 contact persons.")
    elif persons and not record.get("EmailAddress"):
        errors.append(
            "Additional people cannot be added when the primary person has no email address set."
        )
    for key in ("AccountsReceivableTaxType", "AccountsPayableTaxType"):
        if record.get(key) and record[key] not in org.tax_rates:
            errors.append(
                f"The TaxType code {record[key]} does not exist or cannot be used for this "
                "type of transaction."
            )


def new_record() -> Record:
    return {
        "ContactID": None,  # given at commit, so a failed element echoes the zero uuid
        "ContactStatus": "ACTIVE",
        "Name": None,
        "Addresses": [],
        "Phones": [],
        "ContactPersons": [],
        "ContactGroups": [],
        "IsSupplier": False,
        "IsCustomer": False,
        "HasAttachments": False,
        "_documents": [],
    }


def target(org: Org, element: Record, create_only: bool, path_id: str | None) -> Record | None:
    """The existing contact an element writes to, or None for a new one."""
    if path_id is not None:
        found = org.contacts.get(values.an_id(path_id) or "")
        found_id = found["ContactID"] if found else org.lookup("contact_number", path_id)
        if found_id is None:
            raise NotFound()
        return org.contacts[found_id]
    given_id = values.an_id(element.get("ContactID"))
    if given_id:
        if given_id not in org.contacts:
            raise Invalid(f"Contact with ContactID {element['ContactID']} could not be found.")
        if create_only:
            raise Invalid("A Contact with the ContactID already exists; use POST to update it.")
        return org.contacts[given_id]
    if create_only:
        return None
    for index, key in (("contact_number", "ContactNumber"), ("contact_name", "Name")):
        found_id = org.lookup(index, element.get(key))
        if found_id is not None:
            return org.contacts[found_id]
    return None


def commit(org: Org, before: Record | None, record: Record) -> None:
    """Store the contact, keep the name/number indexes, raise the webhook event."""
    record["ContactID"] = record["ContactID"] or org.new_id()
    record["UpdatedDateUTC"] = dates.now()
    if before is not None:
        org.forget("contact_name", before.get("Name"), before["ContactID"])
        org.forget("contact_number", before.get("ContactNumber"), before["ContactID"])
    if record["ContactStatus"] == "ACTIVE":
        org.remember("contact_name", record["Name"], record["ContactID"])
    org.remember("contact_number", record.get("ContactNumber"), record["ContactID"])
    org.put(org.contacts, record["ContactID"], record)
    org.emit(org, "CONTACT", "UPDATE" if before else "CREATE", record["ContactID"], None)


def save(org: Org, element: Record, create_only: bool, path_id: str | None = None) -> Record:
    """Validate and store one element; raises Invalid with the would-be record as echo."""
    existing = target(org, element, create_only, path_id)
    record = copy.deepcopy(existing) if existing else new_record()
    errors: list[str] = []
    apply(org, record, element, errors)
    check(org, record, errors)
    if errors:
        raise Invalid(*errors, echo=record)
    commit(org, existing, record)
    return record
