"""The data initialisation wizard: review first-connection matches before anything syncs.

Each row is a record the app already holds, with the hub record suggested for it and the
reason. Two app records choosing one hub record are both flagged "already selected"; the
entity cannot be confirmed until every flag is resolved (another hub record, or a new one).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from hub.connections import ConnectionError_
from hub.jobs.queues import enqueue
from hub.models import Link, Match, Record
from hub.services.connecting import declared_fields, update_settings
from hub.sync import matching
from hub.web_db import db_session
from web.access import admin_required, org_blueprint
from web.connections import connection_or_404, connector_of
from web.filters import record_email, record_label

bp = org_blueprint("matching", __name__, "/connections/<connection_id>/matching")

PAGE = 50
MAX_OPTIONS = 1000  # hub records offered per select; the suggested ones are always in
TAX_SETTING = "prices_include_tax"


def _reviewing(row: Any) -> list[str]:
    return sorted(entity for entity, state in row.matching.items() if state == "review")


def _candidates(row: Any, entity: str, chosen: set[str]) -> list[tuple[str, str]]:
    """Hub records an app record may be matched with: not linked to this app yet."""
    database = db_session()
    linked = select(Link.record_id).where(Link.connection_id == row.id)
    base = select(Record.id, Record.data).where(
        Record.org_id == row.org_id,
        Record.entity == entity,
        Record.deleted.is_(False),
        Record.id.not_in(linked),
    )
    found = {
        rid: data for rid, data in database.execute(base.order_by(Record.id).limit(MAX_OPTIONS))
    }
    missing = chosen - set(found)
    if missing:
        found.update(database.execute(base.where(Record.id.in_(missing))).all())
    options = [(rid, _describe(data)) for rid, data in found.items()]
    return sorted(options, key=lambda option: option[1].lower())


def _describe(data: dict[str, Any]) -> str:
    email = record_email(data)
    return f"{record_label(data)} · {email}" if email else record_label(data)


def _unmatched(row: Any, entity: str) -> tuple[int, list[str]]:
    """Hub records no app record chose: created in the app once the entity is shared to it."""
    database = db_session()
    taken = select(Match.record_id).where(
        Match.connection_id == row.id, Match.entity == entity, Match.record_id.is_not(None)
    )
    query = select(Record.data).where(
        Record.org_id == row.org_id,
        Record.entity == entity,
        Record.deleted.is_(False),
        Record.id.not_in(select(Link.record_id).where(Link.connection_id == row.id)),
        Record.id.not_in(taken),
    )
    count = database.scalar(select(func.count()).select_from(query.subquery())) or 0
    sample = [record_label(data) for data in database.scalars(query.limit(10))]
    return count, sample


@bp.get("/")
def review(connection_id: str) -> Any:
    row = connection_or_404(connection_id)
    connector = connector_of(row)
    entities = _reviewing(row)
    entity = request.args.get("entity") or (entities[0] if entities else None)
    if entity not in entities:
        return render_template("matching.html", connection=row, connector=connector, entity=None)
    database = db_session()
    clashes = matching.flagged(database, row, entity)
    flagged_ids = {match_id for ids in clashes.values() for match_id in ids}
    only_flagged = request.args.get("flagged") == "1"
    query = select(Match).where(Match.connection_id == row.id, Match.entity == entity)
    if only_flagged:
        query = query.where(Match.id.in_(flagged_ids or {""}))
    total = database.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, request.args.get("page", 1, type=int))
    rows = list(
        database.scalars(
            query.order_by(Match.external_label, Match.id).offset((page - 1) * PAGE).limit(PAGE)
        )
    )
    chosen = {m.record_id for m in rows if m.record_id}
    unmatched_count, unmatched_sample = _unmatched(row, entity)
    return render_template(
        "matching.html",
        connection=row,
        connector=connector,
        entity=entity,
        entities=entities,
        rows=rows,
        flagged_ids=flagged_ids,
        flagged_count=len(flagged_ids),
        only_flagged=only_flagged,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE)),
        options=_candidates(row, entity, chosen),
        unmatched_count=unmatched_count,
        unmatched_sample=unmatched_sample,
        pushes=row.matrix.get(entity) in ("push", "both"),
        can_push=bool(connector.capability(entity) and connector.capability(entity).allows("push")),
        tax_question=entity == "items" and TAX_SETTING in declared_fields(connector),
        prices_include_tax=bool(row.settings.get(TAX_SETTING)),
        external_email=lambda m: record_email(m.external_data),
    )


def _back(connection_id: str, entity: str) -> Any:
    return redirect(
        url_for(
            "matching.review",
            connection_id=connection_id,
            entity=entity,
            flagged=request.form.get("flagged") or None,
            page=request.form.get("page") or None,
        )
    )


@bp.post("/<entity>")
@admin_required
def decide(connection_id: str, entity: str) -> Any:
    """Save the choices of one page: a hub record, or a new record for the app's one."""
    row = connection_or_404(connection_id)
    database = db_session()
    refused = []
    for key, value in request.form.items():
        if not key.startswith("m:"):
            continue
        match = database.get(Match, key[2:])
        if match is None or match.connection_id != row.id or match.entity != entity:
            continue
        try:
            if value == "create_new":
                if match.decision != "create_new":
                    matching.decide(database, row, match.id, "create_new")
            elif value != match.record_id or match.decision != "accepted":
                matching.decide(database, row, match.id, "accept", value)
        except matching.MatchingError as exc:
            refused.append(f"{match.external_label}: {exc}")
    database.commit()
    for message in refused:
        flash(message, "error")
    flagged = matching.flagged(database, row, entity)
    if not refused:
        left = sum(len(ids) for ids in flagged.values())
        flash(
            f"Choices saved. {left} row(s) still flagged." if left else "Choices saved.", "success"
        )
    return _back(row.id, entity)


@bp.post("/<entity>/confirm")
@admin_required
def confirm(connection_id: str, entity: str) -> Any:
    """Link the pairs and let the entity sync; refused while any row is flagged."""
    row = connection_or_404(connection_id)
    connector = connector_of(row)
    database = db_session()
    try:
        if entity == "items" and TAX_SETTING in declared_fields(connector):
            included = request.form.get(TAX_SETTING) == "yes"
            update_settings(database, current_app, row, connector, {TAX_SETTING: included})
        if request.form.get("create_in_app") == "yes":
            capability = connector.capability(entity)
            if capability is not None and capability.allows("push"):
                direction = "both" if capability.allows("both") else "push"
                row.matrix = {**row.matrix, entity: direction}
        linked = matching.confirm(database, row, entity)
    except (matching.MatchingError, ConnectionError_) as exc:
        database.rollback()
        flash(str(exc), "error")
        return _back(row.id, entity)
    database.commit()
    enqueue(current_app, "sync", "hub.jobs.tasks.sync_connection", row.id, "matching")
    flash(f"{linked} {entity.replace('_', ' ')} linked; they sync from now on.", "success")
    if _reviewing(row):
        return redirect(url_for("matching.review", connection_id=row.id))
    return redirect(url_for("conn.show", connection_id=row.id))
