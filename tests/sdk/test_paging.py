"""Each paginator walks a multi-page fake endpoint to its end, and stops the run on a loop."""

from __future__ import annotations

import base64
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from flask import Flask, abort, jsonify, request

from hub.sdk.errors import StopRun
from hub.sdk.http import HttpClient
from hub.sdk.paging import (
    CursorPaginator,
    LinkHeaderPaginator,
    MoreFlagPaginator,
    OffsetPaginator,
    PageNumberPaginator,
    Paginator,
    paginate,
)
from hub.sdk.sandbox import serve_in_thread

INVOICES = [{"InvoiceID": f"inv-{n}"} for n in range(250)]
JOURNALS = [{"JournalNumber": n} for n in range(1, 251)]
CUSTOMERS = [{"id": n} for n in range(1, 121)]
ITEMS = [{"sku": f"SKU-{n}"} for n in range(75)]
# vtiger records: several share a modifiedtime, as happens when a batch is saved at once.
CONTACTS = [{"id": f"12x{n}", "modifiedtime": 1_700_000_000 + n // 3} for n in range(60)]
SYNC_WINDOW = 10  # distinct modifiedtime values per sync call (vtiger uses 100)


def fake_apps() -> Flask:
    """Endpoints paging like Xero, Shopify, vtiger and a cursor API, plus broken ones."""
    app = Flask(__name__)
    counter = itertools.count()

    @app.get("/Invoices")
    def invoices() -> Any:
        page, size = int(request.args["page"]), int(request.args.get("pageSize", 100))
        return jsonify(Invoices=INVOICES[(page - 1) * size : page * size])

    @app.get("/Journals")
    def journals() -> Any:
        offset = int(request.args.get("offset", 0))
        return jsonify(Journals=[j for j in JOURNALS if j["JournalNumber"] > offset][:100])

    @app.get("/customers.json")
    def customers() -> Any:
        limit = int(request.args.get("limit", 50))
        page_info = request.args.get("page_info")
        if page_info and set(request.args) - {"page_info", "limit", "fields"}:
            abort(400)  # Shopify refuses filters next to page_info
        start = int(base64.urlsafe_b64decode(page_info)) if page_info else 0
        response = jsonify(customers=CUSTOMERS[start : start + limit])
        if start + limit < len(CUSTOMERS):
            token = base64.urlsafe_b64encode(str(start + limit).encode()).decode()
            response.headers["Link"] = (
                f'<{request.host_url}customers.json?limit={limit}&page_info={token}>; rel="next"'
            )
        return response

    @app.get("/items")
    def items() -> Any:
        start = int(request.args.get("cursor", "0"))
        more = start + 30 < len(ITEMS)
        return jsonify(
            items=ITEMS[start : start + 30], meta={"next": str(start + 30) if more else None}
        )

    @app.get("/webservice.php")
    def sync() -> Any:
        since = int(request.args["modifiedTime"])
        times = sorted({c["modifiedtime"] for c in CONTACTS if c["modifiedtime"] > since})
        window = times[:SYNC_WINDOW]
        last = window[-1] if window else since
        updated = [c for c in CONTACTS if since < c["modifiedtime"] <= last]
        result = {"updated": updated, "deleted": [], "more": len(times) > len(window),
                  "lastModifiedTime": last}  # fmt: skip
        return jsonify(success=True, result=result)

    @app.get("/loop/Invoices")
    def same_page() -> Any:
        return jsonify(Invoices=INVOICES[:100])  # ignores ?page=

    @app.get("/loop/Journals")
    def same_journals() -> Any:
        return jsonify(Journals=JOURNALS[:100])  # ignores ?offset=

    @app.get("/loop/customers.json")
    def same_link() -> Any:
        response = jsonify(customers=[{"id": next(counter)}])
        response.headers["Link"] = (
            f'<{request.host_url}loop/customers.json?page_info=AAA>; rel="next"'
        )
        return response

    @app.get("/loop/items")
    def same_cursor() -> Any:
        return jsonify(items=[{"sku": next(counter)}], meta={"next": "c1"})

    @app.get("/loop/webservice.php")
    def same_sync_time() -> Any:
        result = {"updated": [{"id": next(counter)}], "more": True, "lastModifiedTime": 17}
        return jsonify(success=True, result=result)

    @app.get("/broken/webservice.php")
    def more_without_token() -> Any:
        return jsonify(success=True, result={"updated": [{"id": 1}], "more": True})

    return app


@pytest.fixture(scope="module")
def client() -> Iterator[HttpClient]:
    server = serve_in_thread(fake_apps())
    with HttpClient(server.url) as http:
        yield http
    server.stop()


def walk(
    client: HttpClient,
    path: str,
    paginator: Paginator,
    records: Callable[[requests.Response], list[Any]],
    params: dict[str, Any] | None = None,
) -> tuple[list[Any], int]:
    """All records of an endpoint and the number of API calls it took."""
    before = client.calls
    pages = list(paginate(client, path, paginator, records, params=params))
    return [r for page in pages for r in page.records], client.calls - before


def xero_invoices(response: requests.Response) -> list[Any]:
    return response.json()["Invoices"]


def vtiger_changes(response: requests.Response) -> list[Any]:
    result = response.json()["result"]
    return result["updated"] + result.get("deleted", [])


@pytest.mark.parametrize(("page_size", "calls"), [(100, 3), (50, 6), (125, 3)])
def test_page_numbers_stop_at_the_first_short_page(
    client: HttpClient, page_size: int, calls: int
) -> None:
    paginator = PageNumberPaginator(page_size, size_param="pageSize")
    records, used = walk(client, "/Invoices", paginator, xero_invoices)
    assert records == INVOICES
    assert used == calls  # 250 rows: the last page is short, or empty when sizes divide evenly


def test_offset_follows_the_last_journal_number(client: HttpClient) -> None:
    paginator = OffsetPaginator(key="JournalNumber", page_size=100)
    records, used = walk(client, "/Journals", paginator, lambda r: r.json()["Journals"])
    assert records == JOURNALS
    assert used == 3
    assert paginator.token == 250  # the cursor to store for the next run


def test_offset_by_count_stops_at_an_empty_page(client: HttpClient) -> None:
    paginator = OffsetPaginator(start=0, param="offset")
    # Without a page size the count of records so far is the offset: 100, 200, 250, then empty.
    records, used = walk(client, "/Journals", paginator, lambda r: r.json()["Journals"])
    assert records == JOURNALS
    assert used == 4
    assert paginator.token == 250


def test_link_header_cursor_sends_nothing_but_the_link(client: HttpClient) -> None:
    paginator = LinkHeaderPaginator()
    records, used = walk(
        client, "/customers.json", paginator, lambda r: r.json()["customers"],
        params={"limit": 50, "updated_at_min": "2024-01-01T00:00:00Z"},
    )  # fmt: skip
    assert records == CUSTOMERS
    assert used == 3


def test_opaque_cursor_in_the_body(client: HttpClient) -> None:
    paginator = CursorPaginator("meta.next", param="cursor")
    records, used = walk(client, "/items", paginator, lambda r: r.json()["items"])
    assert records == ITEMS
    assert used == 3


def test_vtiger_more_flag_and_modified_time(client: HttpClient) -> None:
    start = 1_699_999_999
    paginator = MoreFlagPaginator(start)
    records, used = walk(
        client, "/webservice.php", paginator, vtiger_changes,
        params={"operation": "sync", "elementType": "Contacts"},
    )  # fmt: skip
    assert records == CONTACTS
    assert used == 2  # 20 distinct modifiedtimes, 10 per call
    assert paginator.token == CONTACTS[-1]["modifiedtime"]
    # The next run starts from the stored cursor and finds nothing new in one call.
    again, used = walk(
        client, "/webservice.php", MoreFlagPaginator(paginator.token), vtiger_changes
    )
    assert (again, used) == ([], 1)


@pytest.mark.parametrize(
    ("path", "new_paginator", "records"),
    [
        ("/loop/Invoices", lambda: PageNumberPaginator(100), xero_invoices),
        ("/loop/Journals", lambda: OffsetPaginator(key="JournalNumber"),
         lambda r: r.json()["Journals"]),
        ("/loop/customers.json", LinkHeaderPaginator, lambda r: r.json()["customers"]),
        ("/loop/items", lambda: CursorPaginator("meta.next"), lambda r: r.json()["items"]),
        ("/loop/webservice.php", lambda: MoreFlagPaginator(0), vtiger_changes),
    ],
    ids=["page-number", "offset", "link-header", "cursor", "more-flag"],
)  # fmt: skip
def test_loops_stop_the_run(
    client: HttpClient,
    path: str,
    new_paginator: Callable[[], Paginator],
    records: Callable[[requests.Response], list[Any]],
) -> None:
    before = client.calls
    with pytest.raises(StopRun) as caught:
        list(paginate(client, path, new_paginator(), records))
    assert "loop" in caught.value.user_message
    assert client.calls - before <= 3


def test_more_without_a_token_stops_the_run(client: HttpClient) -> None:
    with pytest.raises(StopRun, match="lastModifiedTime"):
        list(paginate(client, "/broken/webservice.php", MoreFlagPaginator(0), vtiger_changes))


def test_page_cap(client: HttpClient) -> None:
    paginator = PageNumberPaginator(50, size_param="pageSize", max_pages=2)
    pages = paginate(client, "/Invoices", paginator, xero_invoices)
    assert len(next(pages).records) == len(next(pages).records) == 50
    with pytest.raises(StopRun) as caught:
        next(pages)
    assert "Stopped after 2 pages" in caught.value.user_message
