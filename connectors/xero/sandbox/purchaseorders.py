"""`/PurchaseOrders`: non-ledger documents for existing contacts, numbered PO-0001..."""

from __future__ import annotations

import copy
from typing import Any

from flask import Response, request

from . import dates, doc_routes, lines, listing, refs, values, writes
from .api import Ctx, endpoint
from .errors import Invalid, NotFound
from .store import Org, Record

FIELDS = frozenset(
    "PurchaseOrderID PurchaseOrderNumber Contact Date DeliveryDate ExpectedArrivalDate Status "
    "Reference Total SubTotal TotalTax UpdatedDateUTC".split()
)
LISTING = listing.Listing("PurchaseOrder", "PurchaseOrders", FIELDS)
STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED", "BILLED", "DELETED")
# Xero publishes no table for purchase orders (unconfirmed); this one follows the UI.
TRANSITIONS = {
    None: ("DRAFT", "SUBMITTED", "AUTHORISED"),
    "DRAFT": ("DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"),
    "SUBMITTED": ("SUBMITTED", "DRAFT", "AUTHORISED", "DELETED"),
    "AUTHORISED": ("AUTHORISED", "BILLED", "DELETED"),
    "BILLED": ("BILLED", "AUTHORISED"),
    "DELETED": (),
}
TEXTS = {
    "Reference": 255,
    "DeliveryAddress": 500,
    "AttentionTo": 255,
    "Telephone": 50,
    "DeliveryInstructions": 500,
    "CurrencyCode": 3,
}
DATES = ("Date", "DeliveryDate", "ExpectedArrivalDate")


def find(org: Org, key: str) -> Record:
    found = org.purchase_orders.get(values.an_id(key) or "")
    found = found or org.purchase_orders.get(org.lookup("PurchaseOrderNumber", key) or "")
    if found is None:
        raise NotFound()
    return found


def _apply(org: Org, po: Record, element: Record, errors: list[str]) -> None:
    def attempt(action: Any) -> None:
        try:
            action()
        except Invalid as error:
            errors.extend(error.messages)

    if "Contact" in element:
        attempt(
            lambda: po.update(
                _contact_id=refs.contact(org, element["Contact"], create_missing=False)["ContactID"]
            )
        )
    for key, limit in TEXTS.items():
        if key in element:
            attempt(lambda k=key, n=limit: po.update({k: values.text(element[k], k, n)}))
    for key in DATES:
        if key in element:
            attempt(lambda k=key: po.update({k: values.a_date(element[k], k)}))
    if "PurchaseOrderNumber" in element:
        po["PurchaseOrderNumber"] = values.text(element["PurchaseOrderNumber"], "Number", 255)
    if "SentToContact" in element:
        attempt(lambda: po.update(SentToContact=values.boolean(element["SentToContact"], "")))
    if "LineAmountTypes" in element:
        attempt(
            lambda: po.update(
                LineAmountTypes=values.one_of(
                    element["LineAmountTypes"], lines.LINE_AMOUNT_TYPES, "LineAmountTypes"
                )
            )
        )
    if "LineItems" in element:
        po["LineItems"] = lines.build_lines(
            org, element["LineItems"], po["LineItems"], po["LineAmountTypes"], True, True, errors
        )
    if "Status" in element:
        try:
            wanted = values.one_of(element["Status"], STATUSES, "Status")
        except Invalid as error:
            errors.extend(error.messages)
            return
        if wanted not in TRANSITIONS[po["Status"] if po["PurchaseOrderID"] else None]:
            errors.append("Purchase Order not of valid status for modification")
        else:
            po["Status"] = wanted


