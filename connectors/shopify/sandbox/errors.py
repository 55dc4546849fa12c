"""Shopify's error responses: `{"errors": "text"}` or `{"errors": {"field": ["message"]}}`."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

UNAUTHORIZED = "[API] Invalid API key or access token (unrecognized login or wrong password)"
THROTTLED = (
    "Exceeded 2 calls per second for api client. Reduce request rates to resume "
    "uninterrupted service."
)
PAGING_DOCS = "https://shopify.dev/api/usage/pagination-rest"


class ApiError(Exception):
    """An error answered to the client with Shopify's status and body shape."""

    def __init__(self, status: int, errors: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {errors}")
        self.status = status
        self.errors = errors
        self.headers = headers or {}

    def response(self) -> Response:
        resp = jsonify({"errors": self.errors})
        resp.status_code = self.status
        resp.headers.update(self.headers)
        return resp


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def unauthorized() -> ApiError:
    return ApiError(401, UNAUTHORIZED)


def forbidden(scope: str) -> ApiError:
    return ApiError(403, f"[API] This action requires merchant approval for {scope} scope.")


def invalid(errors: dict[str, list[str]]) -> ApiError:
    """422 with the object-of-arrays shape."""
    return ApiError(422, errors)


def invalid_field(field: str, message: str) -> ApiError:
    return invalid({field: [message]})


def missing_root(root: str) -> ApiError:
    """Shopify's answer to a body without the resource's root key."""
    return ApiError(400, {root: "Required parameter missing or invalid"})


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def throttled(retry_after: float, call_limit: str) -> ApiError:
    return ApiError(
        429,
        THROTTLED,
        {"Retry-After": f"{retry_after:.1f}", "X-Shopify-Shop-Api-Call-Limit": call_limit},
    )


def page_info_conflict(param: str) -> ApiError:
    return bad_request(
        f"{param} cannot be passed when page_info is present. See {PAGING_DOCS} for more "
        "information."
    )


def register_handlers(app: Flask) -> None:
    """Answer every error, including routing ones, with a JSON `errors` body."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return exc.response()

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        text = "Not Found" if exc.code in (404, 405) else (exc.name or "Error")
        resp = jsonify({"errors": text})
        # Shopify answers unknown routes and methods alike with 404.
        resp.status_code = 404 if exc.code == 405 else (exc.code or 500)
        return resp
