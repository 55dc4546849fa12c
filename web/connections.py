"""A connection's page: status, settings, sync now with live progress, pause, disconnect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from hub.connections import ConnectionError_
from hub.jobs.queues import enqueue
from hub.models import Connection, SyncRun, utcnow
from hub.services.connecting import disconnect_and_revoke, stored_secrets, update_settings
from hub.web_db import db_session
from web.access import admin_required, org_blueprint
from web.forms import errors_by_field, field_specs, parse_form

bp = org_blueprint("conn", __name__, "/connections")

# The automatic sync intervals offered, in seconds (the API takes any from 60 to a week).
INTERVALS = (300, 900, 1800, 3600, 6 * 3600, 86400)


def connection_or_404(connection_id: str) -> Connection:
    row = db_session().get(Connection, connection_id)
    if row is None or row.org_id != g.org_id:
        abort(404)
    return row


def connector_of(row: Connection) -> Any:
    try:
        return current_app.extensions["hub.registry"].get(row.connector)
    except KeyError:
        abort(404, f"The {row.connector} connector is not installed any more.")


def _page(row: Connection, values: dict[str, Any] | None, errors: dict[str, Any], code: int) -> Any:
    connector = connector_of(row)
    runs = list(
        db_session().scalars(
            select(SyncRun)
            .where(SyncRun.connection_id == row.id)
            .order_by(SyncRun.started_at.desc())
            .limit(5)
        )
    )
    specs = field_specs(
        connector.settings_schema,
        row.settings if values is None else values,
        stored_secrets(current_app, connector, row),
    )
    intervals = sorted({*INTERVALS, row.sync_interval})
    reviews = [entity for entity, state in row.matching.items() if state == "review"]
    return (
        render_template(
            "connection.html",
            connection=row,
            connector=connector,
            specs=specs,
            errors=errors,
            runs=runs,
            intervals=intervals,
            reviews=reviews,
            watch=request.args.get("watch"),
        ),
        code,
    )


@bp.get("/<connection_id>")
def show(connection_id: str) -> Any:
    return _page(connection_or_404(connection_id), None, {}, 200)


@bp.post("/<connection_id>/settings")
@admin_required
def save_settings(connection_id: str) -> Any:
    row = connection_or_404(connection_id)
    connector = connector_of(row)
    values = parse_form(connector.settings_schema, request.form)
    database = db_session()
    try:
        update_settings(database, current_app, row, connector, values)
    except ConnectionError_ as exc:
        database.rollback()
        flash(str(exc), "error")
        return _page(row, {**row.settings, **values}, errors_by_field(exc.errors), 422)
    database.commit()
    flash("Settings saved.", "success")
    return redirect(url_for("conn.show", connection_id=row.id))


@bp.post("/<connection_id>/sync")
@admin_required
def sync_now(connection_id: str) -> Any:
    row = connection_or_404(connection_id)
    if row.status in ("paused", "reauthorize"):
        flash(f"The connection is {row.status}: resume or reconnect it first.", "error")
        return redirect(url_for("conn.show", connection_id=row.id))
    since = utcnow()  # the run this queues begins after this moment
    enqueue(current_app, "sync", "hub.jobs.tasks.sync_connection", row.id, "manual")
    return redirect(url_for("conn.show", connection_id=row.id, watch=since.isoformat()))


@bp.get("/<connection_id>/progress")
def progress(connection_id: str) -> Any:
    """The latest run (started after `since`) with its counts so far, for the live view."""
    row = connection_or_404(connection_id)
    query = select(SyncRun).where(SyncRun.connection_id == row.id)
    since = _parse_since(request.args.get("since"))
    if since is not None:
        query = query.where(SyncRun.started_at >= since)
    run = db_session().scalar(query.order_by(SyncRun.started_at.desc()).limit(1))
    body: dict[str, Any] = {"connection": {"status": row.status, "matching": row.matching}}
    if run is None:
        body.update(state="queued", run=None)
    else:
        body.update(
            state=run.status,
            run={
                "id": run.id,
                "status": run.status,
                "trigger": run.trigger,
                "counts": run.counts,
                "api_calls": run.api_calls,
                "message": run.message,
                "started_at": run.started_at.isoformat(),
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                "url": url_for("runs.show", run_id=run.id),
            },
        )
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def _parse_since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        abort(400, "since must be an ISO 8601 time.")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@bp.post("/<connection_id>/interval")
@admin_required
def interval(connection_id: str) -> Any:
    row = connection_or_404(connection_id)
    try:
        seconds = int(request.form.get("sync_interval", ""))
    except ValueError:
        abort(400, "Choose one of the intervals offered.")
    if not 60 <= seconds <= 7 * 86400:
        abort(400, "The interval must be between a minute and a week.")
    row.sync_interval = seconds
    row.next_sync_at = utcnow() + timedelta(seconds=seconds)
    row.updated_at = utcnow()
    db_session().commit()
    flash("Automatic sync interval saved.", "success")
    return redirect(url_for("conn.show", connection_id=row.id))


@bp.post("/<connection_id>/pause")
@admin_required
def pause(connection_id: str) -> Any:
    return _set_status(connection_or_404(connection_id), "paused", "connected")


@bp.post("/<connection_id>/resume")
@admin_required
def resume(connection_id: str) -> Any:
    return _set_status(connection_or_404(connection_id), "connected", "paused")


def _set_status(row: Connection, new: str, required: str) -> Any:
    if row.status != required:
        flash(f"The connection is {row.status}; it cannot be set {new} now.", "error")
    else:
        row.status, row.updated_at = new, utcnow()
        db_session().commit()
        flash(
            "Paused: no sync runs until you resume." if new == "paused" else "Resumed.", "success"
        )
    return redirect(url_for("conn.show", connection_id=row.id))


@bp.post("/<connection_id>/disconnect")
@admin_required
def disconnect(connection_id: str) -> Any:
    row = connection_or_404(connection_id)
    connector = connector_of(row)
    database = db_session()
    revoked = disconnect_and_revoke(database, current_app, row, connector)
    database.commit()
    note = "" if revoked else f" {connector.title} could not be reached to revoke the access."
    flash(f"{connector.title} is disconnected; the hub's records stay.{note}", "success")
    return redirect(url_for("org.home"))
