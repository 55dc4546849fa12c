"""The token and revocation endpoints (identity.xero.com/connect/token, /connect/revocation)."""

from __future__ import annotations

import base64
import hmac
import re
import uuid
from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, jsonify, request

from . import dates, tokens
from .store import Client, State, state_of

bp = Blueprint("xero_oauth", __name__)

_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")


class OAuthError(Exception):
    def __init__(self, error: str, description: str | None = None, status: int = 400) -> None:
        super().__init__(error)
        self.error, self.description, self.status = error, description, status

    def response(self) -> Response:
        body = {"error": self.error}
        if self.description:
            body["error_description"] = self.description
        response = jsonify(body)
        response.status_code = self.status
        return response


def _client(state: State, need_secret: bool) -> Client:
    """HTTP Basic or form fields, both accepted (xero-python sends form fields)."""
    client_id = request.form.get("client_id")
    secret = request.form.get("client_secret")
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip()).decode()
        except (ValueError, UnicodeDecodeError) as error:
            raise OAuthError("invalid_client") from error
        client_id, _, secret = decoded.partition(":")
    client = state.clients.get(client_id or "")
    if client is None:
        raise OAuthError("invalid_client")
    if client.client_secret is not None:
        if not secret or not hmac.compare_digest(secret, client.client_secret):
            raise OAuthError("invalid_client")
    elif need_secret:
        raise OAuthError("unauthorized_client")
    return client


def _authorization_code(state: State) -> dict[str, Any]:
    client = _client(state, need_secret=False)
    code = state.codes.get(request.form.get("code", ""))
    now = dates.now()
    if code is None or code.used or code.expires_at <= now or code.client_id != client.client_id:
        raise OAuthError("invalid_grant")
    if request.form.get("redirect_uri") != code.redirect_uri:
        raise OAuthError("invalid_grant")
    verifier = request.form.get("code_verifier")
    if code.challenge is not None:
        if not verifier or not _VERIFIER.match(verifier):
            raise OAuthError("invalid_grant", "invalid code_verifier")
        if not tokens.pkce_matches(verifier, code.challenge):
            raise OAuthError("invalid_grant", "invalid code_verifier")
    elif client.client_secret is None:
        raise OAuthError("invalid_grant")
    code.used = True
    user = state.users[code.user_id]
    return tokens.issue(state, client, user, code.scopes, code.auth_event_id, nonce=code.nonce)


def _refresh_token(state: State) -> dict[str, Any]:
    client = _client(state, need_secret=False)
    old = state.refresh_tokens.get(request.form.get("refresh_token", ""))
    now = dates.now()
    grace = timedelta(seconds=state.config["refresh_grace"])
    if old is None or old.revoked or old.client_id != client.client_id or old.expires_at <= now:
        raise OAuthError("invalid_grant")
    if old.rotated_at is not None and now > old.rotated_at + grace:
        raise OAuthError("invalid_grant")
    if old.rotated_at is None:
        old.rotated_at = now
    user = state.users[old.user_id]
    return tokens.issue(state, client, user, old.scopes, old.auth_event_id)


def _client_credentials(state: State) -> dict[str, Any]:
    client = _client(state, need_secret=True)
    if client.custom_tenant is None:
        raise OAuthError("unauthorized_client")
    requested = request.form.get("scope")
    scopes = frozenset(requested.split()) if requested else frozenset({"accounting.transactions"})
    return tokens.issue(
        state, client, None, scopes, str(uuid.uuid4()), tenant_ids=(client.custom_tenant,)
    )


GRANTS = {
    "authorization_code": _authorization_code,
    "refresh_token": _refresh_token,
    "client_credentials": _client_credentials,
}


@bp.post("/connect/token")
def token() -> Response:
    state = state_of()
    handler = GRANTS.get(request.form.get("grant_type", ""))
    try:
        if handler is None:
            raise OAuthError("unsupported_grant_type")
        with state.lock:
            body = handler(state)
    except OAuthError as error:
        return error.response()
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/connect/revocation")
def revocation() -> Response:
    """Revoke a refresh token: all of that user's connections to the app go with it."""
    state = state_of()
    try:
        with state.lock:
            client = _client(state, need_secret=False)
            found = state.refresh_tokens.get(request.form.get("token", ""))
            if found is not None and found.client_id == client.client_id:
                tokens.revoke_user(state, found.user_id, client.client_id)
    except OAuthError as error:
        return error.response()
    return Response(status=200)
