"""The Flask app: one `/webservice.php` endpoint, the operation registry and the envelope."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, request
from werkzeug.datastructures import MultiDict

from . import auth, errors, query_exec, records, sync
from .errors import WebServiceError
from .state import Sandbox, Session

log = logging.getLogger(__name__)
EXTENSION = "vtiger_sandbox"

Handler = Callable[[Sandbox, Session | None, dict[str, Any]], Any]


@dataclass(frozen=True)
class Operation:
    """A row of vtiger_ws_operation: its HTTP method, parameters and handler."""

    method: str  # the server reads only $_GET or only $_POST for the parameters
    params: tuple[str, ...]
    handler: Handler
    prelogin: bool = False
    encoded: tuple[str, ...] = ()  # parameters that carry JSON


def _session(session: Session | None) -> Session:
    if session is None:  # dispatch already refuses non-prelogin calls without a session
        raise WebServiceError(errors.AUTHENTICATION_REQUIRED, errors.MSG_AUTH_REQUIRED)
    return session


def _user(session: Session | None) -> int:
    return _session(session).user_id


def _logout(sb: Sandbox, session: Session | None, p: dict[str, Any]) -> Any:
    return auth.logout(sb, _session(session))


def _listtypes(sb: Sandbox, session: Session | None, p: dict[str, Any]) -> Any:
    wanted = p["fieldTypeList"]
    return sb.catalog.listtypes(wanted if isinstance(wanted, list) else None)


OPERATIONS: dict[str, Operation] = {
    "getchallenge": Operation(
        "GET",
        ("username",),
        lambda sb, s, p: auth.getchallenge(sb, p["username"]),
        prelogin=True,
    ),
    "login": Operation(
        "POST",
        ("username", "accessKey"),
        lambda sb, s, p: auth.login(sb, p["username"], p["accessKey"]),
        prelogin=True,
    ),
    "logout": Operation("POST", ("sessionName",), _logout),
    "listtypes": Operation("GET", ("fieldTypeList",), _listtypes, encoded=("fieldTypeList",)),
    "describe": Operation(
        "GET", ("elementType",), lambda sb, s, p: sb.catalog.describe(p["elementType"])
    ),
    "create": Operation(
        "POST",
        ("elementType", "element"),
        lambda sb, s, p: records.create(sb, _user(s), p["elementType"], p["element"]),
        encoded=("element",),
    ),
    "retrieve": Operation("GET", ("id",), lambda sb, s, p: records.retrieve(sb, p["id"])),
    "update": Operation(
        "POST",
        ("element",),
        lambda sb, s, p: records.save(sb, _user(s), p["element"], "update"),
        encoded=("element",),
    ),
    "revise": Operation(
        "POST",
        ("element",),
        lambda sb, s, p: records.save(sb, _user(s), p["element"], "revise"),
        encoded=("element",),
    ),
    "delete": Operation("POST", ("id",), lambda sb, s, p: records.delete(sb, _user(s), p["id"])),
    "query": Operation("GET", ("query",), lambda sb, s, p: query_exec.run(sb, p["query"])),
    "sync": Operation(
        "GET",
        ("modifiedTime", "elementType"),
        lambda sb, s, p: sync.sync(sb, _user(s), p["modifiedTime"], p["elementType"]),
    ),
}


def _reply(body: dict[str, Any]) -> Response:
    # Every reply is HTTP 200: failures live in the envelope, never in the status.
    return Response(json.dumps(body), status=200, mimetype="application/json")


def _decode(raw: str | None) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise WebServiceError(errors.INTERNAL_SERVER_ERROR, errors.MSG_INTERNAL) from None


def _read(operation: Operation, source: MultiDict[str, str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name in operation.params:
        raw = source.get(name) or None  # vtws_getParameter: an empty value is no value
        params[name] = _decode(raw) if name in operation.encoded else raw
    return params


def dispatch(sb: Sandbox) -> Response:
    """Handle one webservice.php request."""
    name = (request.values.get("operation") or "").lower()
    operation = OPERATIONS.get(name)
    try:
        if operation is None:
            raise WebServiceError(errors.UNKNOWN_OPERATION, errors.MSG_UNKNOWN_OPERATION)
        session_name = request.values.get("sessionName") or ""
        if session_name.lower() == "null":
            session_name = ""
        source = request.args if operation.method == "GET" else request.form
        with sb.lock:
            session = auth.resume(sb, session_name) if session_name else None
            if session is None and not operation.prelogin:
                raise WebServiceError(errors.AUTHENTICATION_REQUIRED, errors.MSG_AUTH_REQUIRED)
            result = operation.handler(sb, session, _read(operation, source))
    except WebServiceError as exc:
        return _reply({"success": False, "error": exc.as_dict()})
    except Exception:
        log.exception("vtiger sandbox: unhandled error in operation %r", name)
        error = {"code": errors.INTERNAL_SERVER_ERROR, "message": errors.MSG_INTERNAL}
        return _reply({"success": False, "error": error})
    return _reply({"success": True, "result": result})


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A vtiger sandbox: all state in memory on this app (see `sandbox_of`)."""
    app = Flask(__name__)
    sb = Sandbox(config)
    app.extensions[EXTENSION] = sb

    @app.route("/webservice.php", methods=["GET", "POST"])
    def webservice() -> Response:
        return dispatch(sb)

    return app


def sandbox_of(app: Flask) -> Sandbox:
    """The state behind an app made by create_app."""
    return app.extensions[EXTENSION]