def save(org: Org, element: Record, create_only: bool, path_id: str | None = None) -> Record:
    before = find(org, path_id) if path_id else None
    given = values.an_id(element.get("PurchaseOrderID"))
    if before is None and given:
        before = org.purchase_orders.get(given)
        if before is None:
            raise Invalid(
                "An existing Purchase Order with the specified PurchaseOrderID could not be found"
            )
        if create_only:
            raise Invalid("A Purchase Order with the specified PurchaseOrderID already exists.")
    po = (
        copy.deepcopy(before)
        if before
        else {
            "PurchaseOrderID": None,
            "Type": "PURCHASEORDER",
            "Status": "DRAFT",
            "LineItems": [],
            "LineAmountTypes": "Exclusive",
            "Date": dates.today(),
            "CurrencyCode": org.currency,
            "CurrencyRate": None,
            "SentToContact": False,
            "HasAttachments": False,
        }
    )
    errors: list[str] = []
    if before is not None and before["Status"] == "DELETED":
        errors.append("Purchase Order not of valid status for modification")
    _apply(org, po, element, errors)
    if not po.get("_contact_id") and not any("Contact" in e for e in errors):
        errors.append(refs.CONTACT_REQUIRED)
    number = po.get("PurchaseOrderNumber")
    holder = org.lookup("PurchaseOrderNumber", number)
    if number and holder not in (None, po["PurchaseOrderID"]):
        errors.append("Order number must be unique")
    if po.get("SentToContact") and po["Status"] not in ("AUTHORISED", "BILLED"):
        errors.append("Only AUTHORISED and BILLED purchase orders may have SentToContact updated.")
    if errors:
        raise Invalid(*errors, echo=view(org, po))
    po["PurchaseOrderID"] = po["PurchaseOrderID"] or org.new_id()
    if not po.get("PurchaseOrderNumber"):
        po["PurchaseOrderNumber"] = _number(org)
    po.update(lines.totals(po["LineItems"], po["LineAmountTypes"]))
    po["CurrencyRate"] = po.get("CurrencyRate") or 1
    po["UpdatedDateUTC"] = dates.now()
    if before is not None:
        org.forget("PurchaseOrderNumber", before.get("PurchaseOrderNumber"), po["PurchaseOrderID"])
    org.remember("PurchaseOrderNumber", po["PurchaseOrderNumber"], po["PurchaseOrderID"])
    org.put(org.purchase_orders, po["PurchaseOrderID"], po)
    return view(org, po)


def _number(org: Org) -> str:
    while True:
        candidate = f"PO-{org.next_number('PurchaseOrderNumber'):04d}"
        if org.lookup("PurchaseOrderNumber", candidate) is None:
            return candidate


def view(org: Org, po: Record) -> Record:
    out = {k: v for k, v in po.items() if k[:1] != "_"}
    if po.get("_contact_id") in org.contacts:
        out["Contact"] = refs.contact_summary(org, po["_contact_id"])
    # Purchase orders keep unit amounts to four places.
    out["LineItems"] = lines.render(po["LineItems"], values.UNIT4)
    if po.get("Date"):
        out["DateString"] = dates.date_string(po["Date"])
    return out


@endpoint("/PurchaseOrders", ["GET"], "transactions")
def list_purchase_orders(ctx: Ctx) -> Response:
    rows: list[Record] = list(ctx.org.purchase_orders.values())
    status = request.args.get("Status", "").strip().upper()
    if status:
        rows = [r for r in rows if r["Status"] == status]
    for name, keep in (("DateFrom", lambda d, x: d >= x), ("DateTo", lambda d, x: d <= x)):
        if request.args.get(name):
            try:
                bound = values.a_date(request.args[name], name)
            except Invalid:
                continue
            rows = [r for r in rows if keep(r["Date"], bound)]
    page, pagination = listing.select(ctx.state, LISTING, rows, doc_routes.getter(ctx.org))
    return ctx.envelope("PurchaseOrders", [view(ctx.org, r) for r in page], pagination)


@endpoint("/PurchaseOrders/<key>", ["GET"], "transactions")
def get_purchase_order(ctx: Ctx, key: str) -> Response:
    return ctx.envelope("PurchaseOrders", [view(ctx.org, find(ctx.org, key))])


@endpoint("/PurchaseOrders", ["PUT", "POST"], "transactions")
def write_purchase_orders(ctx: Ctx) -> Response:
    create_only = request.method == "PUT"
    items = writes.elements("PurchaseOrders")
    return writes.run(
        ctx, "PurchaseOrders", items, lambda e: save(ctx.org, e, create_only), "PurchaseOrderID"
    )


@endpoint("/PurchaseOrders/<key>", ["POST"], "transactions")
def update_purchase_order(ctx: Ctx, key: str) -> Response:
    find(ctx.org, key)
    items = writes.elements("PurchaseOrders")[:1]
    return writes.run(
        ctx, "PurchaseOrders", items, lambda e: save(ctx.org, e, False, key), "PurchaseOrderID"
    )
