"""The data browser: canonical records, searched and filtered, with the apps each is linked to."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import abort, current_app, g, render_template, request
from sqlalchemy import String, cast, func, select

import schema
from hub.models import Connection, Link, Record
from hub.web_db import db_session
from web.access import org_blueprint

log = logging.getLogger("hub.web")
bp = org_blueprint("data", __name__, "/data")

PAGE = 50


@dataclass(frozen=True)
class AppLink:
    """Where a hub record lives in one app: its id there and, if the app says, its page."""

    title: str
    external_id: str
    url: str | None
    connection_id: str


def _connections() -> dict[str, tuple[Connection, Any]]:
    registry = current_app.extensions["hub.registry"]
    found = {}
    for row in db_session().scalars(select(Connection).where(Connection.org_id == g.org_id)):
        try:
            found[row.id] = (row, registry.get(row.connector))
        except KeyError:
            found[row.id] = (row, None)
    return found


def _url(connector: Any, row: Connection, link: Link) -> str | None:
    """The record's page in the app, when the connector declares `record_url`."""
    hook = getattr(connector, "record_url", None)
    if hook is None:
        return None
    try:
        url = hook(link.entity, link.external_id, row.settings, row.tenant_id)
    except Exception:  # a link the connector cannot build is shown without its page
        log.warning("record_url of %s failed", row.connector, exc_info=True)
        return None
    return str(url) if url else None


def links_for(record_ids: list[str]) -> dict[str, list[AppLink]]:
    if not record_ids:
        return {}
    connections = _connections()
    found: dict[str, list[AppLink]] = {}
    for link in db_session().scalars(
        select(Link).where(Link.org_id == g.org_id, Link.record_id.in_(record_ids))
    ):
        row, connector = connections.get(link.connection_id, (None, None))
        if row is None:
            continue
        title = str(connector.title) if connector is not None else link.connector
        found.setdefault(link.record_id, []).append(
            AppLink(title, link.external_id, _url(connector, row, link), row.id)
        )
    return found


@bp.get("/")
def index() -> Any:
    database = db_session()
    entity = request.args.get("entity") or None
    if entity is not None and entity not in schema.ENTITIES:
        abort(404)
    q = (request.args.get("q") or "").strip()
    query = select(Record).where(Record.org_id == g.org_id, Record.deleted.is_(False))
    if entity:
        query = query.where(Record.entity == entity)
    if q:
        # The JSON text holds every field: one search box finds names, emails, numbers, codes.
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(cast(Record.data, String).ilike(pattern, escape="\\"))
    page = max(1, request.args.get("page", 1, type=int))
    records = list(
        database.scalars(
            query.order_by(Record.updated_at.desc(), Record.id.desc())
            .offset((page - 1) * PAGE)
            .limit(PAGE + 1)
        )
    )
    more, records = len(records) > PAGE, records[:PAGE]
    counts = dict(
        database.execute(
            select(Record.entity, func.count())
            .where(Record.org_id == g.org_id, Record.deleted.is_(False))
            .group_by(Record.entity)
        ).all()
    )
    return render_template(
        "data/index.html",
        records=records,
        links=links_for([r.id for r in records]),
        entities=[e for e in schema.ENTITIES if counts.get(e)],
        counts=counts,
        entity=entity,
        q=q,
        page=page,
        more=more,
    )


@bp.get("/<record_id>")
def show(record_id: str) -> Any:
    record = db_session().get(Record, record_id)
    if record is None or record.org_id != g.org_id:
        abort(404)
    return render_template(
        "data/show.html", record=record, links=links_for([record.id]).get(record.id, [])
    )
