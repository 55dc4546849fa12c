"""vtiger's webservice.php: challenge-login sessions, the envelope, and its error codes.

Every reply is HTTP 200; failures come as `{"success": false, "error": {code, message}}`.
`ERRORS` is the one table that turns those codes into the hub's error family. A session
that expired, went idle or is unknown is replaced by logging in again, once per call.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from hub.sdk import (
    ConnectorError,
    HttpClient,
    ReauthorizationRequired,
    RetryLater,
    SkipRecord,
    StopRun,
)
from hub.sdk.paging import MoreFlagPaginator

log = logging.getLogger("connectors.vtiger")

ENDPOINT = "webservice.php"
QUERY_CAP = 100  # vtiger clamps every query to 100 rows
# Operations vtiger registers as POST; the rest are GET (their parameters are read from
# the query string only, so sending one the wrong way loses them).
POST_OPERATIONS = frozenset({"login", "logout", "create", "update", "revise", "delete"})
# The session is gone: log in again and send the call once more.
SESSION_CODES = frozenset(
    {"INVALID_SESSIONID", "SESSION_EXPIRED", "SESSION_LEFT_IDLE", "AUTHENTICATION_REQUIRED"}
)

# code -> (error while reading, error while writing one record). Unlisted codes stop the run.
ERRORS: Mapping[str, tuple[type[ConnectorError], type[ConnectorError]]] = {
    "INVALID_USER_CREDENTIALS": (ReauthorizationRequired, ReauthorizationRequired),
    "ACCESSKEY_UNDEFINED": (ReauthorizationRequired, ReauthorizationRequired),
    "AUTHENTICATION_FAILURE": (ReauthorizationRequired, ReauthorizationRequired),
    # A user who may not read a module must be swapped for one who may; a record the user
    # may not write (or assign) is that record's problem.
    "ACCESS_DENIED": (ReauthorizationRequired, SkipRecord),
    "MANDATORY_FIELDS_MISSING": (SkipRecord, SkipRecord),
    "REFERENCE_INVALID": (SkipRecord, SkipRecord),
    "INVALID_ID_ATTRIBUTE": (SkipRecord, SkipRecord),
    "RECORD_NOT_FOUND": (SkipRecord, SkipRecord),
    # Strict MySQL refusing a value (a bad number or date) while writing; a failing read
    # is more likely the database being unwell.
    "DATABASE_QUERY_ERROR": (RetryLater, SkipRecord),
    "INTERNAL_SERVER_ERROR": (RetryLater, SkipRecord),
    "QUERY_SYNTAX_ERROR": (StopRun, StopRun),
    "UNKNOWN_OPERATION": (StopRun, StopRun),
    "OPERATION_NOT_SUPPORTED": (StopRun, StopRun),
    "UNKOWN_ENTITY": (StopRun, StopRun),  # vtiger's spelling
    # Still refused right after a fresh login: the server is unwell, not the record.
    **{code: (RetryLater, RetryLater) for code in SESSION_CODES},
}


def error_for(code: str, message: str, operation: str, *, writing: bool) -> ConnectorError:
    """The hub error for a vtiger error code; `.code` keeps vtiger's code for callers."""
    read_cls, write_cls = ERRORS.get(code, (StopRun, SkipRecord))
    cls = write_cls if writing else read_cls
    log_message = f"vtiger {operation}: {code}: {message}"
    error: ConnectorError
    if cls is SkipRecord:
        error = SkipRecord(message, log_message, field_errors=_field_errors(code, message))
    elif cls is ReauthorizationRequired:
        error = cls(f"vtiger refused the connection's user: {message} ({code}).", log_message)
    elif cls is RetryLater:
        error = cls(f"vtiger failed ({code}): {message}. The hub will try again.", log_message)
    else:
        error = cls(f"vtiger answered {code}: {message}.", log_message)
    error.code = code  # type: ignore[attr-defined]
    return error


