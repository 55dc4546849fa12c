"""The Accounting API client: tenant header, fresh tokens, Xero's errors, exact decimals."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import requests

from hub.sdk import Connector
from hub.sdk.errors import ReauthorizationRequired, RetryLater, SkipRecord, StopRun
from hub.sdk.http import ErrorDetails

from . import values
from .auth import TokenKeeper

ACCOUNTING_PATH = "/api.xro/2.0"
MAX_KEY = 128  # Idempotency-Key length Xero accepts


def messages(element: Mapping[str, Any]) -> list[str]:
    """Every ValidationErrors message of an element and of its lines, as Xero wrote them."""
    found = [str(e.get("Message")) for e in element.get("ValidationErrors") or [] if e]
    for key in ("LineItems", "JournalLines", "Addresses", "Phones", "ContactPersons"):
        for sub in element.get(key) or []:
            if isinstance(sub, Mapping):
                found += [str(e.get("Message")) for e in sub.get("ValidationErrors") or [] if e]
    return list(dict.fromkeys(m for m in found if m))


def error_details(response: requests.Response) -> ErrorDetails:
    """Xero's own words for a failed call: validation messages, problem details, plain text."""
    limit = response.headers.get("X-Rate-Limit-Problem")
    if response.status_code == 429:
        which = limit or "rate"
        return ErrorDetails(f"Xero's {which} limit for this organisation is used up", {}, limit)
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        found = [m for element in body.get("Elements") or [] for m in messages(element)]
        if found:
            return ErrorDetails("; ".join(found)[:500], {}, limit)
        for key in ("Message", "Detail", "detail", "Title", "title", "error"):
            if isinstance(body.get(key), str) and body[key].strip():
                return ErrorDetails(body[key].strip()[:500], {}, limit)
    text = response.text.strip()
    if text and not text.startswith("<"):
        return ErrorDetails(text[:500], {}, limit)
    return ErrorDetails(response.reason or f"HTTP {response.status_code}", {}, limit)


def decode(response: requests.Response) -> Any:
    """A JSON body with every number as an exact Decimal."""
    try:
        return json.loads(response.content, parse_float=Decimal)
    except ValueError:
        raise StopRun(
            "Xero answered with something that is not JSON.",
            f"{response.request.method if response.request else '?'} -> "
            f"{response.status_code}: not JSON",
        ) from None


def idempotency_key(kind: str, keys: Sequence[str], body: bytes) -> str:
    """One key per request: the ops' own keys plus the body, so a replay is recognised and
    a changed request is never mistaken for one."""
    if len(keys) == 1 and not body:
        single = f"{keys[0]}:{kind}"
        if len(single) <= MAX_KEY:
            return single
    digest = hashlib.sha256("\n".join([kind, *keys]).encode())
    digest.update(body)
    return f"hub-{kind}-{digest.hexdigest()[:48]}"


class XeroClient:
    """Calls one organisation's Accounting API (or, with `path`, its Payroll API) through
    the connector's HTTP client."""

    def __init__(
        self,
        connector: Connector,
        keeper: TokenKeeper,
        tenant_id: str,
        api_url: str,
        path: str = ACCOUNTING_PATH,
    ) -> None:
        self.keeper, self.api_url = keeper, api_url
        self.budget = connector.context.before_request
        self.session = keeper.oauth.session(token=keeper.token)
        self.http = connector.http_client(
            f"{api_url.rstrip('/')}{path}",
            session=self.session,
            headers={"Accept": "application/json", "xero-tenant-id": tenant_id},
            error_details=error_details,
            on_unauthorized=self._unauthorized,
            before_request=self._before,
            # A missing tenant header or a disconnected organisation: reconnect.
            error_table={403: ReauthorizationRequired, 503: RetryLater},
            secrets=[str(v) for v in keeper.token.values() if isinstance(v, str)],
        )

    def rotated(self, credentials: Mapping[str, Any]) -> None:
        """The keeper refreshed: use the new token from the next call on."""
        self.session.token = {k: credentials[k] for k in self.keeper.token}
        self.http.add_secret(
            str(credentials.get("access_token") or ""), str(credentials.get("refresh_token") or "")
        )

    def _before(self, method: str, url: str) -> None:
        if self.budget is not None:
            self.budget(method, url)
        # After the budget: a wait for the budget may outlast the token.
        self.keeper.ensure_fresh()

    def _unauthorized(self, response: requests.Response) -> bool:
        """A 401 for an expired or revoked token: refresh once and send the call again."""
        detail = error_details(response).message
        if "AuthorizationUnsuccessful" in detail:
            return False  # a missing scope: a new token would not have it either
        self.keeper.refresh()
        return True

    def get(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        missing_ok: bool = False,
    ) -> Any:
        """GET and decode; None for a 404 when `missing_ok`."""
        try:
            response = self.http.get(
                path,
                params=dict(params or {}),
                headers=dict(headers or {}),
                accept_status=(404,) if missing_ok else (),
            )
        except SkipRecord as exc:  # a 400 on a read is a request the hub got wrong
            raise StopRun(f"Xero refused a read: {exc.user_message}", exc.log_message) from None
        if response.status_code == 404:
            return None
        return decode(response)

    def send(
        self,
        method: str,
        path: str,
        body: Any,
        keys: Sequence[str],
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        """A write with its Idempotency-Key; Xero's refusal of the whole call is SkipRecord."""
        payload = values.encode(body) if body is not None else b""
        headers = {"Idempotency-Key": idempotency_key(f"{method}{path}", keys, payload)}
        if body is not None:
            headers["Content-Type"] = "application/json"
        response = self.http.request(
            method, path, params=dict(params or {}), data=payload or None, headers=headers
        )
        if response.status_code == 204 or not response.content:
            return None
        return decode(response)
