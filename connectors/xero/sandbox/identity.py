"""The authorize pages (login.xero.com/identity/connect/authorize): sign in, then consent."""

from __future__ import annotations

import secrets
import uuid
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, redirect, render_template, request

from . import tokens
from .auth import KNOWN_SCOPES
from .store import Client, State, User, state_of

bp = Blueprint("xero_identity", __name__, template_folder="templates")

AUTHORIZE = "/identity/connect/authorize"


def _redirect_ok(uri: str, client: Client) -> bool:
    """Registered exactly, and https unless it points at this machine."""
    parts = urlsplit(uri)
    local = parts.hostname in ("localhost", "127.0.0.1")
    return uri in client.redirect_uris and (parts.scheme == "https" or local)


def _back(redirect_uri: str, **params: str | None) -> Response:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    separator = "&" if "?" in redirect_uri else "?"
    return redirect(f"{redirect_uri}{separator}{query}", code=302)


def _error_page(message: str) -> Response:
    return Response(render_template("xero_error.html", message=message), status=400)


def _scopes() -> list[str]:
    return [s for s in request.args.get("scope", "").split() if s]


def _check() -> tuple[Client, str, Response | None]:
    """Validate the query; a bad client or redirect URI is shown, anything else redirected."""
    state = state_of()
    client = state.clients.get(request.args.get("client_id", ""))
    redirect_uri = request.args.get("redirect_uri", "")
    if client is None:
        return Client("", None, "", []), "", _error_page("unauthorized_client: Unknown client")
    if not _redirect_ok(redirect_uri, client):
        return client, "", _error_page("unauthorized_client: Invalid redirect_uri")
    state_param = request.args.get("state")
    if request.args.get("response_type") != "code":
        return client, redirect_uri, _back(redirect_uri, error="unsupported_response_type")
    scopes = _scopes()
    if not scopes or any(s not in KNOWN_SCOPES for s in scopes):
        return client, redirect_uri, _back(redirect_uri, error="invalid_scope", state=state_param)
    challenge = request.args.get("code_challenge")
    method = request.args.get("code_challenge_method")
    if (challenge and method != "S256") or (client.client_secret is None and not challenge):
        return client, redirect_uri, _back(redirect_uri, error="invalid_request", state=state_param)
    return client, redirect_uri, None


def _consent_page(state: State, user: User, ticket: str, error: str | None = None) -> str:
    scopes = _scopes()
    return render_template(
        "xero_consent.html",
        user=user,
        orgs=[state.orgs[o] for o in user.org_ids if o in state.orgs],
        scopes=scopes,
        wants_payroll=any(s.startswith(tokens.PAYROLL_PREFIX) for s in scopes),
        ticket=ticket,
        app_name=state.clients[request.args["client_id"]].name,
        error=error,
    )


@bp.get(AUTHORIZE)
def authorize_form() -> Response | str:
    client, _redirect_uri, problem = _check()
    if problem is not None:
        return problem
    return render_template("xero_login.html", app_name=client.name, error=None)


@bp.post(AUTHORIZE)
def authorize_submit() -> Response | str:
    client, redirect_uri, problem = _check()
    if problem is not None:
        return problem
    state = state_of()
    with state.lock:
        if request.form.get("step") == "login":
            user = state.user_by_email(request.form.get("email", ""))
            if user is None or not secrets.compare_digest(
                user.password, request.form.get("password", "")
            ):
                error = "Your email or password is incorrect"
                return render_template("xero_login.html", app_name=client.name, error=error)
            ticket = secrets.token_urlsafe(16)
            state.login_tickets[ticket] = user.user_id
            return _consent_page(state, user, ticket)
        user_id = state.login_tickets.get(request.form.get("ticket", ""))
        if user_id is None:
            return render_template("xero_login.html", app_name=client.name, error=None)
        user = state.users[user_id]
        state_param = request.args.get("state")
        if request.form.get("decision") != "allow":
            del state.login_tickets[request.form["ticket"]]
            return _back(redirect_uri, error="access_denied", state=state_param)
        scopes = frozenset(_scopes())
        if request.form.get("allow_payroll") != "yes":
            scopes = frozenset(s for s in scopes if not s.startswith(tokens.PAYROLL_PREFIX))
        chosen = [t for t in request.form.getlist("tenant") if t in user.org_ids]
        if not chosen and not scopes <= tokens.OPENID_SCOPES:
            ticket = request.form["ticket"]
            return _consent_page(state, user, ticket, "Choose an organisation to connect")
        del state.login_tickets[request.form["ticket"]]
        auth_event_id = str(uuid.uuid4())
        tokens.grant(state, user, client, chosen, auth_event_id)
        code = tokens.new_code(
            state,
            client,
            user,
            redirect_uri,
            scopes,
            auth_event_id,
            request.args.get("code_challenge"),
            request.args.get("nonce"),
        )
    return _back(
        redirect_uri,
        code=code.code,
        scope=" ".join(sorted(scopes)),
        state=state_param,
        session_state=secrets.token_urlsafe(12),
    )
