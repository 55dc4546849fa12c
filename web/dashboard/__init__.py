"""Dashboards in the console: each user's widgets per organization, drawn with Chart.js."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the dashboard pages (under /orgs/<org>/dashboard) and their assets.

    Pages extend `DASHBOARD_BASE_TEMPLATE` (default: the console's "base.html").
    """
    from web.dashboard import views

    app.register_blueprint(views.assets)
    app.register_blueprint(views.bp)
