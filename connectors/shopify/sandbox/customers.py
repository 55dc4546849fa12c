"""Customer endpoints: list, count, search, get, create, update, delete."""

from __future__ import annotations

from typing import Any

from flask import Response

from . import filters, paging
from .api import body, bp, empty, find, needs, reply, store
from .customer_data import create_customer, delete_customer, render_customer, update_customer


def _search(query: str) -> filters.Predicate:
    """`email:x first_name:y free text`: email matches exactly, the rest by substring."""
    terms = [t for t in query.split() if t]

    def match(record: dict[str, Any]) -> bool:
        for term in terms:
            field, _, value = term.partition(":") if ":" in term else ("", "", term)
            value = value.lower().strip("\"'")
            if field:
                actual = str(record.get(field) or "").lower()
                if not (actual == value if field == "email" else value in actual):
                    return False
            elif not any(
                value in str(record.get(k) or "").lower()
                for k in ("email", "first_name", "last_name", "phone")
            ):
                return False
        return True

    return match


def _preds(params: dict[str, str]) -> list[filters.Predicate]:
    return filters.common(params, store().tz)


def _render(record: dict[str, Any]) -> dict[str, Any]:
    return render_customer(record)


@bp.get("/customers.json")
@needs("customers")
def list_customers() -> Response:
    shop = store()
    return paging.list_response(shop.customers, "customers", _preds, _render, shop)


@bp.get("/customers/count.json")
@needs("customers")
def count_customers() -> Response:
    return paging.count_response(store().customers, _preds(paging.request_filters()))


@bp.get("/customers/search.json")
@needs("customers")
def search_customers() -> Response:
    shop = store()

    def preds(params: dict[str, str]) -> list[filters.Predicate]:
        return [_search(params.get("query", ""))]

    return paging.list_response(shop.customers, "customers", preds, _render, shop)


@bp.get("/customers/<int:ident>.json")
@needs("customers")
def get_customer(ident: int) -> Response:
    return reply("customer", _render(find("customers", ident)))


@bp.post("/customers.json")
@needs("customers")
def post_customer() -> Response:
    return reply("customer", _render(create_customer(store(), body("customer"))), 201)


@bp.put("/customers/<int:ident>.json")
@needs("customers")
def put_customer(ident: int) -> Response:
    record = find("customers", ident)
    update_customer(store(), record, body("customer"))
    return reply("customer", _render(record))


@bp.delete("/customers/<int:ident>.json")
@needs("customers")
def delete_customer_view(ident: int) -> Response:
    delete_customer(store(), find("customers", ident))
    return empty()
