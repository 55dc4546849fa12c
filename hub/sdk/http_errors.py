"""The one table that turns HTTP statuses and transport failures into connector errors."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import requests

from hub.sdk.errors import (
    ConfigurationError,
    ConnectorError,
    ReauthorizationRequired,
    RetryLater,
    SkipRecord,
    StopRun,
)

__all__ = [
    "DEFAULT_ERROR_TABLE",
    "ErrorDetails",
    "ErrorTable",
    "default_error_details",
    "error_for_exception",
    "error_for_response",
    "parse_retry_after",
]

# Keys: an exact status (429), a status class ("5xx") or an exception type. Values: the error
# to raise, or None to hand the response back to the caller (or re-raise the exception as is).
ErrorTable = Mapping[int | str | type[BaseException], type[ConnectorError] | None]

# Read-only: a connector passes its own entries to HttpClient, which lays them over these.
DEFAULT_ERROR_TABLE: ErrorTable = MappingProxyType(
    {
        400: SkipRecord,
        401: ReauthorizationRequired,
        402: ConfigurationError,  # Shopify "shop frozen": the account needs the user's attention
        403: ConfigurationError,  # missing scope or permission
        404: SkipRecord,
        408: RetryLater,
        422: SkipRecord,
        423: RetryLater,  # Shopify "shop locked", usually for a short while
        425: RetryLater,
        429: RetryLater,
        "4xx": StopRun,  # any other 4xx means we sent something the app does not understand: a bug
        "5xx": RetryLater,
        requests.exceptions.InvalidURL: ConfigurationError,  # e.g. a mistyped shop domain
        requests.exceptions.MissingSchema: ConfigurationError,
        requests.exceptions.InvalidSchema: ConfigurationError,
        requests.exceptions.ConnectionError: RetryLater,  # includes connect timeouts
        requests.exceptions.Timeout: RetryLater,
        requests.exceptions.RequestException: StopRun,
    }
)

_USER_MESSAGES: dict[type[ConnectorError], str] = {
    SkipRecord: "{detail}",
    ReauthorizationRequired: "The app no longer accepts the stored credentials; "
    "reconnect it. The app said: {detail}",
    ConfigurationError: "The app refused the request ({status}): {detail}. "
    "Check the connection's settings and permissions.",
    RetryLater: "The app is busy or unavailable ({status}): {detail}. "
    "The hub will try again later.",
    StopRun: "Unexpected response from the app ({status}): {detail}.",
    ConnectorError: "The app answered {status}: {detail}.",
}
_MESSAGE_KEYS = ("message", "Message", "error_description", "detail", "Detail", "title", "Title")
_MAX_DETAIL = 500


@dataclass(frozen=True)
class ErrorDetails:
    """What the app said about a failed call: its message, field errors, and the limit hit."""

    message: str
    field_errors: Mapping[str, str | list[str]] = field(default_factory=dict)
    limit: str | None = None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds (maybe fractional) or a date."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # an HTTP date is always GMT
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def _join_errors(errors: Any) -> tuple[str, dict[str, str | list[str]]]:
    """Flatten Shopify-style `errors` (a string, a list, or field -> messages) into one line."""
    if isinstance(errors, str):
        return errors, {}
    if isinstance(errors, list):
        return "; ".join(str(e) for e in errors), {}
    if isinstance(errors, dict):
        parts = []
        for name, messages in errors.items():
            text = ", ".join(map(str, messages)) if isinstance(messages, list) else str(messages)
            parts.append(text if name == "base" else f"{name}: {text}")
        return "; ".join(parts), dict(errors)
    return "", {}


def default_error_details(response: requests.Response) -> ErrorDetails:
    """Read the usual JSON error shapes, else the text body, else the reason phrase."""
    limit = response.headers.get("X-Rate-Limit-Problem")
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        message, field_errors = _join_errors(body.get("errors"))
        if message:
            return ErrorDetails(message[:_MAX_DETAIL], field_errors, limit)
        # vtiger nests {"code", "message"} under "error", Xero payroll {"title", "detail"}
        # under "problem".
        for nested in ("error", "problem"):
            if isinstance(body.get(nested), dict):
                body = {**body, **body[nested]}
        for key in (*_MESSAGE_KEYS, "error"):
            if isinstance(body.get(key), str) and body[key].strip():
                return ErrorDetails(body[key].strip()[:_MAX_DETAIL], {}, limit)
    text = response.text.strip()  # also JSON we could not read: better than the reason phrase
    if text and not text.startswith("<"):  # an HTML error page says nothing useful
        return ErrorDetails(text[:_MAX_DETAIL], {}, limit)
    return ErrorDetails(response.reason or f"HTTP {response.status_code}", {}, limit)


def _lookup(table: ErrorTable, keys: Iterable[Any], default: Any) -> Any:
    """Return the value of the first key present in the table."""
    for key in keys:
        if key in table:
            return table[key]
    return default


def _template(cls: type[ConnectorError]) -> str:
    """The user-message template of the closest class that has one."""
    return next(_USER_MESSAGES[k] for k in cls.__mro__ if k in _USER_MESSAGES)


def error_for_response(
    table: ErrorTable,
    response: requests.Response,
    details: ErrorDetails,
    secrets: Iterable[str] = (),
) -> ConnectorError | None:
    """The error the table assigns to this response's status, or None to hand it back."""
    status = response.status_code
    cls = _lookup(table, (status, f"{status // 100}xx"), StopRun)
    if cls is None:
        return None
    method = response.request.method if response.request else "?"
    path = urlsplit(response.url).path or "/"
    user = _template(cls).format(status=status, detail=details.message)
    log = f"{method} {path} -> {status}: {details.message}"
    if issubclass(cls, RetryLater):
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        log += f" (limit={details.limit}, retry_after={retry_after})"
        return cls(
            user, log, retry_after=retry_after, limit=details.limit, status=status, secrets=secrets
        )
    if issubclass(cls, SkipRecord):
        return cls(user, log, field_errors=details.field_errors, status=status, secrets=secrets)
    return cls(user, log, status=status, secrets=secrets)


def error_for_exception(
    table: ErrorTable, exc: BaseException, method: str, url: str, secrets: Iterable[str] = ()
) -> ConnectorError | None:
    """The error the table assigns to a transport failure, or None when it is not mapped."""
    cls = _lookup(table, type(exc).__mro__, None)
    if cls is None:
        return None
    kind = type(exc).__name__
    path = urlsplit(url).path or "/"
    if issubclass(cls, RetryLater):
        user = f"Could not reach the app ({kind}). The hub will try again later."
    elif issubclass(cls, ConfigurationError):
        user = f"The app's address is not valid ({kind}). Check the connection's settings."
    else:
        user = f"The request to the app failed ({kind})."
    return cls(user, f"{method} {path} failed: {kind}: {exc}", secrets=secrets)
