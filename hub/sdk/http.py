"""The one HTTP client connectors use: base URL, timeouts, the error table, hooks, call counts."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests

from hub.sdk.errors import ConnectorError, StopRun
from hub.sdk.http_errors import (
    DEFAULT_ERROR_TABLE,
    ErrorDetails,
    ErrorTable,
    default_error_details,
    error_for_exception,
    error_for_response,
    parse_retry_after,
)
from hub.sdk.redact import SecretsFilter, is_secret_name, scrub

__all__ = [
    "DEFAULT_ERROR_TABLE",
    "DEFAULT_TIMEOUT",
    "ErrorDetails",
    "ErrorTable",
    "HttpClient",
    "SecretsFilter",
    "default_error_details",
    "parse_retry_after",
    "scrub",
]

DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)  # (connect, read) seconds
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Timeout = float | tuple[float, float]
log = logging.getLogger("hub.sdk.http")


class HttpClient:
    """Sends a connector's requests and turns every failure into the connector error family.

    `session` may be any `requests.Session`, such as Authlib's `OAuth2Session`; requests go
    through `session.request()` so its token handling applies. Hooks:

    - `error_details(response)` reads the app's message and field errors from a failure;
    - `on_unauthorized(response)` runs once on a 401 and returns True when it fixed the
      credentials (e.g. refreshed the token on the session), so the call is sent again;
    - `before_request(method, url)` runs before every call (the engine takes a rate-limit token);
    - `on_response(response)` sees every response (e.g. to read X-Rate-Limit headers).

    Retrying is the engine's job; the only retry here is `retry_connection_errors`: one more
    attempt for a GET/HEAD/OPTIONS that could not connect, off by default. One client serves
    one job at a time: like `requests.Session`, it is not meant to be shared across threads.
    """

    def __init__(
        self,
        base_url: str = "",
        *,
        session: requests.Session | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        error_table: ErrorTable | None = None,
        error_details: Callable[[requests.Response], ErrorDetails] = default_error_details,
        on_unauthorized: Callable[[requests.Response], bool] | None = None,
        before_request: Callable[[str, str], None] | None = None,
        on_response: Callable[[requests.Response], None] | None = None,
        retry_connection_errors: bool = False,
        secrets: Iterable[str] = (),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._owns_session = session is None
        self.session = session if session is not None else requests.Session()
        if headers:
            self.session.headers.update(headers)
        self.timeout = timeout
        # The connector's table is laid over the default one, key by key.
        self.error_table: dict[Any, Any] = {**DEFAULT_ERROR_TABLE, **(error_table or {})}
        self.error_details = error_details
        self.on_unauthorized = on_unauthorized
        self.before_request = before_request
        self.on_response = on_response
        self.retry_connection_errors = retry_connection_errors
        self.calls = 0  # every request sent, retries and failures included ("API calls used")
        self._secrets: set[str] = {s for s in secrets if s}

    def add_secret(self, *values: str) -> None:
        """Register secret values (e.g. a refreshed token) to mask in logs and errors."""
        self._secrets.update(v for v in values if v)

    def url_for(self, path: str) -> str:
        """Join `path` to the base URL; an absolute URL must stay on the base URL's host."""
        if "://" not in path:
            return f"{self.base_url}/{path.lstrip('/')}" if self.base_url else path
        if self.base_url and urlsplit(path)[:2] != urlsplit(self.base_url)[:2]:
            # A next-page link to another host would carry our credentials there.
            raise StopRun(
                "The app sent a link to another address; the hub did not follow it.",
                f"refused to follow {urlsplit(path).netloc} from {urlsplit(self.base_url).netloc}",
            )
        return path

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
        accept_status: Collection[int] = (),
    ) -> requests.Response:
        """Send one call; statuses in `accept_status` (e.g. 404) come back instead of raising."""
        method, url = method.upper(), self.url_for(path)
        kwargs = {"params": params, "json": json, "data": data, "headers": headers}
        kwargs["timeout"] = timeout if timeout is not None else self.timeout
        retries = 1 if self.retry_connection_errors and method in IDEMPOTENT_METHODS else 0
        reauthorized = False
        while True:
            try:
                response = self._send(method, url, kwargs)
            except ConnectorError:
                raise  # a hook already decided
            except Exception as exc:
                if retries and isinstance(exc, requests.ConnectionError):
                    retries -= 1
                    log.debug(
                        "%s %s: retrying once after %s",
                        method,
                        scrub(_path(url), self._secrets),
                        type(exc).__name__,
                    )
                    continue
                error = error_for_exception(self.error_table, exc, method, url, self._secrets)
                if error is None:
                    raise
                raise error from None  # the cause's text may hold the full URL
            status = response.status_code
            if status in accept_status or status < 400:
                return response
            if status == 401 and self.on_unauthorized and not reauthorized:
                reauthorized = True
                if self.on_unauthorized(response):
                    response.close()
                    continue
            secrets = self._secrets | _header_secrets(response.request)
            error = error_for_response(
                self.error_table, response, self.error_details(response), secrets
            )
            if error is None:
                return response
            raise error

    def _send(self, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        """Run the hooks around one call, count it and log it."""
        if self.before_request:
            self.before_request(method, url)
        self.calls += 1
        path = scrub(_path(url), self._secrets)
        started = time.monotonic()
        try:
            response = self.session.request(method, url, **kwargs)
        except Exception as exc:
            log.debug("%s %s failed: %s", method, path, type(exc).__name__)
            raise
        elapsed_ms = (time.monotonic() - started) * 1000
        log.debug("%s %s -> %s (%.0f ms)", method, path, response.status_code, elapsed_ms)
        if self.on_response:
            self.on_response(response)
        return response

    def request_json(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send one call and return its decoded JSON body; a non-JSON body stops the run."""
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise StopRun(
                "The app answered with something that is not JSON.",
                f"{method.upper()} {_path(response.url)} -> {response.status_code}: "
                f"not JSON ({response.headers.get('Content-Type', 'no content type')})",
                secrets=self._secrets,
            ) from None

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a GET (see `request`)."""
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a POST (see `request`)."""
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a PUT (see `request`)."""
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a PATCH (see `request`)."""
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a DELETE (see `request`)."""
        return self.request("DELETE", path, **kwargs)

    def close(self) -> None:
        """Close the session if this client created it."""
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _path(url: str) -> str:
    """The path of a URL, never its query string: that may carry a token."""
    return urlsplit(url).path or "/"


def _header_secrets(request: requests.PreparedRequest | None) -> set[str]:
    """Credential values the request carried in its headers (Authorization, access tokens)."""
    found: set[str] = set()
    for name, value in request.headers.items() if request is not None else ():
        if is_secret_name(name) and isinstance(value, str):
            found.add(value)
            found.add(value.split(" ", 1)[-1])  # the credential after "Bearer " / "Basic "
    # Very short values would mask innocent text everywhere; the patterns still catch them.
    return {v for v in found if len(v) >= 6}
