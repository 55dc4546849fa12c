"""Checking API calls: the bearer token, the xero-tenant-id header and the scope."""

from __future__ import annotations

from flask import request

from . import dates
from .errors import forbidden, unauthorized
from .store import Org, State
from .tokens import AccessToken

_ACCOUNTING = [
    "accounting.transactions",
    "accounting.contacts",
    "accounting.settings",
    "accounting.attachments",
    "accounting.budgets",
    "accounting.reports",
    "accounting.reports.tenninetynine",
    # Granular scopes for apps created from March 2026 (unconfirmed; accepted as well).
    "accounting.invoices",
    "accounting.payments",
    "accounting.banktransactions",
    "accounting.manualjournals",
]
_PAYROLL = [
    "payroll.employees",
    "payroll.timesheets",
    "payroll.payruns",
    "payroll.payslip",
    "payroll.settings",
]
_OTHER = ["files", "assets", "projects"]

KNOWN_SCOPES = frozenset(
    ["openid", "profile", "email", "offline_access", "accounting.journals.read"]
    + ["paymentservices", "bankfeeds", "app.connections", "marketplace.billing"]
    + [s for base in _ACCOUNTING + _PAYROLL + _OTHER for s in (base, base + ".read")]
)

# Endpoint group -> scopes that grant writing; reading also accepts each `.read` variant.
SCOPES: dict[str, tuple[str, ...]] = {
    "contacts": ("accounting.contacts",),
    "invoices": ("accounting.transactions", "accounting.invoices"),
    "items": ("accounting.settings", "accounting.invoices"),
    "payments": ("accounting.transactions", "accounting.payments"),
    "manualjournals": ("accounting.transactions", "accounting.manualjournals"),
    "transactions": ("accounting.transactions",),
    "settings": ("accounting.settings",),
    "attachments": ("accounting.attachments",),
    # Payroll (AU, and the legacy US API): one group per payroll scope.
    **{scope: (scope,) for scope in _PAYROLL},
}
READ_ONLY = {"journals": ("accounting.journals.read",)}


def bearer(state: State) -> AccessToken:
    """The live access token on this request, or a 401 problem."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        raise unauthorized("AuthenticationUnsuccessful")
    token = state.access_tokens.get(header[7:].strip())
    if token is None or token.revoked:
        raise unauthorized("AuthenticationUnsuccessful")
    if token.expires_at <= dates.now():
        stamp = token.expires_at.strftime("%m/%d/%Y %H:%M:%S")
        raise unauthorized(f"TokenExpired: token expired at {stamp}", expired=True)
    return token


def reachable_tenants(state: State, token: AccessToken) -> list[str]:
    """Tenants the token reaches: its user's current connections to this app."""
    if token.tenant_ids is not None:
        return list(token.tenant_ids)
    return [
        c.tenant_id
        for c in state.connections.values()
        if c.user_id == token.user_id and c.client_id == token.client_id
    ]


def tenant(state: State, token: AccessToken) -> Org:
    """The organisation named by xero-tenant-id, if the token may reach it (else 403)."""
    wanted = request.headers.get("xero-tenant-id", "").strip().lower()
    if not wanted or wanted not in reachable_tenants(state, token) or wanted not in state.orgs:
        raise forbidden()
    return state.orgs[wanted]


def check_scope(token: AccessToken, group: str, method: str) -> None:
    """401 AuthorizationUnsuccessful when the token lacks the endpoint's scope."""
    reading = method in ("GET", "HEAD")
    if group in READ_ONLY:
        allowed = set(READ_ONLY[group])
    else:
        allowed = set(SCOPES[group])
        if reading:
            allowed |= {scope + ".read" for scope in SCOPES[group]}
    if not allowed & token.scopes:
        raise unauthorized("AuthorizationUnsuccessful")
