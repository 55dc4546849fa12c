"""Xero's error responses: validation and query exceptions, problems, plain-text 404."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Response

from . import wire

ZERO_UUID = "00000000-0000-0000-0000-000000000000"
NOT_FOUND_TEXT = "The resource you're looking for cannot be found"
UNHANDLED_TEXT = (
    "An unhandled error with the Xero API occurred. Contact the Xero API team if problems persist."
)


class Invalid(Exception):
    """One element failed validation; the messages go into its `ValidationErrors`."""

    def __init__(self, *messages: str, echo: dict[str, Any] | None = None) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)
        self.echo = echo  # the element as the sandbox understood it, for the error body


class ApiError(Exception):
    """An error that is a whole HTTP response."""

    def response(self) -> Response:
        raise NotImplementedError


class NotFound(ApiError):
    """Unknown id or path: Xero answers in plain text, labelled text/html."""

    def response(self) -> Response:
        return Response(NOT_FOUND_TEXT, status=404, content_type="text/html; charset=utf-8")


class Problem(ApiError):
    """Auth failures: `{Type, Title, Status, Detail, Instance, Extensions}`."""

    def __init__(
        self, status: int, title: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.headers = headers or {}

    def response(self) -> Response:
        body = {
            "Type": None,
            "Title": self.title,
            "Status": self.status,
            "Detail": self.detail,
            "Instance": str(uuid.uuid4()),
            "Extensions": {},
        }
        return wire.json_response(body, self.status, self.headers, keep_nulls=True)


def unauthorized(detail: str, expired: bool = False) -> Problem:
    headers = {"WWW-Authenticate": "Bearer error=invalid_token"} if expired else {}
    return Problem(401, "Unauthorized", detail, headers)


def forbidden() -> Problem:
    return Problem(403, "Forbidden", "AuthenticationUnsuccessful")


class Exceptional(ApiError):
    """A 400 `{ErrorNumber, Type, Message[, Elements]}` body."""

    def __init__(
        self, number: int, kind: str, message: str, elements: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.number, self.kind, self.message, self.elements = number, kind, message, elements

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ErrorNumber": self.number,
            "Type": self.kind,
            "Message": self.message,
        }
        if self.elements is not None:
            body["Elements"] = self.elements
        return body

    def response(self) -> Response:
        return wire.json_response(self.body(), 400)


def validation_failed(elements: list[dict[str, Any]]) -> Exceptional:
    """ErrorNumber 10: every failing element echoed with its `ValidationErrors`."""
    return Exceptional(10, "ValidationException", "A validation exception occurred", elements)


def validation_message(message: str) -> Exceptional:
    """A request-level validation failure that belongs to no element."""
    return validation_failed([{"ValidationErrors": [{"Message": message}]}])


def query_parse(message: str) -> Exceptional:
    """ErrorNumber 16: a `where` or `order` the sandbox cannot read."""
    return Exceptional(16, "QueryParseException", message)


def post_data_invalid(message: str) -> Exceptional:
    """ErrorNumber 14: the body is not JSON of the expected shape (inferred from Xero)."""
    return Exceptional(14, "PostDataInvalidException", message)


class RateLimited(ApiError):
    """429 with the limit named in `X-Rate-Limit-Problem` (body as pyxero's test has it)."""

    BODY = (
        "oauth_problem=rate%20limit%20exceeded"
        "&oauth_problem_advice=please%20wait%20before%20retrying%20the%20xero%20api"
    )

    def __init__(self, problem: str, retry_after: int | None, headers: dict[str, str]) -> None:
        super().__init__(problem)
        self.problem, self.retry_after, self.headers = problem, retry_after, headers

    def response(self) -> Response:
        response = Response(self.BODY, status=429, content_type="text/plain; charset=utf-8")
        response.headers.update(self.headers)
        response.headers["X-Rate-Limit-Problem"] = self.problem
        if self.retry_after is not None:
            response.headers["Retry-After"] = str(self.retry_after)
        return response
