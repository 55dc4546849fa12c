"""Who may see what: the signed-in user, organization membership, admin-only actions, CSRF."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from hub.models import Membership, Organization, User
from hub.web_db import db_session

F = TypeVar("F", bound=Callable[..., Any])

# Blueprints whose pages need no signed-in user.
PUBLIC = {"auth"}
_console: set[str] = set()
CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)


def init_app(app: Flask, csrf: CSRFProtect) -> None:
    @app.before_request
    def load_user_and_check_csrf() -> Any:
        if request.blueprint not in _console:
            return None
        user_id = session.get("user_id")
        g.user = db_session().get(User, user_id) if user_id else None
        if user_id and g.user is None:
            session.clear()  # the user was deleted: the cookie means nothing now
        csrf.protect()  # 400 for a POST without this session's token
        if g.user is None and request.blueprint not in PUBLIC:
            return redirect(url_for("auth.signin", next=request.full_path.rstrip("?")))
        return None

    @app.after_request
    def console_headers(response: Any) -> Any:
        if request.blueprint in _console:
            # Scripts and styles come from this site only (vendored, no CDN); pages are
            # never framed, so a click cannot be borrowed by another site.
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def console_blueprint(name: str, import_name: str, **kwargs: Any) -> Blueprint:
    """A console blueprint: signed-in user (unless public), CSRF, HTML error pages."""
    bp = Blueprint(name, import_name, **kwargs)
    _console.add(name)
    for code in (400, 403, 404, 405, 429):
        bp.register_error_handler(code, _error_page)
    bp.register_error_handler(CSRFError, _csrf_page)
    return bp


def _error_page(error: HTTPException) -> Any:
    return render_template("error.html", error=error), error.code or 500


def _csrf_page(error: CSRFError) -> Any:
    return (
        render_template(
            "error.html",
            error=error,
            detail="The form had expired or did not come from this site; reload and try again.",
        ),
        400,
    )


def org_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    """A blueprint under /orgs/<org_id>: only members of that organization get in.

    Anyone else gets 404, exactly as for an organization that does not exist, so nothing
    tells a member of one organization what another one holds.
    """
    # The variable is `org` (not the API's `org_id`): console routes are not API routes.
    bp = console_blueprint(name, import_name, url_prefix=f"/orgs/<uuid:org>{url_prefix}")

    @bp.url_value_preprocessor
    def pull_org(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        org = (values or {}).pop("org", None)
        g.org_id = str(org) if org is not None else None

    @bp.url_defaults
    def add_org(endpoint: str, values: dict[str, Any]) -> None:
        if "org" not in values and getattr(g, "org_id", None):
            values["org"] = g.org_id

    @bp.before_request
    def require_member() -> None:
        load_membership(g.org_id)

    return bp


def load_membership(org_id: str | None) -> Membership:
    if g.get("user") is None or not org_id:
        abort(404)
    membership = db_session().scalar(
        select(Membership).where(Membership.user_id == g.user.id, Membership.org_id == org_id)
    )
    if membership is None:
        abort(404)
    g.membership = membership
    g.org = db_session().get(Organization, org_id)
    return membership


def is_admin() -> bool:
    membership = g.get("membership")
    return membership is not None and membership.role == "admin"


def admin_required(view: F) -> F:
    """Only admins connect, configure and disconnect apps; members get 403."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not is_admin():
            abort(403, "Only the organization's admins can do this.")
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def my_organizations() -> list[tuple[Organization, str]]:
    """The signed-in user's organizations with their role, by name."""
    rows = db_session().execute(
        select(Organization, Membership.role)
        .join(Membership, Membership.org_id == Organization.id)
        .where(Membership.user_id == g.user.id)
        .order_by(Organization.name)
    )
    return [(org, role) for org, role in rows]