def _field_errors(code: str, message: str) -> dict[str, list[str]]:
    """vtiger names the field in two of its messages; keep it for the run's error list."""
    if code == "MANDATORY_FIELDS_MISSING" and message.endswith(" does not have a value"):
        return {message.removesuffix(" does not have a value"): [message]}
    if code == "REFERENCE_INVALID" and message.startswith("Invalid reference specified for "):
        return {message.removeprefix("Invalid reference specified for "): [message]}
    return {}


def code_of(error: BaseException) -> str | None:
    return getattr(error, "code", None)


def quote(value: str) -> str:
    """A VTQL string literal: single quotes, doubled inside."""
    return "'" + str(value).replace("'", "''") + "'"


@dataclass
class SyncPage:
    """One `sync` window: changed records, deleted ids, and where the next window starts."""

    updated: list[dict[str, Any]]
    deleted: list[str]
    cursor: int


class VtigerClient:
    """Calls webservice.php as one user, keeping (and renewing) its session."""

    def __init__(
        self,
        http: HttpClient,
        username: str,
        access_key: str,
    ) -> None:
        self.http = http
        self.username = username
        self.access_key = access_key
        self.session_name: str | None = None
        self.logins = 0

    # -- the envelope and the session ----------------------------------------------------

    def call(self, operation: str, *, writing: bool = False, **params: Any) -> Any:
        """One operation with the session; a lost session is renewed once, transparently."""
        return self.call_with_response(operation, writing=writing, **params)[0]

    def call_with_response(
        self, operation: str, *, writing: bool = False, **params: Any
    ) -> tuple[Any, requests.Response]:
        if self.session_name is None:
            self.login()
        renewed = False
        while True:
            response, body = self._send(operation, {**params, "sessionName": self.session_name})
            if body.get("success") is True:
                return body.get("result"), response
            code, message = _error_of(body)
            if code in SESSION_CODES and not renewed:
                log.info("vtiger %s: %s; logging in again", operation, code)
                renewed = True
                self.login()
                continue
            raise error_for(code, message, operation, writing=writing)

    def login(self) -> None:
        """getchallenge, then login with md5(token + access key); a stale token gets one retry."""
        if not self.access_key:
            raise ReauthorizationRequired("The vtiger connection has no access key: reconnect it.")
        for attempt in (1, 2):
            challenge = self._expect("getchallenge", {"username": self.username})
            digest = hashlib.md5((str(challenge["token"]) + self.access_key).encode()).hexdigest()
            response, body = self._send("login", {"username": self.username, "accessKey": digest})
            if body.get("success") is True:
                self.logins += 1
                self.session_name = str(body["result"]["sessionName"])
                self.http.add_secret(self.session_name)  # it travels in query strings
                return
            code, message = _error_of(body)
            # Another client asking for a challenge as the same user replaces our token.
            if code == "INVALID_AUTH_TOKEN" and attempt == 1:
                continue
            if code == "INVALID_AUTH_TOKEN":
                raise RetryLater(
                    f"vtiger refused the login token: {message}.", f"vtiger login: {code}"
                )
            if code == "AUTHENTICATION_REQUIRED":  # at login: the user is inactive
                raise ReauthorizationRequired(
                    f"vtiger refused the login: {message}.", f"vtiger login: {code}: {message}"
                )
            raise error_for(code, message, "login", writing=False)

    def _expect(self, operation: str, params: dict[str, Any]) -> Any:
        response, body = self._send(operation, params)
        if body.get("success") is not True:
            code, message = _error_of(body)
            raise error_for(code, message, operation, writing=False)
        return body.get("result")

    def _send(self, operation: str, params: dict[str, Any]) -> tuple[requests.Response, Any]:
        params = {"operation": operation, **{k: v for k, v in params.items() if v is not None}}
        if operation in POST_OPERATIONS:
            response = self.http.request("POST", ENDPOINT, data=params)
        else:
            response = self.http.request("GET", ENDPOINT, params=params)
        try:
            body = response.json()
        except ValueError:
            raise RetryLater(
                "vtiger answered with something that is not JSON (a PHP error page?).",
                f"vtiger {operation}: HTTP {response.status_code}, not JSON",
            ) from None
        if not isinstance(body, dict) or "success" not in body:
            raise StopRun(
                "vtiger answered without its envelope.", f"vtiger {operation}: {body!r:.300}"
            )
        return response, body

    # -- operations ----------------------------------------------------------------------

    def retrieve(self, ws_id: str) -> dict[str, Any] | None:
        """One record (inventory records with their LineItems); None when it is gone."""
        try:
            return self.call("retrieve", id=ws_id)
        except SkipRecord as exc:
            if code_of(exc) in ("RECORD_NOT_FOUND", "INVALID_ID_ATTRIBUTE"):
                return None
            raise

    def query(self, text: str) -> list[dict[str, Any]]:
        return list(self.call("query", query=text))

    def query_all(self, select: str) -> Iterator[dict[str, Any]]:
        """Every row of `select ... from M [where ...] order by ...` in pages of 100.

        A short page ends the walk: vtiger drops rows the user may not read, but the
        connection's user must be able to read what it shares anyway.
        """
        offset = 0
        while True:
            rows = self.query(f"{select} limit {offset}, {QUERY_CAP};")
            yield from rows
            if len(rows) < QUERY_CAP:
                return
            offset += QUERY_CAP

    def query_in(self, module: str, column: str, values: Iterable[str]) -> list[dict[str, Any]]:
        """Rows whose `column` is one of `values`, 100 values per query, ordered by id."""
        wanted = sorted(set(values))
        rows: list[dict[str, Any]] = []
        for start in range(0, len(wanted), QUERY_CAP):
            chunk = ", ".join(quote(v) for v in wanted[start : start + QUERY_CAP])
            rows += self.query_all(
                f"select * from {module} where {column} in ({chunk}) order by id"
            )
        return rows

    def sync(self, module: str, since: int) -> Iterator[SyncPage]:
        """`sync` windows from `since` until `more` is false; the last cursor is held back
        a second when it is the server's current second (see `_settled`)."""
        paginator = MoreFlagPaginator(since)
        while not paginator.finished:
            _, params = paginator.request(ENDPOINT)
            result, response = self.call_with_response(
                "sync", modifiedTime=params["modifiedTime"], elementType=module
            )
            updated = list(result.get("updated") or [])
            deleted = [str(i) for i in result.get("deleted") or []]
            paginator.advance(response, [*updated, *deleted])
            cursor = int(paginator.token or 0)
            if paginator.finished:
                cursor = _settled(cursor, response)
            yield SyncPage(updated, deleted, max(cursor, since))

    def describe(self, module: str) -> dict[str, Any]:
        return dict(self.call("describe", elementType=module))


def _error_of(body: Mapping[str, Any]) -> tuple[str, str]:
    error = body.get("error") if isinstance(body.get("error"), Mapping) else {}
    code = str(error.get("code") or "UNKNOWN")
    message = str(error.get("message") or "no message")
    return code, message


def _settled(cursor: int, response: requests.Response) -> int:
    """The cursor to store after the last window.

    `sync` compares strictly (modifiedtime > cursor) at one-second resolution, so a record
    saved later in the very second the window ended at would never be seen. While that
    second is not over on the server (its Date header says), step back one second: the
    next poll reads that second again, and what it re-reads is recognised as unchanged.
    """
    header = response.headers.get("Date")
    if not header or cursor <= 0:
        return cursor
    try:
        now = int(parsedate_to_datetime(header).timestamp())
    except (TypeError, ValueError):
        return cursor
    return cursor - 1 if cursor >= now - 1 else cursor
