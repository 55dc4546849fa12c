"""The console: Flask blueprints, Jinja templates and vendored static assets."""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

# Templates and static files (vendored from npm, never a CDN) for every console blueprint.
assets = Blueprint(
    "assets",
    __name__,
    static_folder="static",
    static_url_path="/assets",
    template_folder="templates",
)


def init_app(app: Flask) -> None:
    """Register the console on the hub's app: cookies, CSRF, blueprints, filters."""
    from web import (
        access,
        auth,
        browser,
        connect,
        connections,
        filters,
        marketplace,
        matching,
        matrix,
        oauth,
        orgs,
        runs,
    )

    # The session cookie carries the signed-in user: never readable by scripts, never sent
    # over plain HTTP (browsers treat 127.0.0.1 and localhost as secure for the demo).
    app.config.update(
        SESSION_COOKIE_NAME="hub_session",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    # CSRF is checked for console blueprints only: the API authenticates by bearer key and
    # webhooks by the app's signature, neither of which a browser sends on its own.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf = CSRFProtect(app)
    access.init_app(app, csrf)
    filters.init_app(app)

    app.register_blueprint(assets)
    for module in (
        auth,
        orgs,
        marketplace,
        connect,
        oauth,
        connections,
        matrix,
        matching,
        runs,
        browser,
    ):
        for bp in getattr(module, "blueprints", None) or [module.bp]:
            app.register_blueprint(bp)

    from web import dashboard

    dashboard.init_app(app)  # the dashboard of widgets (hub/widgets)

    @app.get("/")
    def index() -> Response:
        return redirect(url_for("orgs.index"))
