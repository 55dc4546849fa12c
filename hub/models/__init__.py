"""SQLAlchemy models of the hub; importing this module registers every table."""

from __future__ import annotations

from hub.models import widgets  # noqa: F401  (projections, exchange rates, dashboards)
from hub.models.base import Base, utcnow
from hub.models.connections import (
    DIRECTIONS,
    STATUSES,
    Connection,
    Cursor,
    Match,
    Pending,
    RunEntry,
    SyncRun,
    WebhookEvent,
)
from hub.models.records import Change, Link, Record
from hub.models.tenancy import ROLES, ApiKey, Membership, Organization, User

__all__ = [
    "DIRECTIONS",
    "STATUSES",
    "Connection",
    "Cursor",
    "Match",
    "Pending",
    "RunEntry",
    "SyncRun",
    "WebhookEvent",
    "ROLES",
    "ApiKey",
    "Base",
    "Change",
    "Link",
    "Membership",
    "Organization",
    "Record",
    "User",
    "utcnow",
]
