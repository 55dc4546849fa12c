"""`GET /connections` (tenants a token reaches) and `DELETE /connections/{id}`."""

from __future__ import annotations

from flask import Blueprint, Response, request

from . import auth, dates, wire
from .errors import ApiError, NotFound
from .store import state_of

bp = Blueprint("xero_connections", __name__)


def _listing() -> Response:
    state = state_of()
    with state.lock:
        token = auth.bearer(state)
        event = request.args.get("authEventId")
        rows = []
        for connection in state.connections.values():
            if (connection.user_id, connection.client_id) != (token.user_id, token.client_id):
                continue
            if event and connection.auth_event_id != event:
                continue
            org = state.orgs.get(connection.tenant_id)
            if org is None:
                continue
            rows.append(
                {
                    "id": connection.id,
                    "authEventId": connection.auth_event_id,
                    "tenantId": connection.tenant_id,
                    "tenantType": "ORGANISATION",
                    "tenantName": org.name,
                    "createdDateUtc": dates.connection_string(connection.created),
                    "updatedDateUtc": dates.connection_string(connection.updated),
                }
            )
    return wire.json_response(rows)


def _delete(connection_id: str) -> Response:
    state = state_of()
    with state.lock:
        token = auth.bearer(state)
        connection = state.connections.get(connection_id.lower())
        if connection is None or (connection.user_id, connection.client_id) != (
            token.user_id,
            token.client_id,
        ):
            raise NotFound()
        del state.connections[connection.id]
    return Response(status=204)


# The spec spells it /Connections, clients /connections: serve both.
for _path in ("/connections", "/Connections"):
    bp.add_url_rule(_path, f"list{_path}", _listing, methods=["GET"])
    bp.add_url_rule(f"{_path}/<connection_id>", f"delete{_path}", _delete, methods=["DELETE"])


@bp.errorhandler(ApiError)
def _api_error(error: ApiError) -> Response:
    return error.response()
