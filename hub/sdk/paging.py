"""Paginators: small objects that say which page to fetch next, when to stop, and catch loops."""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from hub.sdk.errors import StopRun
from hub.sdk.http import HttpClient

__all__ = [
    "DEFAULT_MAX_PAGES",
    "CursorPaginator",
    "FetchedPage",
    "LinkHeaderPaginator",
    "MoreFlagPaginator",
    "OffsetPaginator",
    "PageNumberPaginator",
    "Paginator",
    "dig",
    "paginate",
]

DEFAULT_MAX_PAGES = 10_000


@dataclass(frozen=True)
class FetchedPage:
    """One fetched page: the response and the records taken from it."""

    response: requests.Response
    records: Sequence[Any]


class Paginator(ABC):
    """Walks one list endpoint: the request for the current page, then `advance()` with it.

    `token` is the current position (page number, offset, URL, cursor, modifiedTime); after
    the last page it is what the engine stores as the stream's cursor where that makes sense.
    A token offered twice, or a non-empty page whose records repeat an earlier page, stops
    the run; so does needing more than `max_pages` pages.
    """

    def __init__(self, start: Any = None, *, max_pages: int = DEFAULT_MAX_PAGES) -> None:
        self.token: Any = start
        self.max_pages = max_pages
        self.pages = 0
        self.finished = False
        self._seen_tokens: set[str] = {_key(start)} if start is not None else set()
        self._seen_pages: set[str] = set()

    def request(
        self, path: str, params: Mapping[str, Any] | None = None
    ) -> tuple[str, dict[str, Any]]:
        """The path (or absolute URL) and query parameters of the page to fetch now."""
        if self.finished:
            raise StopRun("Paging went past the last page.", f"{self!r} is already finished")
        if self.pages >= self.max_pages:
            raise StopRun(
                f"Stopped after {self.max_pages} pages: the app kept offering more.",
                f"{self!r} reached max_pages={self.max_pages}; raise it if the data is this large",
            )
        return self._request(path, dict(params or {}))

    def advance(self, response: requests.Response, records: Sequence[Any]) -> None:
        """Take in the page just fetched: move to the next token, or finish."""
        self.pages += 1
        if records:
            digest = _key(records)
            if digest in self._seen_pages:
                raise StopRun(
                    "The app's paging went in a loop (a page came back twice); run stopped.",
                    f"{self!r}: page {self.pages} repeats the records of an earlier page",
                )
            self._seen_pages.add(digest)
        token, more = self._next(response, records)
        if not more or token is None:
            self.finished = True
            if token is not None:
                self.token = token
            return
        if _key(token) in self._seen_tokens:
            raise StopRun(
                "The app's paging went in a loop (a next-page token came back twice); run stopped.",
                f"{self!r}: next-page token {str(token)[:200]!r} was offered twice",
            )
        self._seen_tokens.add(_key(token))
        self.token = token

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token={str(self.token)[:80]!r}, pages={self.pages})"

    @abstractmethod
    def _request(self, path: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Build the current page's request from the stream's path and parameters."""

    @abstractmethod
    def _next(self, response: requests.Response, records: Sequence[Any]) -> tuple[Any, bool]:
        """The next token and whether there are more pages."""


class PageNumberPaginator(Paginator):
    """`page=N` paging (Xero): the last page is the first with fewer than `page_size` records."""

    def __init__(
        self,
        page_size: int,
        *,
        start: int = 1,
        param: str = "page",
        size_param: str | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        super().__init__(start, max_pages=max_pages)
        self.page_size, self.param, self.size_param = page_size, param, size_param

    def _request(self, path: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        params[self.param] = self.token
        if self.size_param:
            params[self.size_param] = self.page_size
        return path, params

    def _next(self, response: requests.Response, records: Sequence[Any]) -> tuple[Any, bool]:
        return self.token + 1, len(records) >= self.page_size


class OffsetPaginator(Paginator):
    """`offset=` paging: the next offset is `key` of the last record (Xero Journals take the
    last JournalNumber), or the running record count when `key` is None.

    With `page_size` the last page is the first short one; without it, the first empty one.
    """

    def __init__(
        self,
        *,
        key: str | Callable[[Any], Any] | None = None,
        page_size: int | None = None,
        start: Any = 0,
        param: str = "offset",
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        super().__init__(start, max_pages=max_pages)
        self.key, self.page_size, self.param = key, page_size, param

    def _request(self, path: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        params[self.param] = self.token
        return path, params

    def _next(self, response: requests.Response, records: Sequence[Any]) -> tuple[Any, bool]:
        if not records:
            return None, False
        if self.key is None:
            token = self.token + len(records)
        elif callable(self.key):
            token = self.key(records[-1])
        else:
            token = records[-1][self.key]
        more = self.page_size is None or len(records) >= self.page_size
        return token, more


class LinkHeaderPaginator(Paginator):
    """`Link: <...page_info=...>; rel="next"` paging (Shopify): follow the URL exactly as given.

    The next URL already carries every allowed parameter, so later pages send no others.
    """

    def __init__(self, *, rel: str = "next", max_pages: int = DEFAULT_MAX_PAGES) -> None:
        super().__init__(None, max_pages=max_pages)
        self.rel = rel

    def _request(self, path: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return (path, params) if self.token is None else (self.token, {})

    def _next(self, response: requests.Response, records: Sequence[Any]) -> tuple[Any, bool]:
        url = response.links.get(self.rel, {}).get("url")
        return url, url is not None


class CursorPaginator(Paginator):
    """An opaque next-page token in the JSON body, at a dotted path ("meta.next") or by a function.

    The token is sent as `param`; `keep_params=False` drops the other parameters once a token
    is in use, for APIs that refuse filters next to a cursor.
    """

    def __init__(
        self,
        next_token: str | Callable[[Any], Any],
        *,
        param: str = "cursor",
        start: Any = None,
        keep_params: bool = True,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        super().__init__(start, max_pages=max_pages)
        self.next_token, self.param, self.keep_params = next_token, param, keep_params

    def _request(self, path: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if self.token is None:
            return path, params
        return path, {**(params if self.keep_params else {}), self.param: self.token}

    def _next(self, response: requests.Response, records: Sequence[Any]) -> tuple[Any, bool]:
        body = _json(response)
        token = self.next_token(body) if callable(self.next_token) else dig(body, self.next_token)
        return token, token not in (None, "")


class MoreFlagPaginator(Paginator):
    """vtiger `sync` paging: send `modifiedTime`, read `more` and `lastModifiedTime` back.

    After the last page `token` is the final lastModifiedTime: the cursor to store.
    """

    def __init__(
        self,
        start: Any,
        *,
        param: str = "modifiedTime",
        more_field: str = "result.more",
        token_field: str = "result.lastModifiedTime",
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        super().__init__(start, max_pages=max_pages)
        self.param, self.more_field, self.token_field = param, more_field, token_field

    def _request(self, path: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        params[self.param] = self.token
        return path, params

    def _next(self, response: requests.Response, records: Sequence[Any]) -> tuple[Any, bool]:
        body = _json(response)
        more, token = bool(dig(body, self.more_field)), dig(body, self.token_field)
        if more and token is None:
            raise StopRun(
                "The app said more pages follow but gave no way to reach them; run stopped.",
                f"{self!r}: '{self.more_field}' is true but '{self.token_field}' is missing",
            )
        return token, more


def paginate(
    client: HttpClient,
    path: str,
    paginator: Paginator,
    records: Callable[[requests.Response], Sequence[Any]],
    *,
    params: Mapping[str, Any] | None = None,
) -> Iterator[FetchedPage]:
    """GET every page of `path` in turn; `records` takes the page's records from a response."""
    while not paginator.finished:
        url, query = paginator.request(path, params)
        response = client.get(url, params=query)
        page_records = records(response)
        paginator.advance(response, page_records)
        yield FetchedPage(response, page_records)


def dig(body: Any, dotted: str) -> Any:
    """The value at a dotted path in decoded JSON ("result.more"), or None when absent."""
    for part in dotted.split("."):
        if not isinstance(body, Mapping):
            return None
        body = body.get(part)
    return body


def _json(response: requests.Response) -> Any:
    """The decoded body of a page; a body that is not JSON stops the run."""
    try:
        return response.json()
    except ValueError:
        raise StopRun(
            "The app answered a page request with something that is not JSON.",
            f"GET {response.url.split('?')[0]} -> {response.status_code}: not JSON",
        ) from None


def _key(value: Any) -> str:
    """A stable fingerprint of a token or a page of records, for loop detection."""
    try:
        text = json.dumps(value, sort_keys=True, default=str)
    except TypeError:  # mixed key types cannot be sorted
        text = repr(value)
    return hashlib.sha256(text.encode()).hexdigest()
