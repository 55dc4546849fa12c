"""Routes shared by `/Invoices` and `/CreditNotes`: list, get, PUT, POST, POST by id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, request

from . import doc_effects, documents, listing, refs, writes
from .api import Ctx, endpoint, flag
from .doc_kinds import Kind
from .store import Org, Record

COMMON_FIELDS = (
    "Type Contact Date DueDate Status LineAmountTypes Reference CurrencyCode CurrencyRate "
    "SubTotal TotalTax Total TotalDiscount UpdatedDateUTC SentToContact FullyPaidOnDate "
    "HasAttachments BrandingThemeID LineItems"
).split()
SUMMARY_DROP = (
    "LineItems",
    "Payments",
    "CreditNotes",
    "Allocations",
    "Prepayments",
    "Overpayments",
)


def getter(org: Org) -> listing.Getter:
    def get(record: Record, name: str) -> Any:
        if name == "Contact":
            return refs.contact_summary(org, record["_contact_id"])
        return record.get(name)

    return get


def _filtered(kind: Kind, ctx: Ctx) -> list[Record]:
    rows = list(kind.records(ctx.org).values())
    filters: list[tuple[str, Callable[[Record], str]]] = [
        ("IDs", lambda r: r[kind.id_field]),
        ("ContactIDs", lambda r: r["_contact_id"]),
        ("Statuses", lambda r: r["Status"].lower()),
        ("InvoiceNumbers", lambda r: (r.get("InvoiceNumber") or "").lower()),
    ]
    for name, key in filters:
        wanted = {w.lower() for w in listing.csv_arg(name)}
        if wanted:
            rows = [r for r in rows if key(r) in wanted]
    if flag("createdByMyApp"):
        rows = [r for r in rows if r.get("_created_by") == ctx.client.client_id]
    term = request.args.get("searchTerm", "").strip().casefold()
    if term:
        rows = [
            r
            for r in rows
            if term in (r.get(kind.number_field) or "").casefold()
            or term in (r.get("Reference") or "").casefold()
        ]
    return rows


def register(kind: Kind, extra_fields: tuple[str, ...]) -> None:
    fields = frozenset(COMMON_FIELDS + [kind.id_field, kind.number_field, *extra_fields])
    spec = listing.Listing(kind.type_name, kind.plural, fields)
    scope = "invoices"
    base = f"/{kind.plural}"

    def list_documents(ctx: Ctx) -> Response:
        page, pagination = listing.select(ctx.state, spec, _filtered(kind, ctx), getter(ctx.org))
        # Unpaged lists come without line items; paged ones and single fetches carry them.
        detail = pagination is not None and not flag("summaryOnly")
        items = [doc_effects.view(kind, ctx.org, r, detail) for r in page]
        if flag("summaryOnly"):
            items = [{k: v for k, v in i.items() if k not in SUMMARY_DROP} for i in items]
        return ctx.envelope(kind.plural, items, pagination)

    def get_document(ctx: Ctx, key: str) -> Response:
        doc = documents.find(kind, ctx.org, key)
        return ctx.envelope(kind.plural, [doc_effects.view(kind, ctx.org, doc)])

    def write_documents(ctx: Ctx) -> Response:
        create_only = request.method == "PUT"

        def save(element: Record) -> Record:
            doc = documents.save(kind, ctx.org, element, create_only, None, ctx.client.client_id)
            return doc_effects.view(kind, ctx.org, doc)

        return writes.run(ctx, kind.plural, writes.elements(kind.plural), save, kind.id_field)

    def update_document(ctx: Ctx, key: str) -> Response:
        documents.find(kind, ctx.org, key)  # 404 before reading the body

        def save(element: Record) -> Record:
            doc = documents.save(kind, ctx.org, element, False, key, ctx.client.client_id)
            return doc_effects.view(kind, ctx.org, doc)

        items = writes.elements(kind.plural)[:1]
        return writes.run(ctx, kind.plural, items, save, kind.id_field)

    for handler in (list_documents, get_document, write_documents, update_document):
        handler.__name__ = f"{handler.__name__}_{kind.collection}"
    endpoint(base, ["GET"], scope)(list_documents)
    endpoint(f"{base}/<key>", ["GET"], scope)(get_document)
    endpoint(base, ["PUT", "POST"], scope)(write_documents)
    endpoint(f"{base}/<key>", ["POST"], scope)(update_document)
