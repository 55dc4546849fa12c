"""The direction matrix of the organization: entities × connected apps, within capabilities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

import schema
from hub.connections import ConnectionError_, validate_matrix
from hub.jobs.queues import enqueue
from hub.models import DIRECTIONS, Connection, utcnow
from hub.web_db import db_session
from web.access import admin_required, org_blueprint

bp = org_blueprint("matrix", __name__, "/sharing")


@dataclass
class Column:
    connection: Connection
    connector: Any

    def options(self, entity: str) -> list[str]:
        """The directions this app can take for `entity` (empty: it does not share it)."""
        capability = self.connector.capability(entity)
        if capability is None:
            return []
        return [d for d in DIRECTIONS if capability.allows(d)]


def _columns() -> list[Column]:
    registry = current_app.extensions["hub.registry"]
    columns = []
    for row in db_session().scalars(
        select(Connection).where(Connection.org_id == g.org_id).order_by(Connection.created_at)
    ):
        try:
            columns.append(Column(row, registry.get(row.connector)))
        except KeyError:  # its connector is gone: nothing to configure
            continue
    return columns


def _entities(columns: list[Column]) -> list[str]:
    shared = {entity for column in columns for entity in column.connector.entities}
    return [entity for entity in schema.dependency_order() if entity in shared]


def _page(columns: list[Column], errors: dict[str, dict[str, list[str]]], code: int) -> Any:
    return (
        render_template("matrix.html", columns=columns, entities=_entities(columns), errors=errors),
        code,
    )


@bp.get("/")
def show() -> Any:
    return _page(_columns(), {}, 200)


@bp.post("/")
@admin_required
def save() -> Any:
    columns = _columns()
    errors: dict[str, dict[str, list[str]]] = {}
    wanted: dict[str, dict[str, str]] = {}
    for column in columns:
        row = column.connection
        asked = {
            entity: request.form.get(f"{row.id}:{entity}", row.matrix.get(entity, "off"))
            for entity in column.connector.entities
        }
        try:
            wanted[row.id] = validate_matrix(column.connector, asked)
        except ConnectionError_ as exc:
            errors[row.id] = {k: list(v) for k, v in exc.errors.items()}
    if errors:
        flash("Some directions ask for more than the app can do; nothing was saved.", "error")
        return _page(columns, errors, 422)
    changed = []
    for column in columns:
        row = column.connection
        if wanted[row.id] != row.matrix:
            row.matrix, row.updated_at = wanted[row.id], utcnow()
            changed.append(row)
    db_session().commit()
    for row in changed:
        if row.status == "connected":  # what is newly shared starts flowing now
            enqueue(current_app, "sync", "hub.jobs.tasks.sync_connection", row.id, "matrix")
    flash(f"Sharing saved for {len(changed)} app(s)." if changed else "Nothing changed.", "success")
    return redirect(url_for("matrix.show"))
