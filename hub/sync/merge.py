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
    first_exchange = base is None
    app_newer = app_updated_at is None or hub_updated_at is None or app_updated_at >= hub_updated_at
    result = MergeResult({})
    result.data = _merge_object(
        current if base is None else base,
        incoming,
        current,
        result,
        "",
        hub_changed=hub_changed,
        app_newer=app_newer,
        first_exchange=first_exchange,
    )
    return result


def _merge_object(
    base: dict[str, Any],
    incoming: dict[str, Any],
    current: dict[str, Any],
    result: MergeResult,
    prefix: str,
    *,
    hub_changed: bool,
    app_newer: bool,
    first_exchange: bool,
) -> dict[str, Any]:
    """Merge one object, descending into nested objects so that a sub-field the app does
    not carry (an item's sale account, set by the ledger) survives the app's edit of a
    sibling (the sale price). Lists are replaced whole."""
    merged = dict(current)
    for key, app_value in incoming.items():
        path = f"{prefix}{key}"
        base_value = base.get(key)
        if app_value == base_value:
            continue  # the app did not change it
        hub_value = current.get(key)
        if hub_value == app_value:
            continue  # both made the same change
        if app_value is None and first_exchange:
            continue  # on first link, an empty app field is no reason to erase the hub's
        if isinstance(app_value, dict) and isinstance(hub_value, dict):
            merged[key] = _merge_object(
                base_value if isinstance(base_value, dict) else hub_value,
                app_value,
                hub_value,
                result,
                f"{path}.",
                hub_changed=hub_changed,
                app_newer=app_newer,
                first_exchange=first_exchange,
            )
            continue
        result.app_changed.append(path)
        if hub_changed and hub_value != base_value:  # the hub changed it too, since then
            winner = "app" if app_newer else "hub"
            result.conflicts.append(Conflict(path, hub_value, app_value, winner))
            if winner == "hub":
                continue
        if app_value is None:
            merged.pop(key, None)
        else:
            merged[key] = app_value
    return merged
