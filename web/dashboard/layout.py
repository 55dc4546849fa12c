"""A user's dashboard of one organization: which widgets, in what order, with what settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hub.models import Membership, Organization, utcnow
from hub.models.widgets import DashboardWidget, LedgerAccount
from hub.widgets.registry import catalogue

WIDTHS = (4, 6, 12)  # of a 12-column grid


class LayoutError(ValueError):
    """A change to a dashboard that cannot be made (unknown widget, not yours)."""


def widgets_of(session: Session, user_id: str, org_id: str) -> list[DashboardWidget]:
    return list(
        session.scalars(
            select(DashboardWidget)
            .where(DashboardWidget.user_id == user_id, DashboardWidget.org_id == org_id)
            .order_by(DashboardWidget.position, DashboardWidget.created_at)
        )
    )


def get(session: Session, user_id: str, org_id: str, widget_id: str) -> DashboardWidget:
    row = session.get(DashboardWidget, widget_id)
    if row is None or row.user_id != user_id or row.org_id != org_id:
        raise LayoutError("No such widget on your dashboard.")
    return row


def add(session: Session, user_id: str, org_id: str, name: str) -> DashboardWidget:
    """Put a widget at the end of the dashboard, with settings that make it show something."""
    widget = catalogue().get(name)
    if widget is None:
        raise LayoutError(f"No widget named {name!r}.")
    last = session.scalar(
        select(func.max(DashboardWidget.position)).where(
            DashboardWidget.user_id == user_id, DashboardWidget.org_id == org_id
        )
    )
    row = DashboardWidget(
        user_id=user_id,
        org_id=org_id,
        widget=name,
        title=widget.title,
        position=(last or 0) + 1,
        width=12 if widget.chart in ("table", "statement") else 6,
        settings=_starting_settings(session, org_id, name),
    )
    session.add(row)
    session.flush()
    return row


def remove(session: Session, user_id: str, org_id: str, widget_id: str) -> None:
    session.delete(get(session, user_id, org_id, widget_id))
    session.flush()


def move(session: Session, user_id: str, org_id: str, widget_id: str, step: int) -> None:
    """Move a widget `step` places (negative: towards the top); positions stay 1..n."""
    rows = widgets_of(session, user_id, org_id)
    index = next((i for i, r in enumerate(rows) if r.id == widget_id), None)
    if index is None:
        raise LayoutError("No such widget on your dashboard.")
    target = max(0, min(len(rows) - 1, index + step))
    rows.insert(target, rows.pop(index))
    now = utcnow()
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position, row.updated_at = position, now
    session.flush()


def configure(
    session: Session, row: DashboardWidget, title: str, width: int, settings: dict[str, Any]
) -> None:
    row.title = title.strip()[:200] or catalogue()[row.widget].title
    row.width = width if width in WIDTHS else row.width
    row.settings = settings
    row.updated_at = utcnow()
    session.flush()


def member_orgs(session: Session, user_id: str) -> list[tuple[str, str]]:
    """(id, name) of the organizations a user belongs to: what they may consolidate."""
    rows = session.execute(
        select(Organization.id, Organization.name)
        .join(Membership, Membership.org_id == Organization.id)
        .where(Membership.user_id == user_id)
        .order_by(Organization.name)
    )
    return [(org_id, name) for org_id, name in rows]


def accounts(session: Session, org_ids: list[str]) -> list[tuple[str, str]]:
    """(id, label) of the selected organizations' accounts, for account settings."""
    table = LedgerAccount.__table__
    rows = session.execute(
        select(table.c.record_id, table.c.code, table.c.name)
        .where(table.c.org_id.in_(org_ids))
        .order_by(table.c.code, table.c.name)
    )
    return [(rid, f"{code} · {name}" if code else name) for rid, code, name in rows]


def _starting_settings(session: Session, org_id: str, name: str) -> dict[str, Any]:
    """Account widgets need accounts: start with the bank accounts (or the first ones)."""
    if name not in ("accounts_balance", "accounts_comparison"):
        return {}
    table = LedgerAccount.__table__
    rows = session.execute(
        select(table.c.record_id, table.c.type)
        .where(table.c.org_id == org_id)
        .order_by(table.c.code, table.c.name)
    ).all()
    banks = [rid for rid, type_ in rows if type_ == "BANK"] or [rid for rid, _ in rows]
    if not banks:
        return {}
    if name == "accounts_balance":
        return {"account_id": banks[0]}
    return {"account_ids": banks[:3]}
