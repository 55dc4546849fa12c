"""Saving invoices and credit notes: targets, edit rules, status machine, numbering."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from . import dates, doc_effects, lines, refs, values
from .doc_kinds import (
    PAID_BILL_FIELDS,
    SETTLED_FIELDS,
    STATUSES,
    TRANSITIONS,
    ZERO,
    Kind,
    has_settlements,
)
from .errors import Invalid, NotFound
from .store import Org, Record

ALLOCATED = "This document cannot be edited as it has a payment or credit note allocated to it."
SCALARS: dict[str, Callable[[Any], Any]] = {
    "Reference": lambda v: values.text(v, "Reference", 255),
    "Url": lambda v: values.text(v, "Url", 2000),
    "BrandingThemeID": values.an_id,
    "SentToContact": lambda v: values.boolean(v, "SentToContact"),
    "Date": lambda v: values.a_date(v, "Date"),
    "DueDate": lambda v: values.a_date(v, "DueDate"),
    "ExpectedPaymentDate": lambda v: values.a_date(v, "ExpectedPaymentDate"),
    "PlannedPaymentDate": lambda v: values.a_date(v, "PlannedPaymentDate"),
    "CurrencyCode": lambda v: values.text(v, "CurrencyCode", 3),
    "CurrencyRate": lambda v: values.decimal(v, "CurrencyRate"),
}


def find(kind: Kind, org: Org, key: str) -> Record:
    """By id, or by number (`/Invoices/{InvoiceNumber}` in older docs)."""
    records = kind.records(org)
    found = records.get(values.an_id(key) or "")
    if found is None:
        number_id = org.lookup(kind.number_field, key)
        found = records.get(number_id or "")
    if found is None:
        raise NotFound()
    return found


def target(
    kind: Kind, org: Org, element: Record, create_only: bool, path_id: str | None
) -> Record | None:
    if path_id is not None:
        return find(kind, org, path_id)
    given = values.an_id(element.get(kind.id_field))
    records = kind.records(org)
    if given:
        if given not in records:
            raise Invalid(
                f"An existing {kind.label} with the specified {kind.id_field} could not be found"
            )
        if create_only:
            raise Invalid(
                f"A {kind.label} with the specified {kind.id_field} already exists; "
                "use POST to update it."
            )
        return records[given]
    number = element.get(kind.number_field)
    if not create_only and number and element.get("Type", kind.numbered) == kind.numbered:
        return records.get(org.lookup(kind.number_field, str(number)) or "")
    return None


def _settled_check(kind: Kind, before: Record, element: Record) -> list[str]:
    """Documents carrying payments or credits take only a few fields (PAID bills a few more)."""
    allowed = set(SETTLED_FIELDS)
    if before["Type"] == "ACCPAY" and before["Status"] == "PAID":
        allowed = set(PAID_BILL_FIELDS)
    writable = {*SCALARS, kind.number_field, "Type", "Contact", "LineItems", "LineAmountTypes"}
    for key, value in element.items():
        # Read-only fields the SDK always sends (HasAttachments, HasErrors...) change nothing.
        if key in allowed or key not in writable | {"Status"}:
            continue
        if key in ("Status", "Type") and str(value).upper() == before[key]:
            continue
        if (
            key == "Contact"
            and isinstance(value, dict)
            and values.an_id(value.get("ContactID")) == before["_contact_id"]
        ):
            continue
        return [f"{kind.label} not of valid status for modification", ALLOCATED]
    return []


def _apply(kind: Kind, org: Org, doc: Record, element: Record, errors: list[str]) -> bool:
    """Copy fields from the element; returns whether the ledger content changed."""
    changed = False
    if "Type" in element and not doc.get("Type"):
        try:
            doc["Type"] = values.one_of(element["Type"], kind.types, "Type")
        except Invalid as error:
            errors.extend(error.messages)
    if "Contact" in element:
        try:
            contact = refs.contact(org, element["Contact"], create_missing=True)
            changed |= doc.get("_contact_id") != contact["ContactID"]
            doc["_contact_id"] = contact["ContactID"]
        except Invalid as error:
            errors.extend(error.messages)
    for key, read in SCALARS.items():
        if key in element:
            try:
                value = read(element[key])
            except Invalid as error:
                errors.extend(error.messages)
                continue
            changed |= key in ("Date", "CurrencyCode", "CurrencyRate") and doc.get(key) != value
            doc[key] = value
    if kind.number_field in element:
        doc[kind.number_field] = values.text(element[kind.number_field], kind.number_field, 255)
    amounts_changed = False
    if "LineAmountTypes" in element:
        try:
            amounts = values.one_of(
                element["LineAmountTypes"], lines.LINE_AMOUNT_TYPES, "LineAmountTypes"
            )
            amounts_changed = doc["LineAmountTypes"] != amounts
            doc["LineAmountTypes"] = amounts
        except Invalid as error:
            errors.extend(error.messages)
    if ("LineItems" in element or amounts_changed) and doc.get("Type") in kind.types:
        source = element.get("LineItems", _as_given(doc["LineItems"]))
        purchase = kind.is_purchase(doc["Type"])
        doc["LineItems"] = lines.build_lines(
            org,
            source,
            doc["LineItems"],
            doc["LineAmountTypes"],
            purchase,
            doc["Type"] == "ACCREC",
            errors,
        )
        changed = True
    return changed


def _as_given(current: list[Record]) -> list[Record]:
    """Existing lines fed back through the line builder (e.g. when LineAmountTypes changes)."""
    return [{k: v for k, v in line.items() if k not in ("TaxAmount", "Item")} for line in current]


def _status(
    kind: Kind, before: Record | None, doc: Record, element: Record, errors: list[str]
) -> None:
    if "Status" not in element:
        return
    try:
        wanted = values.one_of(element["Status"], STATUSES, "Status")
    except Invalid as error:
        errors.extend(error.messages)
        return
    current = before["Status"] if before else None
    if wanted not in TRANSITIONS[current]:
        errors.append(f"{kind.label} not of valid status for modification")
        if before is not None and has_settlements(before):
            errors.append(ALLOCATED)
        return
    doc["Status"] = wanted


def _requirements(kind: Kind, org: Org, doc: Record, errors: list[str]) -> None:
    if doc.get("Type") not in kind.types:
        errors.append(f"{kind.label} Type must be specified.")
    if not doc.get("_contact_id") and not any("Contact" in e for e in errors):
        errors.append(refs.CONTACT_REQUIRED)
    if not doc["LineItems"]:
        errors.append(f"{kind.label} must have at least one line item.")
    if doc["Status"] == "AUTHORISED":
        for line in doc["LineItems"]:
            if line["LineAmount"] and not line.get("AccountCode"):
                errors.append("Account code must be specified")
                break
    number = doc.get(kind.number_field)
    if number and doc.get("Type") == kind.numbered:
        holder = org.lookup(kind.number_field, number)
        if holder is not None and holder != doc[kind.id_field]:
            errors.append(f"{kind.label} # must be unique.")
    if doc.get("SentToContact") and doc["Status"] not in ("AUTHORISED", "PAID"):
        errors.append("SentToContact can only be set on approved documents.")


def _lock(org: Org, doc: Record, errors: list[str]) -> None:
    lock = org.lock_date()
    if lock is None or doc["Date"] > lock:
        return
    year_end = org.settings.get("EndOfYearLockDate")
    which = "end of year lock date" if year_end and doc["Date"] <= year_end else "period lock date"
    errors.append(
        f"The document date cannot be before the {which}, currently set at "
        f"{dates.lock_date_text(lock)}"
    )


def new_doc(kind: Kind, org: Org) -> Record:
    return {
        kind.id_field: None,
        "Type": None,
        "Status": "DRAFT",
        "LineAmountTypes": "Exclusive",
        "LineItems": [],
        "Date": dates.today(),
        "CurrencyCode": org.currency,
        "CurrencyRate": None,
        "HasAttachments": False,
        "_paid": ZERO,
        "_credited": ZERO,
        "_payments": [],
        "_allocations": [],
    }


def save(
    kind: Kind, org: Org, element: Record, create_only: bool, path_id: str | None, client_id: str
) -> Record:
    before = target(kind, org, element, create_only, path_id)
    doc = copy.deepcopy(before) if before else new_doc(kind, org)
    errors: list[str] = []
    if before is not None and has_settlements(before):
        errors = _settled_check(kind, before, element)
    elif before is not None and before["Status"] in ("VOIDED", "DELETED", "PAID"):
        errors = [f"{kind.label} not of valid status for modification"]
    if errors:
        raise Invalid(*errors, echo=doc_effects.echo(kind, org, doc))
    changed = _apply(kind, org, doc, element, errors)
    _status(kind, before, doc, element, errors)
    _requirements(kind, org, doc, errors)
    posts = doc["Status"] in ("AUTHORISED", "VOIDED") and (
        before is None or before["Status"] != doc["Status"] or changed
    )
    if posts:
        _lock(org, doc, errors)
    if errors:
        raise Invalid(*errors, echo=doc_effects.echo(kind, org, doc))
    doc_effects.commit(kind, org, before, doc, changed, client_id)
    return doc
