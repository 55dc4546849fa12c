"""`/ManualJournals`: balanced journals, posted to the ledger when POSTED."""

from __future__ import annotations

import copy
from typing import Any

from flask import Response, request

from . import dates, journal_rules, ledger, lines, listing, values, writes
from .api import Ctx, endpoint
from .errors import Invalid, NotFound
from .store import Org, Record, state_of

FIELDS = frozenset(
    "ManualJournalID Narration JournalLines Date LineAmountTypes Status Url "
    "ShowOnCashBasisReports HasAttachments UpdatedDateUTC".split()
)
LISTING = listing.Listing("ManualJournal", "ManualJournals", FIELDS)
TRANSITIONS = {
    None: ("DRAFT", "POSTED"),
    "DRAFT": ("DRAFT", "POSTED", "DELETED"),
    "POSTED": ("POSTED", "VOIDED"),
    "VOIDED": (),
    "DELETED": (),
    "ARCHIVED": (),
}
STATUSES = ("DRAFT", "POSTED", "DELETED", "VOIDED", "ARCHIVED")


def _apply(org: Org, doc: Record, element: Record, errors: list[str], warnings: list[str]) -> None:
    try:
        if "Narration" in element:
            doc["Narration"] = values.text(element["Narration"], "Narration", 4000)
        if "Date" in element:
            doc["Date"] = values.a_date(element["Date"], "Date") or dates.today()
        if "Url" in element:
            doc["Url"] = values.text(element["Url"], "Url")
        if "ShowOnCashBasisReports" in element:
            doc["ShowOnCashBasisReports"] = bool(
                values.boolean(element["ShowOnCashBasisReports"], "")
            )
        if "LineAmountTypes" in element:
            doc["LineAmountTypes"] = values.one_of(
                element["LineAmountTypes"], lines.LINE_AMOUNT_TYPES, "LineAmountTypes"
            )
    except Invalid as error:
        errors.extend(error.messages)
    if "JournalLines" in element:
        built = []
        for given in element["JournalLines"] or []:
            if not isinstance(given, dict):
                continue
            try:
                line = journal_rules.build_line(org, given, doc["LineAmountTypes"], warnings)
            except Invalid as error:
                errors.extend(error.messages)
                continue
            if line is not None:
                built.append(line)
        doc["JournalLines"] = built


def _target(org: Org, element: Record, create_only: bool, path_id: str | None) -> Record | None:
    wanted = path_id or element.get("ManualJournalID")
    if not wanted:
        return None
    found = org.manual_journals.get(values.an_id(wanted) or "")
    if found is None:
        if path_id is not None:
            raise NotFound()
        raise Invalid(
            "An existing Manual Journal with the specified ManualJournalID could not be found"
        )
    if create_only:
        raise Invalid("A Manual Journal with the specified ManualJournalID already exists.")
    return found


def save(org: Org, element: Record, create_only: bool, path_id: str | None = None) -> Record:
    before = _target(org, element, create_only, path_id)
    doc = (
        copy.deepcopy(before)
        if before
        else {
            "ManualJournalID": None,
            "Narration": None,
            "JournalLines": [],
            "Date": dates.today(),
            "LineAmountTypes": "NoTax",
            "Status": "DRAFT",
            "ShowOnCashBasisReports": True,
            "HasAttachments": False,
        }
    )
    errors: list[str] = []
    warnings: list[str] = []
    current = before["Status"] if before else None
    if before is not None and not TRANSITIONS[current]:
        errors.append("Manual Journal not of valid status for modification")
    _apply(org, doc, element, errors, warnings)
    if "Status" in element:
        try:
            wanted = values.one_of(element["Status"], STATUSES, "Status")
            if wanted not in TRANSITIONS[current]:
                errors.append("Manual Journal not of valid status for modification")
            else:
                doc["Status"] = wanted
        except Invalid as error:
            errors.extend(error.messages)
    if not doc.get("Narration"):
        errors.append("Narration must be specified.")
    if doc["Status"] in ("DRAFT", "POSTED") and len(doc["JournalLines"]) < 2:
        errors.append("A manual journal must have at least two lines.")
    must_balance = doc["Status"] == "POSTED" or state_of().config["draft_journals_must_balance"]
    unbalanced = (
        journal_rules.imbalance(doc) if must_balance and doc["Status"] != "DELETED" else None
    )
    if unbalanced:
        errors.append(unbalanced)
    lock = org.lock_date()
    if doc["Status"] == "POSTED" and lock is not None and doc["Date"] <= lock:
        errors.append(
            "The document date cannot be before the period lock date, currently set at "
            f"{dates.lock_date_text(lock)}"
        )
    if errors:
        raise Invalid(*errors, echo={**doc, "Warnings": [{"Message": w} for w in warnings]})
    _commit(org, before, doc)
    shown = dict(doc)
    if warnings:
        shown["Warnings"] = [{"Message": w} for w in warnings]
    return shown


def _commit(org: Org, before: Record | None, doc: Record) -> None:
    doc["ManualJournalID"] = doc["ManualJournalID"] or org.new_id()
    was = before is not None and before["Status"] == "POSTED"
    now_posted = doc["Status"] == "POSTED"
    if was:
        ledger.reverse(org, before.get("_journal"))  # type: ignore[union-attr]
    if now_posted:
        doc["_journal"] = journal_rules.post(org, doc)
    doc["UpdatedDateUTC"] = dates.now()
    org.put(org.manual_journals, doc["ManualJournalID"], doc)


def _find(org: Org, journal_id: str) -> Record:
    found = org.manual_journals.get(values.an_id(journal_id) or "")
    if found is None:
        raise NotFound()
    return found


@endpoint("/ManualJournals", ["GET"], "manualjournals")
def list_manual_journals(ctx: Ctx) -> Response:
    page, pagination = listing.select(ctx.state, LISTING, ctx.org.manual_journals.values())
    return ctx.envelope("ManualJournals", page, pagination)


@endpoint("/ManualJournals/<journal_id>", ["GET"], "manualjournals")
def get_manual_journal(ctx: Ctx, journal_id: str) -> Response:
    return ctx.envelope("ManualJournals", [_find(ctx.org, journal_id)])


@endpoint("/ManualJournals", ["PUT", "POST"], "manualjournals")
def write_manual_journals(ctx: Ctx) -> Response:
    create_only = request.method == "PUT"
    items = writes.elements("ManualJournals")

    def save_one(element: Record) -> Record:
        return save(ctx.org, element, create_only)

    return writes.run(ctx, "ManualJournals", items, save_one, "ManualJournalID")


@endpoint("/ManualJournals/<journal_id>", ["POST"], "manualjournals")
def update_manual_journal(ctx: Ctx, journal_id: str) -> Response:
    _find(ctx.org, journal_id)
    items = writes.elements("ManualJournals")[:1]

    def save_one(element: Any) -> Record:
        return save(ctx.org, element, False, journal_id)

    return writes.run(ctx, "ManualJournals", items, save_one, "ManualJournalID")
