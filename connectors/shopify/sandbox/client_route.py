"""Send urllib traffic for `*.myshopify.com` to a local sandbox (ShopifyAPI stays unmodified).

ShopifyAPI hard-codes `https://{shop}.myshopify.com` in `Session.create_permission_url`
and `Session.request_token`, and pyactiveresource talks through urllib's global opener.
Inside `route_myshopify(url)` that opener connects such URLs to the sandbox in plain HTTP,
keeping the `Host` header (which selects the shop) and announcing the original scheme in
`X-Forwarded-Proto` so Link headers and redirects keep `https://`.
"""

from __future__ import annotations

import http.client
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from .config import MYSHOPIFY


def _is_shop(req: urllib.request.Request) -> bool:
    return (req.host or "").split(":")[0].lower().endswith(MYSHOPIFY)


def _connect(target: tuple[str, int]) -> Any:
    def factory(host: str, timeout: float | None = None, **_: Any) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(target[0], target[1], timeout=timeout)

    return factory


class _HttpRoute(urllib.request.HTTPHandler):
    def __init__(self, target: tuple[str, int]) -> None:
        super().__init__()
        self.target = target

    def http_open(self, req: urllib.request.Request) -> Any:
        if not _is_shop(req):
            return super().http_open(req)
        req.add_unredirected_header("X-Forwarded-Proto", "http")
        return self.do_open(_connect(self.target), req)


class _HttpsRoute(urllib.request.HTTPSHandler):
    def __init__(self, target: tuple[str, int]) -> None:
        super().__init__()
        self.target = target

    def https_open(self, req: urllib.request.Request) -> Any:
        if not _is_shop(req):
            return super().https_open(req)
        req.add_unredirected_header("X-Forwarded-Proto", "https")
        return self.do_open(_connect(self.target), req)


@contextmanager
def route_myshopify(base_url: str) -> Iterator[None]:
    """Within the block, http(s)://{shop}.myshopify.com/... is served by the sandbox."""
    parts = urlsplit(base_url)
    target = (parts.hostname or "127.0.0.1", parts.port or 80)
    previous = getattr(urllib.request, "_opener", None)
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _HttpRoute(target), _HttpsRoute(target)
    )
    urllib.request.install_opener(opener)
    try:
        yield
    finally:
        urllib.request.install_opener(previous)  # type: ignore[arg-type]
