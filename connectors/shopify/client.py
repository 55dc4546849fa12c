"""Shopify Admin REST over the SDK's HTTP client: versioned paths, the leaky bucket, paging."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from hub.sdk.errors import RetryLater, StopRun
from hub.sdk.http import HttpClient
from hub.sdk.paging import LinkHeaderPaginator

CALL_LIMIT = "X-Shopify-Shop-Api-Call-Limit"
MAX_LIMIT = 250  # Shopify's largest page
# A 429 is the bucket's normal back-pressure: wait it out in place a few times, since an
# engine retry would replay the page (and, mid-write, lose the links of records just made).
INLINE_429_RETRIES = 3
MAX_INLINE_WAIT = 10.0
DEFAULT_RETRY_AFTER = 1.0  # what Shopify's own clients wait when Retry-After is missing


class Bucket:
    """Our view of the shop's leaky bucket, from X-Shopify-Shop-Api-Call-Limit.

    Standard shops leak 2 calls a second from a bucket of 40; Advanced (80) and Plus (400)
    leak in proportion, so the rate is size / 20 but never under 2. Before each call we wait
    until the estimated level leaves `reserve` slots free: other apps' clients (and other
    tokens of this app) share the bucket, and a spare slot keeps their bursts from a 429.
    """

    def __init__(self, *, reserve: int = 1, clock: Callable[[], float] = time.monotonic) -> None:
        self.size = 40
        self.used = 0.0
        self.seen_at = 0.0
        self.reserve = reserve
        self.clock = clock

    @property
    def rate(self) -> float:
        return max(self.size / 20.0, 2.0)

    def level(self, now: float) -> float:
        return max(0.0, self.used - (now - self.seen_at) * self.rate)

    def wait_time(self) -> float:
        """Seconds to wait before the next call fits under the bucket with the reserve."""
        now = self.clock()
        room = min(self.reserve, max(self.size - 2, 0))  # tiny buckets keep at least one slot
        excess = self.level(now) + 1 - (self.size - room)
        return max(0.0, excess / self.rate)

    def sent(self) -> None:
        """Count a call we are about to make, until its response says where the bucket is."""
        now = self.clock()
        self.used, self.seen_at = self.level(now) + 1, now

    def observe(self, header: str | None) -> None:
        if not header or "/" not in header:
            return
        used, _, size = header.partition("/")
        try:
            self.used, self.size = float(used), max(1, int(size))
        except ValueError:
            return
        self.seen_at = self.clock()


class ShopifyClient:
    """One shop's Admin API at `{shop_url}/admin/api/{version}`, authenticated by its token.

    Every call goes through the connector's HttpClient (the engine's budget, call counts,
    secret scrubbing, the status table); this class adds Shopify's pacing and paging.
    """

    def __init__(
        self,
        make_client: Callable[..., HttpClient],
        shop_url: str,
        version: str,
        token: str,
        *,
        before_request: Callable[[str, str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.shop_url = shop_url.rstrip("/")
        self.version = version
        self.bucket = Bucket()
        self.sleep = sleep
        self._budget = before_request
        self.server_time: datetime | None = None  # the Date of the latest response
        self.http = make_client(
            f"{self.shop_url}/admin/api/{version}",
            headers={"X-Shopify-Access-Token": token, "Accept": "application/json"},
            before_request=self._before,
            on_response=self._on_response,
        )

    # -- plumbing ------------------------------------------------------------------------

    def _before(self, method: str, url: str) -> None:
        if self._budget is not None:
            self._budget(method, url)  # the hub's shared budget first: it may wait too
        wait = self.bucket.wait_time()
        if wait > 0:
            self.sleep(wait)
        self.bucket.sent()

    def _on_response(self, response: requests.Response) -> None:
        self.bucket.observe(response.headers.get(CALL_LIMIT))
        stamp = response.headers.get("Date")
        if stamp:
            try:
                self.server_time = parsedate_to_datetime(stamp).astimezone(UTC)
            except (TypeError, ValueError):
                pass

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One call; a 429 is waited out (Retry-After) up to INLINE_429_RETRIES times."""
        for attempt in range(INLINE_429_RETRIES + 1):
            try:
                return self.http.request(method, path, **kwargs)
            except RetryLater as exc:
                wait = exc.retry_after if exc.retry_after is not None else DEFAULT_RETRY_AFTER
                if exc.status != 429 or attempt == INLINE_429_RETRIES or wait > MAX_INLINE_WAIT:
                    raise
                # The bucket is full: it drains at `rate`, so the header we get next is right.
                self.bucket.used = float(self.bucket.size)
                self.bucket.seen_at = self.bucket.clock()
                self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def call(self, method: str, path: str, root: str | None = None, **kwargs: Any) -> Any:
        """A call whose JSON body wraps one resource in `root` (`{"customer": {...}}`)."""
        response = self.request(method, path, **kwargs)
        body = _json(response)
        if root is None:
            return body
        if not isinstance(body, dict) or root not in body:
            raise StopRun(
                f"Shopify answered without the expected '{root}'.",
                f"{method} {path}: no '{root}' in the body",
            )
        return body[root]

    def get(self, path: str, root: str, **params: Any) -> Any:
        return self.call("GET", path, root, params=params or None)

    def find(self, path: str, root: str) -> dict[str, Any] | None:
        """GET one resource, or None when Shopify says it does not exist (404)."""
        response = self.request("GET", path, accept_status=(404,))
        if response.status_code == 404:
            return None
        found = _json(response).get(root)
        return found if isinstance(found, dict) else None

    # -- paging --------------------------------------------------------------------------

    def pages(
        self, path: str, root: str, params: Mapping[str, Any]
    ) -> Iterator[tuple[list[dict[str, Any]], bool]]:
        """Each page of a list and whether more follow, by the Link header's page_info.

        Later pages use the next URL exactly as given: with page_info Shopify accepts only
        `limit` and `fields` beside it, and the URL already carries them.
        """
        paginator = LinkHeaderPaginator()
        while not paginator.finished:
            url, query = paginator.request(path, params)
            response = self.request("GET", url, params=query or None)
            body = _json(response)
            records = body.get(root) if isinstance(body, dict) else None
            if not isinstance(records, list):
                raise StopRun(
                    f"Shopify answered a list of {root} without the list.",
                    f"GET {path}: no '{root}' list in the body",
                )
            paginator.advance(response, records)
            yield records, not paginator.finished

    def now(self) -> datetime:
        """Shopify's clock when known (its Date header), else ours."""
        return self.server_time or datetime.now(UTC)


def _json(response: requests.Response) -> Any:
    try:
        return response.json() if response.content else {}
    except ValueError:
        raise StopRun(
            "Shopify answered with something that is not JSON.",
            f"{response.request.method if response.request else '?'} "
            f"{response.url.split('?')[0]} -> {response.status_code}: not JSON",
        ) from None
