"""`/TrackingCategories` and their options: at most 2 active and 4 categories in all."""

from __future__ import annotations

from typing import Any

from flask import Response

from . import listing, values, wire, writes
from .api import Ctx, endpoint, flag
from .errors import Exceptional, NotFound, validation_failed
from .store import Org, Record

FIELDS = frozenset("TrackingCategoryID Name Status Options".split())
LISTING = listing.Listing(
    "TrackingCategory",
    "TrackingCategories",
    FIELDS,
    (("Name", False),),
    paged=False,
    modified_field=None,
)
MAX_ACTIVE, MAX_TOTAL = 2, 4
# Unconfirmed wording: Xero documents the limits but not these messages.
TOO_MANY_ACTIVE = "You can only have 2 active tracking categories."
TOO_MANY = "You can only have 4 tracking categories, including archived ones."


def _fail(record: Record, message: str) -> Exceptional:
    return validation_failed([{**record, "ValidationErrors": [{"Message": message}]}])


def _live(org: Org) -> list[Record]:
    return [c for c in org.tracking.values() if c["Status"] != "DELETED"]


def view(category: Record, archived: bool = True) -> Record:
    options = [o for o in category["Options"] if o["Status"] != "DELETED"]
    if not archived:
        options = [o for o in options if o["Status"] == "ACTIVE"]
    return {**category, "Options": options}


def used(org: Org, option_ids: set[str]) -> bool:
    documents: list[Any] = [
        *org.invoices.values(),
        *org.credit_notes.values(),
        *org.purchase_orders.values(),
    ]
    for doc in documents:
        for line in doc["LineItems"]:
            if any(t["TrackingOptionID"] in option_ids for t in line.get("Tracking") or []):
                return True
    for journal in org.manual_journals.values():
        for line in journal["JournalLines"]:
            if any(t["TrackingOptionID"] in option_ids for t in line["Tracking"]):
                return True
    return False


def _find(org: Org, category_id: str) -> Record:
    found = org.tracking.get(values.an_id(category_id) or "")
    if found is None or found["Status"] == "DELETED":
        raise NotFound()
    return found


def _name(element: Record, record: Record, siblings: list[Record]) -> str:
    name = (values.text(element.get("Name"), "Name", 100) or "").strip()
    if not name:
        raise _fail(record, "Name must be specified.")
    if any(s is not record and s["Name"].casefold() == name.casefold() for s in siblings):
        raise _fail(record, f"The name '{name}' is already in use.")
    return name


def _status(org: Org, record: Record, wanted: Any) -> str:
    status = values.one_of(wanted, ("ACTIVE", "ARCHIVED"), "Status") or record["Status"]
    active = [c for c in _live(org) if c["Status"] == "ACTIVE" and c is not record]
    if status == "ACTIVE" and len(active) >= MAX_ACTIVE:
        raise _fail(record, TOO_MANY_ACTIVE)
    return status


@endpoint("/TrackingCategories", ["GET"], "settings")
def list_categories(ctx: Ctx) -> Response:
    archived = flag("includeArchived")
    rows = [c for c in _live(ctx.org) if archived or c["Status"] == "ACTIVE"]
    page, _ = listing.select(ctx.state, LISTING, rows)
    return ctx.envelope("TrackingCategories", [view(c, archived) for c in page])


@endpoint("/TrackingCategories/<category_id>", ["GET"], "settings")
def get_category(ctx: Ctx, category_id: str) -> Response:
    return ctx.envelope("TrackingCategories", [view(_find(ctx.org, category_id))])


def add_category(org: Org, element: Record) -> Record:
    record: Record = {"TrackingCategoryID": None, "Name": "", "Status": "ACTIVE", "Options": []}
    record["Name"] = _name(element, record, _live(org))
    if len(_live(org)) >= MAX_TOTAL:
        raise _fail(record, TOO_MANY)
    record["Status"] = _status(org, record, element.get("Status") or "ACTIVE")
    record["TrackingCategoryID"] = org.new_id()
    org.tracking[record["TrackingCategoryID"]] = record
    return record


def add_option(org: Org, record: Record, element: Record) -> Record:
    live = [o for o in record["Options"] if o["Status"] != "DELETED"]
    option = {"TrackingOptionID": org.new_id(), "Name": "", "Status": "ACTIVE"}
    option["Name"] = _name(element, option, live)
    record["Options"].append(option)
    return option


@endpoint("/TrackingCategories", ["PUT"], "settings")
def create_category(ctx: Ctx) -> Response:
    record = add_category(ctx.org, writes.elements("TrackingCategories")[0])
    return ctx.envelope("TrackingCategories", [view(record)])


@endpoint("/TrackingCategories/<category_id>", ["POST"], "settings")
def update_category(ctx: Ctx, category_id: str) -> Response:
    record = _find(ctx.org, category_id)
    element = writes.elements("TrackingCategories")[0]
    if "Name" in element:
        record["Name"] = _name(element, record, _live(ctx.org))
    if "Status" in element:
        record["Status"] = _status(ctx.org, record, element["Status"])
    return ctx.envelope("TrackingCategories", [view(record)])


@endpoint("/TrackingCategories/<category_id>", ["DELETE"], "settings")
def delete_category(ctx: Ctx, category_id: str) -> Response:
    record = _find(ctx.org, category_id)
    if used(ctx.org, {o["TrackingOptionID"] for o in record["Options"]}):
        raise _fail(record, "This tracking category has been used; archive it instead.")
    record["Status"] = "DELETED"
    return ctx.envelope("TrackingCategories", [view(record)])


def _options(record: Record, options: list[Record]) -> Response:
    body = {"Options": [{**o, "TrackingCategoryID": record["TrackingCategoryID"]} for o in options]}
    return wire.json_response(body)


@endpoint("/TrackingCategories/<category_id>/Options", ["PUT"], "settings")
def create_options(ctx: Ctx, category_id: str) -> Response:
    record = _find(ctx.org, category_id)
    made = [add_option(ctx.org, record, e) for e in writes.elements("Options")]
    return _options(record, made)


def _option(record: Record, option_id: str) -> Record:
    wanted = values.an_id(option_id)
    for option in record["Options"]:
        if option["TrackingOptionID"] == wanted and option["Status"] != "DELETED":
            return option
    raise NotFound()


@endpoint("/TrackingCategories/<category_id>/Options/<option_id>", ["POST"], "settings")
def update_option(ctx: Ctx, category_id: str, option_id: str) -> Response:
    record = _find(ctx.org, category_id)
    option = _option(record, option_id)
    element = writes.elements("Options")[0]
    live = [o for o in record["Options"] if o["Status"] != "DELETED"]
    if "Name" in element:
        option["Name"] = _name(element, option, live)
    if "Status" in element:
        option["Status"] = values.one_of(element["Status"], ("ACTIVE", "ARCHIVED"), "Status")
    return _options(record, [option])


@endpoint("/TrackingCategories/<category_id>/Options/<option_id>", ["DELETE"], "settings")
def delete_option(ctx: Ctx, category_id: str, option_id: str) -> Response:
    record = _find(ctx.org, category_id)
    option = _option(record, option_id)
    if used(ctx.org, {option["TrackingOptionID"]}):
        raise _fail(option, "This tracking option has been used; archive it instead.")
    option["Status"] = "DELETED"
    return _options(record, [option])
