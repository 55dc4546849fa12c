"""Dashboard pages: show, add, remove, arrange and configure widgets; their figures as JSON.

Built on the console's organization blueprint: only members of the organization get in
(404 for anyone else), forms carry the CSRF token, pages extend the console's layout.
Everything works without JavaScript except drawing the charts.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from hub.web_db import db_session
from hub.widgets.errors import WidgetError
from hub.widgets.registry import catalogue, run
from web.access import org_blueprint
from web.dashboard import layout, settings

bp = org_blueprint("dashboard", __name__, "/dashboard")
# Templates and static files (Chart.js vendored from the npm registry, never a CDN).
assets = Blueprint(
    "dashboard_assets",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/dashboard/assets",
)


def _base_template() -> str:
    return str(current_app.config.get("DASHBOARD_BASE_TEMPLATE", "base.html"))


def _page(status: int = 200, errors: dict[str, Any] | None = None, failed: str = "") -> Any:
    session = db_session()
    rows = layout.widgets_of(session, g.user.id, g.org_id)
    member = layout.member_orgs(session, g.user.id)
    options = {"organizations": member, "accounts": layout.accounts(session, [g.org_id])}
    widgets = catalogue()
    cards = [
        {
            "row": row,
            "widget": widgets[row.widget],
            "parameters": settings.parameters(widgets[row.widget]),
        }
        for row in rows
        if row.widget in widgets
    ]
    return (
        render_template(
            "dashboard/page.html",
            base_template=_base_template(),
            cards=cards,
            catalogue=sorted(widgets.values(), key=lambda w: (w.category, w.title)),
            options=options,
            errors=errors or {},
            failed=failed,
        ),
        status,
    )


@bp.get("")
def show() -> Any:
    return _page()


@bp.post("/widgets")
def add() -> Response:
    try:
        row = layout.add(db_session(), g.user.id, g.org_id, request.form.get("widget", ""))
    except layout.LayoutError as exc:
        flash(str(exc), "error")
        return redirect(url_for("dashboard.show"), 303)
    db_session().commit()
    return redirect(url_for("dashboard.show", _anchor=f"widget-{row.id}"), 303)


@bp.post("/widgets/<uuid:widget_id>/delete")
def remove(widget_id: Any) -> Response:
    _guarded(layout.remove, db_session(), g.user.id, g.org_id, str(widget_id))
    db_session().commit()
    return redirect(url_for("dashboard.show"), 303)


@bp.post("/widgets/<uuid:widget_id>/move")
def move(widget_id: Any) -> Response:
    step = {"up": -1, "down": 1, "top": -1000, "bottom": 1000}.get(request.form.get("to", ""), 0)
    _guarded(layout.move, db_session(), g.user.id, g.org_id, str(widget_id), step)
    db_session().commit()
    return redirect(url_for("dashboard.show", _anchor=f"widget-{widget_id}"), 303)


@bp.post("/widgets/<uuid:widget_id>/settings")
def configure(widget_id: Any) -> Any:
    session = db_session()
    row = _guarded(layout.get, session, g.user.id, g.org_id, str(widget_id))
    widget = catalogue()[row.widget]
    chosen = settings.read(widget, request.form)
    members = {org_id for org_id, _ in layout.member_orgs(session, g.user.id)}
    errors = settings.check(widget, chosen, members)
    if errors:
        return _page(422, errors, failed=row.id)
    width = request.form.get("width", "")
    layout.configure(
        session,
        row,
        request.form.get("title", ""),
        int(width) if width.isdigit() else row.width,
        chosen,
    )
    session.commit()
    flash(f"{row.title}: settings saved.", "success")
    return redirect(url_for("dashboard.show", _anchor=f"widget-{row.id}"), 303)


@bp.get("/widgets/<uuid:widget_id>/data")
def data(widget_id: Any) -> Any:
    """The widget's figures, computed with its settings, for the page's script to draw."""
    session = db_session()
    row = _guarded(layout.get, session, g.user.id, g.org_id, str(widget_id))
    widget = catalogue()[row.widget]
    members = {org_id for org_id, _ in layout.member_orgs(session, g.user.id)}
    try:
        org_ids, args = settings.arguments(widget, dict(row.settings or {}), g.org_id, members)
        figures = run(session, row.widget, org_ids, args)
    except settings.SettingsError as exc:
        return jsonify(message=str(exc), errors=exc.errors), 422
    except WidgetError as exc:
        return jsonify(message=exc.message, errors={exc.field: [exc.message]}), 422
    return jsonify(figures)


def _guarded(fn: Any, *args: Any) -> Any:
    """Run a layout change; a widget that is not on this user's dashboard is not found."""
    try:
        return fn(*args)
    except layout.LayoutError as exc:
        raise NotFound(str(exc)) from exc
