"""`create_app(config)`: the Flask app that stands in for Xero's identity and APIs."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

# Resource modules register their routes on the API blueprint when imported; all of them
# must be imported before the blueprint is registered on an app.
from . import (  # noqa: F401
    accounts,
    admin,
    api,
    attachments,
    connections,
    contacts,
    creditnotes,
    identity,
    invoices,
    items,
    journals,
    manualjournals,
    oauth,
    organisation,
    payments,
    payroll,
    payroll_calendars,
    payroll_employees,
    payroll_items,
    payroll_leave,
    payroll_payruns,
    payroll_timesheets,
    payroll_us,
    purchaseorders,
    taxrates,
    tracking,
    webhooks,
)
from .config import merged
from .errors import NOT_FOUND_TEXT, UNHANDLED_TEXT
from .limits import Limiter
from .store import EXTENSION, State

API_PREFIX = "/api.xro/2.0/"
# Xero's paths are case-insensitive; the routes use these spellings.
_CANONICAL = {
    name.lower(): name
    for name in (
        "Contacts Invoices Items Payments CreditNotes Allocations ManualJournals Journals "
        "TaxRates Accounts TrackingCategories Options PurchaseOrders Organisation Actions "
        "Attachments"
    ).split()
}


_PREFIXES = {API_PREFIX: _CANONICAL, payroll.PREFIX: payroll.CANONICAL}


class _CaseInsensitivePaths:
    """WSGI middleware: `/api.xro/2.0/contacts` reaches the `/Contacts` route (and payroll's)."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        for prefix, canonical in _PREFIXES.items():
            if path.lower().startswith(prefix):
                parts = path[len(prefix) :].split("/")
                parts = [canonical.get(p.lower(), p) for p in parts]
                environ["PATH_INFO"] = prefix + "/".join(parts)
        return self.wsgi_app(environ, start_response)


def _load_directory(state: State) -> None:
    for client in state.config["clients"]:
        state.add_client(
            client["client_id"],
            client.get("client_secret"),
            client.get("redirect_uris", []),
            client.get("name", "Sandbox app"),
            client.get("custom_tenant"),
        )
    for entry in state.config["users"]:
        user = state.add_user(entry["email"], entry["password"], entry.get("name", ""))
        for org in entry.get("organisations", []):
            state.add_org(user, org["name"], org.get("country", "AU"), org.get("id"))


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build a sandbox; all state lives in `app.extensions["xero_sandbox"]`."""
    app = Flask(__name__)
    state = State(merged(config))
    state.extras["limiter"] = Limiter(state.config)
    app.extensions[EXTENSION] = state
    _load_directory(state)
    for blueprint in (identity.bp, oauth.bp, connections.bp, api.bp, payroll.bp, admin.bp):
        app.register_blueprint(blueprint)
    app.wsgi_app = _CaseInsensitivePaths(app.wsgi_app)  # type: ignore[method-assign]

    @app.after_request
    def _correlation(response: Response) -> Response:
        response.headers["Xero-Correlation-Id"] = str(uuid.uuid4())
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        if error.code == 404:
            return Response(NOT_FOUND_TEXT, 404, content_type="text/html; charset=utf-8")
        return Response(error.description or "", error.code or 500, content_type="text/plain")

    @app.errorhandler(Exception)
    def _unhandled(error: Exception) -> Response:
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return Response(UNHANDLED_TEXT, 500, content_type="text/plain; charset=utf-8")

    webhooks.start(app)
    return app
