"""Every /v2 call passes here: the token and account header, permissions, the rate limit.

Harvest's answers when a call fails: 401 `invalid_token` (also for a missing or wrong
Harvest-Account-Id), 403 for a member asking for an administrator's resource, 404
`{"status": 404, "error": "Not Found"}`, 422 `{"message": ...}` for a refused write and
429 with Retry-After once a token has made 100 calls in 15 seconds.
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, request

from . import wire
from .store import Record, State, state_of

bp = Blueprint("harvest_v2", __name__, url_prefix="/v2")
Handler = Callable[..., Response]

INVALID_TOKEN = {
    "error": "invalid_token",
    "error_description": (
        "The access token provided is expired, revoked, malformed or invalid for other reasons."
    ),
}


class ApiError(Exception):
    """A failed call: its status, JSON body and headers."""

    def __init__(self, status: int, body: Record, headers: dict[str, str] | None = None) -> None:
        super().__init__(json.dumps(body))
        self.status, self.body, self.headers = status, body, headers or {}

    def response(self) -> Response:
        return wire.json_response(self.body, self.status, self.headers)


def not_found() -> ApiError:
    return ApiError(404, {"status": 404, "error": "Not Found"})


def forbidden() -> ApiError:
    # Inferred body: Harvest documents the status only.
    return ApiError(403, {"status": 403, "error": "Forbidden"})


def unprocessable(message: str) -> ApiError:
    return ApiError(422, {"message": message})


@dataclass
class Ctx:
    """What a handler gets: the locked state and the user the token belongs to."""

    state: State
    user: Record

    @property
    def is_admin(self) -> bool:
        return "administrator" in self.user["access_roles"]


def _caller(state: State) -> tuple[str, Record]:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    token = token or request.args.get("access_token", "")
    account = request.headers.get("Harvest-Account-Id") or request.args.get("account_id", "")
    user_id = state.tokens.get(token)
    if user_id is None or account.strip() != str(state.config["account_id"]):
        raise ApiError(401, INVALID_TOKEN)
    user = state.users.get(user_id)
    if user is None or not user["is_active"]:
        raise ApiError(401, INVALID_TOKEN)
    return token, user


def _limit(state: State, token: str) -> None:
    """A sliding window per token; a refused call is not counted."""
    limit = state.config["rate_limit"]
    window = state.calls.setdefault(token, deque())
    moment = time.time()
    while window and window[0] <= moment - limit["seconds"]:
        window.popleft()
    if len(window) >= limit["requests"]:
        wait = max(1, math.ceil(window[0] + limit["seconds"] - moment))
        body = {"status": 429, "error": "Too Many Requests"}  # inferred body
        raise ApiError(429, body, {"Retry-After": str(wait)})
    window.append(moment)


def endpoint(rule: str, methods: list[str], admin: bool = False) -> Callable[[Handler], Handler]:
    """Register `handler(ctx, **path_args)`; `admin` ones answer administrators only."""

    def register(handler: Handler) -> Handler:
        def view(**kwargs: Any) -> Response:
            state = state_of()
            try:
                with state.lock:
                    token, user = _caller(state)
                    _limit(state, token)
                    ctx = Ctx(state, user)
                    if admin and not ctx.is_admin:
                        raise forbidden()
                    return handler(ctx, **kwargs)
            except ApiError as error:
                return error.response()
            except wire.BadParameter as error:
                return unprocessable(str(error)).response()

        name = f"{handler.__module__.rsplit('.', 1)[-1]}_{handler.__name__}"
        bp.add_url_rule(rule, name, view, methods=methods)
        return handler

    return register


def body() -> Record:
    """The request's parameters: a JSON object, or form fields."""
    if request.is_json or (request.data and request.data.lstrip()[:1] == b"{"):
        try:
            data = json.loads(request.get_data() or b"{}", parse_float=Decimal)
        except ValueError as error:
            raise ApiError(400, {"status": 400, "error": "Bad Request"}) from error
        if not isinstance(data, dict):
            raise ApiError(400, {"status": 400, "error": "Bad Request"})
        return data
    return request.form.to_dict()


def find(collection: dict[int, Record], record_id: Any) -> Record:
    try:
        record = collection.get(int(record_id))
    except (TypeError, ValueError):
        record = None
    if record is None:
        raise not_found()
    return record
