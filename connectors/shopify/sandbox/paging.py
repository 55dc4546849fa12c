"""Cursor paging: limit rules, opaque page_info cursors and the Link header."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Response, jsonify, request
from werkzeug.datastructures import MultiDict

from . import errors
from .filters import Predicate, all_of
from .store import Collection, ShopStore
from .wire import dumps, pick_fields

# With page_info present a request may add only these.
CURSOR_PARAMS = frozenset({"page_info", "limit", "fields"})


@dataclass
class ListQuery:
    """One list request: frozen filters, page size, fields, and where the cursor points."""

    filters: dict[str, str]
    limit: int
    fields: list[str] | None
    after: int | None = None
    before: int | None = None
    cursored: bool = False


@dataclass
class Page:
    items: list[dict[str, Any]]
    has_previous: bool
    has_next: bool


def flat_args(args: MultiDict[str, str]) -> dict[str, str]:
    """Query args as a flat dict; `ids[]=1&ids[]=2` (pyactiveresource lists) become `ids=1,2`."""
    flat: dict[str, str] = {}
    for key in args:
        values = args.getlist(key)
        if key.endswith("[]"):
            flat[key[:-2]] = ",".join(values)
        else:
            flat[key] = values[-1]
    return flat


def request_filters() -> dict[str, str]:
    """The current request's query as flat filters (count endpoints take no paging)."""
    return flat_args(request.args)


def parse_limit(raw: str | None, config: dict[str, Any]) -> int:
    default, maximum = int(config["default_limit"]), int(config["max_limit"])
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        return default
    # Shopify caps an over-large limit at the maximum rather than failing.
    return max(1, min(maximum, value))


def _encode(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise errors.bad_request("page_info - Invalid value.") from None
    # Only cursors this sandbox made for this path pass; anything else is "Invalid value".
    if (
        not isinstance(payload, dict)
        or payload.get("p") != request.path
        or not isinstance(payload.get("f"), dict)
        or not all(isinstance(payload.get(k), int | None) for k in ("a", "b"))
    ):
        raise errors.bad_request("page_info - Invalid value.")
    payload["f"] = {str(k): str(v) for k, v in payload["f"].items()}
    return payload


def parse_query(config: dict[str, Any]) -> ListQuery:
    """Read limit/fields/page_info and the filters, enforcing the page_info rules."""
    args = flat_args(request.args)
    limit = parse_limit(args.get("limit"), config)
    fields = (
        [f.strip() for f in args["fields"].split(",") if f.strip()] if args.get("fields") else None
    )
    token = args.get("page_info")
    if token is None:
        filters = {k: v for k, v in args.items() if k not in CURSOR_PARAMS}
        return ListQuery(filters, limit, fields)
    for key in args:
        if key not in CURSOR_PARAMS:
            raise errors.page_info_conflict(key)
    cursor = _decode(token)
    return ListQuery(
        dict(cursor.get("f", {})), limit, fields, cursor.get("a"), cursor.get("b"), True
    )


def _any(collection: Collection, pred: Predicate, **bound: int) -> bool:
    return any(pred(r) for r in collection.scan(**bound))


def select(collection: Collection, pred: Predicate, query: ListQuery) -> Page:
    """The page the query asks for, and whether pages exist before and after it."""
    items: list[dict[str, Any]] = []
    if query.before is not None:
        for record in collection.scan(before=query.before):
            if pred(record):
                items.append(record)
                if len(items) > query.limit:
                    break
        has_previous = len(items) > query.limit
        items = items[: query.limit][::-1]
        has_next = bool(items) and _any(collection, pred, after=items[-1]["id"])
        return Page(items, has_previous, has_next)
    start = query.after
    if start is None and str(query.filters.get("since_id", "")).isdigit():
        # since_id is also a predicate; starting the scan there just skips the work.
        start = int(query.filters["since_id"])
    for record in collection.scan(after=start):
        if pred(record):
            items.append(record)
            if len(items) > query.limit:
                break
    has_next = len(items) > query.limit
    items = items[: query.limit]
    # rel="previous" only appears once the client has followed a cursor.
    has_previous = query.cursored and bool(items) and _any(collection, pred, before=items[0]["id"])
    return Page(items, has_previous, has_next)


def link_header(query: ListQuery, page: Page) -> str | None:
    """`<url>; rel="previous", <url>; rel="next"`, or None when one page holds everything."""
    links = []
    for rel, bound, present in (
        ("previous", {"b": page.items[0]["id"]} if page.items else {}, page.has_previous),
        ("next", {"a": page.items[-1]["id"]} if page.items else {}, page.has_next),
    ):
        if not present:
            continue
        params = {"limit": str(query.limit)}
        if query.fields:
            params["fields"] = ",".join(query.fields)
        params["page_info"] = _encode({"p": request.path, "f": query.filters, **bound})
        links.append(f'<{request.base_url}?{urlencode(params)}>; rel="{rel}"')
    return ", ".join(links) or None


def list_response(
    collection: Collection,
    root: str,
    preds: Callable[[dict[str, str]], list[Predicate]],
    render: Callable[[dict[str, Any]], dict[str, Any]],
    shop: ShopStore,
) -> Response:
    """The whole list endpoint: parse, filter, page, render, add the Link header."""
    query = parse_query(shop.config)
    page = select(collection, all_of(preds(query.filters)), query)
    body = [pick_fields(render(record), query.fields) for record in page.items]
    response = Response(dumps({root: body}, shop.tz), mimetype="application/json")
    link = link_header(query, page)
    if link:
        response.headers["Link"] = link
    return response


def count_response(collection: Collection, preds: list[Predicate]) -> Response:
    pred = all_of(preds)
    return jsonify({"count": sum(1 for record in collection.scan() if pred(record))})
