"""Jinja filters and globals the console's templates share: times, labels, directions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask, g

from web import access

DIRECTION_LABELS = {
    "off": "Off",
    "pull": "From the app",
    "push": "To the app",
    "both": "Both ways",
}
STATUS_LABELS = {
    "connected": "Connected",
    "reauthorize": "Needs re-authorisation",
    "paused": "Paused",
    "error": "Error",
}
# What a record is called in lists, by the first field it has.
LABEL_FIELDS = ("name", "number", "code", "reference", "title", "description", "email")


def when(value: datetime | None) -> str:
    """A UTC timestamp as people read it; the full ISO time is in the title attribute."""
    if value is None:
        return "—"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def ago(value: datetime | None) -> str:
    if value is None:
        return "never"
    seconds = int((datetime.now(UTC) - value).total_seconds())
    if seconds < 0:
        return f"in {_span(-seconds)}"
    return "just now" if seconds < 5 else f"{_span(seconds)} ago"


def _span(seconds: int) -> str:
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{seconds} seconds"


def due(value: datetime | None) -> str:
    """When the next automatic sync is: a time already past means at the next tick."""
    if value is None or value <= datetime.now(UTC):
        return "due now"
    return ago(value)


def interval(seconds: int) -> str:
    return _span(int(seconds))


def record_label(data: dict[str, Any] | None) -> str:
    data = data or {}
    for key in LABEL_FIELDS:
        if data.get(key):
            return str(data[key])
    emails = data.get("emails") or []
    if emails and emails[0].get("address"):
        return str(emails[0]["address"])
    return "(untitled)"


def record_email(data: dict[str, Any] | None) -> str:
    emails = (data or {}).get("emails") or []
    return str(emails[0].get("address", "")) if emails else ""


def entity_label(entity: str) -> str:
    return entity.replace("_", " ").capitalize()


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        when=when,
        ago=ago,
        due=due,
        interval=interval,
        record_label=record_label,
        record_email=record_email,
        entity_label=entity_label,
        direction=lambda d: DIRECTION_LABELS.get(d, d),
        status_label=lambda s: STATUS_LABELS.get(s, s),
    )

    @app.context_processor
    def console_globals() -> dict[str, Any]:
        return {
            "is_admin": access.is_admin,
            "current_org": g.get("org"),
            "current_user": g.get("user"),
            # Pages other packages add to the console (e.g. web.dashboard) join the menu.
            "has_page": lambda endpoint: endpoint in app.view_functions,
        }
