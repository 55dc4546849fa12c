"""Which shop a request is for: a `/shops/<shop>` path prefix, the Host header, or a default."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .config import MYSHOPIFY, shop_domain
from .store import SandboxState

ENVIRON_KEY = "shopify_sandbox.shop"
_PREFIX = re.compile(r"^/shops/([^/]+)(/.*)?$")


def site_url(base_url: str, shop: str, version: str) -> str:
    """The ShopifyResource.site for a shop served at base_url (path-prefix mode)."""
    return f"{base_url.rstrip('/')}/shops/{shop_domain(shop)}/admin/api/{version}"


def shop_url(base_url: str, shop: str) -> str:
    """The root URL standing in for https://{shop} (OAuth pages live under it)."""
    return f"{base_url.rstrip('/')}/shops/{shop_domain(shop)}"


def _from_host(host: str, state: SandboxState) -> str | None:
    hostname = host.split(":")[0].lower()
    if hostname.endswith(MYSHOPIFY) or hostname.endswith(".localhost"):
        label = hostname.split(".")[0]
        return label + MYSHOPIFY
    # Any other host whose first label names a shop (acme.sandbox.test) selects it too.
    candidate = hostname.split(".")[0] + MYSHOPIFY
    return candidate if candidate in state.shops else None


class ShopRouter:
    """WSGI middleware: strip a `/shops/<shop>` prefix into SCRIPT_NAME and note the shop.

    Moving the prefix into SCRIPT_NAME keeps Flask's routes prefix-free while URLs the
    sandbox builds (Link headers, redirects) still carry it. It also serialises requests on
    the state lock: the store is plain dicts and the server is threaded.
    """

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], state: SandboxState) -> None:
        self.wsgi_app = wsgi_app
        self.state = state

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "") or "/"
        match = _PREFIX.match(path)
        shop: str | None = None
        if match:
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + f"/shops/{match.group(1)}"
            environ["PATH_INFO"] = match.group(2) or "/"
            try:
                shop = shop_domain(match.group(1))
            except ValueError:
                shop = "invalid" + MYSHOPIFY
        else:
            shop = _from_host(environ.get("HTTP_HOST", ""), self.state)
        environ[ENVIRON_KEY] = shop
        # Behind TLS termination (or route_myshopify) URLs we build keep the client's scheme.
        proto = environ.get("HTTP_X_FORWARDED_PROTO")
        if proto in ("http", "https"):
            environ["wsgi.url_scheme"] = proto
        with self.state.lock:
            return self.wsgi_app(environ, start_response)
