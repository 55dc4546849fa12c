"""OAuth 2.0 with Xero through Authlib: authorize (PKCE), exchange, tenants, refresh, revoke.

The console calls `XeroOAuth.authorization_url`, `exchange_code`, `list_tenants` and `revoke`;
the connector keeps its tokens fresh with `TokenKeeper`. Credentials are a plain dict:
the token fields plus the app's `client_id` (and `client_secret` for a web app), so a
connection can refresh on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session

from hub.sdk.errors import ConfigurationError, ReauthorizationRequired, RetryLater

from .settings import API_URL, IDENTITY_URL, LOGIN_URL

SCOPES = (
    "offline_access",
    "openid",
    "profile",
    "email",
    "accounting.transactions",
    "accounting.contacts",
    "accounting.settings",
    "accounting.attachments",
    "accounting.journals.read",
)
PAYROLL_SCOPES = (
    "payroll.employees",
    "payroll.timesheets",
    "payroll.payruns",
    "payroll.payslip",
    "payroll.settings",
)
TOKEN_FIELDS = ("access_token", "refresh_token", "expires_at", "token_type", "scope")
REAUTHORISE = "Xero needs re-authorisation: reconnect the Xero organisation in the console."
# Refresh a little before Xero's 30 minutes are up, so no call goes out with a dying token.
LEEWAY = 120
TIMEOUT = 30.0
# What a refresh whose answer never arrived looks like from here.
_LOST = (requests.ConnectionError, requests.Timeout, requests.HTTPError, ValueError)


@dataclass(frozen=True)
class XeroOAuth:
    """The hub's Xero app and Xero's identity hosts (the sandbox's in tests)."""

    client_id: str
    client_secret: str | None = None
    login_url: str = LOGIN_URL
    identity_url: str = IDENTITY_URL
    api_url: str = API_URL
    scopes: tuple[str, ...] = SCOPES

    @classmethod
    def from_app(cls, app: Mapping[str, Any], *fallbacks: Mapping[str, Any]) -> XeroOAuth:
        """From the marketplace's registration (HUB_APPS) or a connection's credentials;
        a URL missing there is taken from `fallbacks`, then Xero's own."""

        def url(key: str, default: str) -> str:
            for source in (app, *fallbacks):
                if source.get(key):
                    return str(source[key]).rstrip("/")
            return default

        return cls(
            str(app.get("client_id") or ""),
            app.get("client_secret") or None,
            url("login_url", LOGIN_URL),
            url("identity_url", IDENTITY_URL),
            url("api_url", API_URL),
        )

    @property
    def urls(self) -> dict[str, str]:
        return {
            "login_url": self.login_url,
            "identity_url": self.identity_url,
            "api_url": self.api_url,
        }

    @property
    def token_url(self) -> str:
        return f"{self.identity_url}/connect/token"

    def session(self, token: Mapping[str, Any] | None = None, **kwargs: Any) -> OAuth2Session:
        """An Authlib session for this app; PKCE apps (no secret) authenticate by client_id."""
        method = "client_secret_basic" if self.client_secret else "none"
        return OAuth2Session(
            self.client_id,
            self.client_secret,
            token_endpoint_auth_method=method,
            revocation_endpoint_auth_method=method,
            token=dict(token) if token else None,
            default_timeout=TIMEOUT,
            **kwargs,
        )

    def authorization_url(
        self, redirect_uri: str, state: str, payroll: bool = False
    ) -> tuple[str, str]:
        """Where to send the user, and the PKCE code verifier to keep for `exchange_code`.

        Payroll scopes are asked for only when the user wants payroll access.
        """
        scopes = self.scopes + (PAYROLL_SCOPES if payroll else ())
        verifier = generate_token(64)
        with self.session(
            scope=" ".join(scopes), redirect_uri=redirect_uri, code_challenge_method="S256"
        ) as oauth:
            url, _ = oauth.create_authorization_url(
                f"{self.login_url}/identity/connect/authorize", state=state, code_verifier=verifier
            )
        return url, verifier

    def exchange_code(self, code: str, redirect_uri: str, code_verifier: str) -> dict[str, Any]:
        """Trade the code from the redirect for tokens: the connection's credentials."""
        with self.session(redirect_uri=redirect_uri) as oauth:
            token = _token_call(
                lambda: oauth.fetch_token(
                    self.token_url,
                    grant_type="authorization_code",
                    code=code,
                    redirect_uri=redirect_uri,
                    code_verifier=code_verifier,
                )
            )
        return self.credentials(token)

    def refresh(self, credentials: Mapping[str, Any]) -> dict[str, Any]:
        """New tokens from the refresh token; Xero rotates it, so both must be stored."""
        refresh_token = credentials.get("refresh_token")
        if not refresh_token:
            raise ReauthorizationRequired(REAUTHORISE, "no refresh token stored")
        with self.session() as oauth:
            token = _token_call(lambda: oauth.refresh_token(self.token_url, refresh_token))
        return self.credentials(token, base=credentials)

    def list_tenants(self, credentials: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The organisations these tokens reach (`GET /connections`), to choose one from."""
        with self.session(token=_token(credentials)) as oauth:
            try:
                response = oauth.get(f"{self.api_url}/connections")
            except requests.RequestException as exc:
                raise RetryLater("Could not reach Xero; try again.", type(exc).__name__) from None
        if response.status_code == 401:
            raise ReauthorizationRequired(REAUTHORISE, "GET /connections -> 401")
        if response.status_code != 200:
            raise RetryLater(f"Xero answered {response.status_code} listing organisations.")
        return [
            {
                "connection_id": row["id"],
                "tenant_id": row["tenantId"],
                "name": row.get("tenantName") or "",
                "type": row.get("tenantType") or "",
            }
            for row in response.json()
        ]

    def revoke(self, credentials: Mapping[str, Any]) -> None:
        """Revoke the refresh token on disconnect (Xero drops the user's connections too)."""
        refresh_token = credentials.get("refresh_token")
        if not refresh_token:
            return
        with self.session() as oauth:
            response = _token_call(
                lambda: oauth.revoke_token(
                    f"{self.identity_url}/connect/revocation",
                    refresh_token,
                    token_type_hint="refresh_token",
                )
            )
        if response.status_code >= 400:
            raise RetryLater(f"Xero answered {response.status_code} to the revocation.")

    def credentials(
        self, token: Mapping[str, Any], base: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Stored credentials: the previous ones overlaid with the new token's fields."""
        result = dict(base or {})
        result.update({key: token[key] for key in TOKEN_FIELDS if token.get(key) is not None})
        result["client_id"] = self.client_id
        if self.client_secret:
            result["client_secret"] = self.client_secret
        result.update(self.urls)  # so the connection reaches the same Xero later
        return result


def _token(credentials: Mapping[str, Any]) -> dict[str, Any]:
    return {key: credentials[key] for key in TOKEN_FIELDS if credentials.get(key) is not None}


def _token_call(call: Callable[[], Any]) -> Any:
    """Run a token endpoint call, naming Xero's refusals as the hub's errors."""
    try:
        return call()
    except OAuthError as exc:
        if exc.error == "invalid_grant":
            raise ReauthorizationRequired(REAUTHORISE, f"token endpoint: {exc.error}") from None
        raise ConfigurationError(
            f"Xero refused the hub's app ({exc.error}); check the Xero app's client id and secret.",
            f"token endpoint: {exc.error}",
        ) from None


class TokenKeeper:
    """Keeps one connection's access token fresh and persists each rotation at once."""

    def __init__(
        self,
        oauth: XeroOAuth,
        credentials: Mapping[str, Any],
        save: Callable[[dict[str, Any]], None] | None,
        on_rotate: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.oauth = oauth
        self.credentials = dict(credentials)
        self._save = save
        self._on_rotate = on_rotate

    @property
    def token(self) -> dict[str, Any]:
        return _token(self.credentials)

    def expired(self) -> bool:
        expires_at = self.credentials.get("expires_at")
        return expires_at is None or float(expires_at) - LEEWAY <= time.time()

    def ensure_fresh(self) -> None:
        if self.expired():
            self.refresh()

    def refresh(self) -> None:
        """Refresh once; if the answer is lost, try the same refresh token again (Xero keeps
        a rotated token valid for 30 minutes), then give up until the next run."""
        try:
            fresh = self.oauth.refresh(self.credentials)
        except _LOST:
            try:
                fresh = self.oauth.refresh(self.credentials)
            except _LOST as exc:
                raise RetryLater(
                    "Xero's sign-in service did not answer; the sync resumes later.",
                    f"token refresh lost twice: {type(exc).__name__}",
                ) from None
        # A rotated refresh token is valid once: store it before anything else can fail.
        if self._save is not None:
            self._save(fresh)
        self.credentials = fresh
        if self._on_rotate is not None:
            self._on_rotate(fresh)
