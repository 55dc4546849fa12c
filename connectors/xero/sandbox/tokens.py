"""OAuth tokens: JWT-like access tokens, rotating refresh tokens, codes and grants."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from . import dates
from .store import Client, Connection, State, User

OPENID_SCOPES = {"openid", "profile", "email", "offline_access"}
PAYROLL_PREFIX = "payroll."


@dataclass
class AccessToken:
    token: str
    client_id: str
    user_id: str | None
    scopes: frozenset[str]
    expires_at: datetime
    auth_event_id: str
    tenant_ids: tuple[str, ...] | None = None  # fixed tenants (client_credentials)
    revoked: bool = False


@dataclass
class RefreshToken:
    token: str
    client_id: str
    user_id: str
    scopes: frozenset[str]
    expires_at: datetime
    auth_event_id: str
    rotated_at: datetime | None = None
    revoked: bool = False


@dataclass
class AuthCode:
    code: str
    client_id: str
    user_id: str
    redirect_uri: str
    scopes: frozenset[str]
    auth_event_id: str
    expires_at: datetime
    challenge: str | None = None
    nonce: str | None = None
    used: bool = False


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwt(claims: dict[str, Any], secret: str) -> str:
    """An HS256-signed JWT; Xero's are RS256, but clients treat them as opaque."""
    header = _b64(json.dumps({"alg": "HS256", "kid": "sandbox", "typ": "JWT"}).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256)
    return f"{header}.{payload}.{_b64(signature.digest())}"


def pkce_matches(verifier: str, challenge: str) -> bool:
    digest = _b64(hashlib.sha256(verifier.encode("ascii")).digest())
    return hmac.compare_digest(digest, challenge)


def grant(
    state: State, user: User, client: Client, tenant_ids: list[str], auth_event_id: str
) -> list[Connection]:
    """Connect the user's chosen organisations to the app (one consent = one auth event)."""
    now = dates.now()
    made = []
    for tenant_id in tenant_ids:
        existing = next(
            (
                c
                for c in state.connections.values()
                if (c.user_id, c.client_id, c.tenant_id)
                == (user.user_id, client.client_id, tenant_id)
            ),
            None,
        )
        if existing is not None:
            existing.auth_event_id, existing.updated = auth_event_id, now
            made.append(existing)
            continue
        connection = Connection(
            str(uuid.uuid4()), user.user_id, client.client_id, tenant_id, auth_event_id, now, now
        )
        state.connections[connection.id] = connection
        made.append(connection)
    return made


def issue(
    state: State,
    client: Client,
    user: User | None,
    scopes: frozenset[str],
    auth_event_id: str,
    tenant_ids: tuple[str, ...] | None = None,
    nonce: str | None = None,
) -> dict[str, Any]:
    """Mint the token response body (and remember the tokens)."""
    config = state.config
    now = dates.now()
    expires = now + timedelta(seconds=config["access_token_ttl"])
    user_id = user.user_id if user else None
    claims = {
        "nbf": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "iss": "https://identity.xero.com",
        "aud": "https://identity.xero.com/resources",
        "client_id": client.client_id,
        "sub": user_id,
        "xero_userid": user_id,
        "authentication_event_id": auth_event_id,
        "jti": secrets.token_hex(16),
        "scope": sorted(scopes),
    }
    access = jwt(claims, config["jwt_secret"])
    state.access_tokens[access] = AccessToken(
        access, client.client_id, user_id, scopes, expires, auth_event_id, tenant_ids
    )
    body: dict[str, Any] = {
        "access_token": access,
        "expires_in": config["access_token_ttl"],
        "token_type": "Bearer",
        "scope": " ".join(sorted(scopes)),
    }
    if user is not None and "offline_access" in scopes:
        refresh = secrets.token_urlsafe(32)
        lifetime = timedelta(seconds=config["refresh_token_ttl"])
        state.refresh_tokens[refresh] = RefreshToken(
            refresh, client.client_id, user.user_id, scopes, now + lifetime, auth_event_id
        )
        body["refresh_token"] = refresh
    if user is not None and "openid" in scopes:
        id_claims = {
            "iss": "https://identity.xero.com",
            "aud": client.client_id,
            "sub": user.user_id,
            "xero_userid": user.user_id,
            "email": user.email,
            "given_name": user.name.split(" ")[0],
            "family_name": " ".join(user.name.split(" ")[1:]),
            "nbf": int(now.timestamp()),
            "exp": int((now + timedelta(minutes=5)).timestamp()),
            "nonce": nonce,
        }
        body["id_token"] = jwt(id_claims, config["jwt_secret"])
    return body


def new_code(
    state: State,
    client: Client,
    user: User,
    redirect_uri: str,
    scopes: frozenset[str],
    auth_event_id: str,
    challenge: str | None,
    nonce: str | None,
) -> AuthCode:
    code = AuthCode(
        secrets.token_urlsafe(24),
        client.client_id,
        user.user_id,
        redirect_uri,
        scopes,
        auth_event_id,
        dates.now() + timedelta(seconds=state.config["code_ttl"]),
        challenge,
        nonce,
    )
    state.codes[code.code] = code
    return code


def revoke_user(state: State, user_id: str, client_id: str) -> None:
    """Revocation: every token of this user for this app dies, every connection goes."""
    for token in list(state.refresh_tokens.values()) + list(state.access_tokens.values()):
        if token.user_id == user_id and token.client_id == client_id:
            token.revoked = True
    for connection in list(state.connections.values()):
        if connection.user_id == user_id and connection.client_id == client_id:
            del state.connections[connection.id]
