"""JSON errors for the API: always a message, and for invalid input the offending fields."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

API_PREFIXES = ("/api/", "/webhooks/")


class HubApi(Api):
    """flask-smorest's Api with the hub's error body: {message, errors?, ...extra}."""

    def handle_http_exception(self, error: HTTPException) -> Any:
        if not request.path.startswith(API_PREFIXES):
            return error  # console pages keep Flask's HTML errors
        data: dict[str, Any] = dict(getattr(error, "data", None) or {})
        payload: dict[str, Any] = {"message": data.pop("message", None) or error.description}
        errors = data.pop("errors", None) or data.pop("messages", None)
        if errors:
            payload["errors"] = _flatten_locations(errors)
            if payload["message"] == error.description:
                payload["message"] = _summary(payload["errors"])
        headers = data.pop("headers", None) or {}
        data.pop("exc", None)
        data.pop("schema", None)
        payload.update({k: v for k, v in data.items() if isinstance(v, str | int | float)})
        return payload, error.code or 500, headers


def _flatten_locations(errors: Any) -> Any:
    """webargs nests errors under their location (json, query); one location is the norm."""
    if isinstance(errors, dict) and set(errors) <= {"json", "query", "headers", "files", "form"}:
        merged: dict[str, Any] = {}
        for location, value in errors.items():
            if isinstance(value, dict):
                merged.update(value)
            else:
                merged[f"_{location}"] = value
        return merged
    return errors


def _summary(errors: Any) -> str:
    if isinstance(errors, dict):
        if list(errors) == ["_json"]:
            value = errors["_json"]
            return value[0] if isinstance(value, list) and value else "Invalid request body."
        fields = ", ".join(sorted(str(k) for k in errors))
        return f"Invalid input in: {fields}."
    return "Invalid input."


def abort(code: int, message: str, **extra: Any) -> NoReturn:
    """Stop the request with a JSON error; `errors=` names offending fields."""
    from flask_smorest import abort as smorest_abort

    smorest_abort(code, message=message, **extra)
    raise AssertionError("unreachable")  # pragma: no cover
