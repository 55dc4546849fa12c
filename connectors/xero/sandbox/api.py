"""The Accounting API blueprint: every endpoint passes auth, limits and idempotency here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, request

from . import auth, idempotency, wire
from .errors import ApiError
from .limits import Limiter
from .store import Client, Org, Record, State, state_of
from .tokens import AccessToken

bp = Blueprint("xero_accounting", __name__, url_prefix="/api.xro/2.0")

Handler = Callable[..., Response]


@dataclass
class Ctx:
    """What a handler needs: the state (locked), the organisation and the calling app."""

    state: State
    org: Org
    client: Client
    token: AccessToken

    def envelope(
        self,
        plural: str,
        items: list[Record],
        pagination: dict[str, int] | None = None,
        status: int = 200,
    ) -> Response:
        body = wire.envelope(plural, items, self.client.name, pagination)
        return wire.json_response(body, status)


def limiter_of(state: State) -> Limiter:
    return state.extras["limiter"]


def _remember_public_url(state: State) -> None:
    # Webhook resourceUrls point back at this sandbox, wherever it is being served.
    if not state.config.get("public_url"):
        state.config["public_url"] = request.host_url.rstrip("/")


def _run(handler: Handler, group: str, kwargs: dict[str, Any]) -> Response:
    state = state_of()
    try:
        with state.lock:
            _remember_public_url(state)
            token = auth.bearer(state)
            org = auth.tenant(state, token)
            auth.check_scope(token, group, request.method)
            client = state.clients[token.client_id]
        ticket, headers = limiter_of(state).acquire(client.client_id, org.id)
    except ApiError as error:
        return error.response()
    try:
        ctx = Ctx(state, org, client, token)

        def produce() -> Response:
            try:
                return handler(ctx, **kwargs)
            except ApiError as error:
                return error.response()

        with state.lock:
            response = idempotency.run(state, client.client_id, org.id, produce)
    finally:
        limiter_of(state).release(ticket)
    response.headers.update(headers)
    return response


def endpoint(
    rule: str, methods: list[str], group: str, blueprint: Blueprint = bp
) -> Callable[[Handler], Handler]:
    """Register `handler(ctx, **path_args)` under /api.xro/2.0 with the scope `group`.

    Another API (payroll.xro/1.0, later) passes its own blueprint and gets the same auth,
    limits and idempotency.
    """

    def register(handler: Handler) -> Handler:
        def view(**kwargs: Any) -> Response:
            return _run(handler, group, kwargs)

        name = f"{handler.__module__.rsplit('.', 1)[-1]}_{handler.__name__}"
        blueprint.add_url_rule(rule, name, view, methods=methods)
        return handler

    return register


def flag(name: str) -> bool:
    """A boolean query parameter; the SDK sends `True`/`False`, others `true`/`false`."""
    return request.args.get(name, "").strip().lower() == "true"
