"""Sync history: runs with their counts, and each run's errors, notes, conflicts and waits."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select, update

from hub.jobs.queues import enqueue
from hub.models import Connection, Pending, RunEntry, SyncRun, utcnow
from hub.web_db import db_session
from web.access import admin_required, org_blueprint

bp = org_blueprint("runs", __name__, "/history")

PAGE = 30
KINDS = ("error", "conflict", "note", "waiting")


def _titles() -> dict[str, str]:
    registry = current_app.extensions["hub.registry"]
    titles = {}
    for row in db_session().scalars(select(Connection).where(Connection.org_id == g.org_id)):
        try:
            titles[row.id] = str(registry.get(row.connector).title)
        except KeyError:
            titles[row.id] = row.connector
    return titles


def totals(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    """The run's counts summed over its entities, for the one-line summary."""
    summed: Counter[str] = Counter()
    for numbers in (counts or {}).values():
        summed.update({k: v for k, v in numbers.items() if v})
    return dict(summed)


@bp.get("/")
def index() -> Any:
    database = db_session()
    query = select(SyncRun).where(SyncRun.org_id == g.org_id)
    connection_id = request.args.get("connection")
    if connection_id:
        query = query.where(SyncRun.connection_id == connection_id)
    page = max(1, request.args.get("page", 1, type=int))
    runs = list(
        database.scalars(
            query.order_by(SyncRun.started_at.desc()).offset((page - 1) * PAGE).limit(PAGE + 1)
        )
    )
    more, runs = len(runs) > PAGE, runs[:PAGE]
    problems = dict(
        database.execute(
            select(RunEntry.run_id, func.count())
            .where(RunEntry.run_id.in_([r.id for r in runs]), RunEntry.kind == "error")
            .group_by(RunEntry.run_id)
        ).all()
    )
    return render_template(
        "runs/index.html",
        runs=runs,
        titles=_titles(),
        problems=problems,
        totals=totals,
        connection_id=connection_id,
        page=page,
        more=more,
    )


def _run_or_404(run_id: str) -> SyncRun:
    run = db_session().get(SyncRun, run_id)
    if run is None or run.org_id != g.org_id:
        abort(404)
    return run


@bp.get("/<run_id>")
def show(run_id: str) -> Any:
    run = _run_or_404(run_id)
    entries = list(
        db_session().scalars(
            select(RunEntry).where(RunEntry.run_id == run.id).order_by(RunEntry.at, RunEntry.id)
        )
    )
    grouped = {kind: [e for e in entries if e.kind == kind] for kind in KINDS}
    duration = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
    return render_template(
        "runs/show.html",
        run=run,
        title=_titles().get(run.connection_id, "a removed connection"),
        grouped=grouped,
        duration=duration,
        connection=db_session().get(Connection, run.connection_id),
    )


@bp.post("/<run_id>/retry")
@admin_required
def retry(run_id: str) -> Any:
    """Sync the connection again, retrying what this run could not exchange.

    A record the app refused is normally retried only once it changes; retrying here sends
    it again as it is (e.g. after fixing the cause in the app). Records the app sent that
    did not fit are read again in full.
    """
    run = _run_or_404(run_id)
    database = db_session()
    connection = database.get(Connection, run.connection_id)
    if connection is None:
        abort(404)
    if connection.status in ("paused", "reauthorize"):
        flash(f"The connection is {connection.status}: resume or reconnect it first.", "error")
        return redirect(url_for("runs.show", run_id=run.id))
    errors = list(
        database.scalars(
            select(RunEntry).where(RunEntry.run_id == run.id, RunEntry.kind == "error")
        )
    )
    refused = [e.record_id for e in errors if e.record_id]
    if refused:
        database.execute(
            update(Pending)
            .where(
                Pending.connection_id == connection.id,
                Pending.direction == "push",
                Pending.reason == "rejected",
                Pending.key.in_(refused),
            )
            .values(hash=None)  # no longer "refused as it is now": sent again
        )
    reread = sorted({e.entity for e in errors if not e.record_id and e.external_id})
    database.commit()
    since = utcnow().isoformat()  # the run this starts begins after this moment
    # One job (a second would only find the connection busy): a full read when records
    # the app sent must be read again, else a normal sync that re-sends the refused ones.
    enqueue(
        current_app,
        "sync",
        "hub.jobs.tasks.sync_connection",
        connection.id,
        "retry",
        None,
        bool(reread),
    )
    flash("Retrying: a new sync has started.", "success")
    return redirect(url_for("conn.show", connection_id=connection.id, watch=since))
