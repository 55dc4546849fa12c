"""The marketplace: every registered connector, what it shares and how, from its declaration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, render_template
from sqlalchemy import select

import schema
from hub.models import Connection
from hub.web_db import db_session
from web.access import org_blueprint

bp = org_blueprint("marketplace", __name__, "/marketplace")


@dataclass(frozen=True)
class SharingRow:
    """One line of a connector's data-sharing table."""

    entity: str
    label: str  # what the app calls it
    from_app: bool
    to_app: bool
    widgets: tuple[str, ...]


def sharing_table(connector: Any) -> list[SharingRow]:
    """The connector's entities in the hub's dependency order, as its declaration says."""
    order = {entity: i for i, entity in enumerate(schema.dependency_order())}
    rows = [
        SharingRow(
            entity=entity,
            label=spec.label,
            from_app=spec.capability.allows("pull"),
            to_app=spec.capability.allows("push"),
            widgets=tuple(spec.widgets),
        )
        for entity, spec in connector.entities.items()
    ]
    return sorted(rows, key=lambda row: order.get(row.entity, len(order)))


def connectors() -> list[Any]:
    registry = current_app.extensions["hub.registry"]
    return [registry.get(name) for name in registry.names()]


@bp.get("/")
def index() -> Any:
    connected = {
        c.connector: c
        for c in db_session().scalars(select(Connection).where(Connection.org_id == g.org_id))
    }
    return render_template(
        "marketplace.html",
        connectors=[(c, sharing_table(c), connected.get(c.name)) for c in connectors()],
    )
