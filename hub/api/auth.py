"""API authentication: an organization's key in `Authorization: Bearer ...`."""

from __future__ import annotations

from flask import g, request

from hub.accounts import org_for_api_key
from hub.api.errors import abort
from hub.web_db import db_session


def check_request_org() -> None:
    """Before any API view: authenticate, and refuse another organization's URLs.

    This runs before the body is parsed, so a key of organization A learns nothing about
    B's URLs, not even whether a body would have been valid there.
    """
    org_id = (request.view_args or {}).get("org_id")
    if org_id is not None:
        require_org(str(org_id))


def require_org(org_id: str) -> str:
    """The org id if the request's key belongs to it; 401 without a key, else 404.

    Another organization's id answers 404, exactly as an id that does not exist, so a
    key never learns whether someone else's organization exists.
    """
    if getattr(g, "api_org_id", None) is None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            abort(
                401,
                "Missing API key: send 'Authorization: Bearer <key>'.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        found = org_for_api_key(db_session(), token.strip())
        if found is None:
            abort(401, "Invalid or revoked API key.", headers={"WWW-Authenticate": "Bearer"})
        g.api_org_id = found
    if str(org_id) != g.api_org_id:
        abort(404, "Not found.")
    return g.api_org_id
