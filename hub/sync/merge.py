"""Three-way merge of an app's version of a record into the hub's, field by field.

The base is what this app and the hub last agreed on (the link's snapshot). A field the
app changed since then is taken, unless the hub changed the same field too: then the newer
timestamp wins and the clash is reported as a conflict. A field the app does not send is
one it does not carry, never a deletion; the app clears a field by sending null.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Conflict:
    field: str
    hub_value: Any
    app_value: Any
    winner: str  # "hub" or "app"


@dataclass
class MergeResult:
    data: dict[str, Any]
    app_changed: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def merge(
    base: dict[str, Any] | None,
    incoming: dict[str, Any],
    current: dict[str, Any],
    *,
    app_updated_at: datetime | None,
    hub_updated_at: datetime | None,
    hub_changed: bool = True,
) -> MergeResult:
    """Apply the app's changes since `base` to `current`, settling same-field clashes.

    `hub_changed=False` says the hub's record is the version last exchanged with the app:
    a field that differs from `base` then differs only in how the app writes it (a phone
    in one string, a derived last name), not by an edit, so it is no conflict.
    """
    base = current if base is None else base
    merged = dict(current)
    result = MergeResult(merged)
    app_newer = app_updated_at is None or hub_updated_at is None or app_updated_at >= hub_updated_at
    for key, app_value in incoming.items():
        base_value = base.get(key)
        if app_value == base_value:
            continue  # the app did not change it
        hub_value = current.get(key)
        if hub_value == app_value:
            continue  # both made the same change
        result.app_changed.append(key)
        if hub_changed and hub_value != base_value:  # the hub changed it too, since then
            winner = "app" if app_newer else "hub"
            result.conflicts.append(Conflict(key, hub_value, app_value, winner))
            if winner == "hub":
                continue
        if app_value is None:
            merged.pop(key, None)
        else:
            merged[key] = app_value
    return result
