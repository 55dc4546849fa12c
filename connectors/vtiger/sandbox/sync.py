"""The `sync` operation (GetUpdates.php::vtws_sync): changes since a modifiedTime cursor.

1. Take up to 100 modifiedtime values greater than the cursor, ascending; `max` is the largest.
2. Return every record of the type(s) with cursor < modifiedtime <= max (more than 100 rows
   when timestamps tie): soft-deleted ones as ids in `deleted`, the rest in `updated`.
3. `more` says whether anything is newer than `max`; `lastModifiedTime` is `max` as an epoch.
Over HTTP the call is a user sync: only records owned by the session user are seen.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from itertools import islice
from typing import Any

from . import errors
from .errors import WebServiceError
from .modules import MODULES
from .records import render
from .state import Sandbox
from .store import Record

SYNC_WINDOW = 100
IGNORED = ("Users",)


def sync(
    sb: Sandbox, user_id: int, modified_time: str | None, element_type: str | None
) -> dict[str, Any]:
    cursor = _cursor(modified_time)
    entity_names = [m.name for m in MODULES if m.is_entity]
    if element_type:
        if element_type not in entity_names:
            raise errors.denied()
        names = [element_type]
    else:
        names = entity_names
    names = [name for name in names if name not in IGNORED]
    empty: dict[str, Any] = {
        "updated": [],
        "deleted": [],
        "more": False,
        "lastModifiedTime": cursor,
    }
    if not names:
        return empty
    owned_only = bool(sb.config["sync_owner_filter"])

    def visible(record: Record) -> bool:
        return not owned_only or record.owner == user_id

    def changed(name: str, after: int) -> Iterator[Record]:
        return (r for r in sb.store.modified_after(name, after) if visible(r))

    times = heapq.merge(*((r.modified_epoch for r in changed(n, cursor)) for n in names))
    window = list(islice(times, SYNC_WINDOW))
    if not window:
        return empty
    newest = window[-1]
    updated: list[dict[str, Any]] = []
    deleted: list[str] = []
    for name in names:
        for record in changed(name, cursor):
            if record.modified_epoch > newest:
                break
            if record.deleted:
                deleted.append(sb.catalog.ws_id(name, record.number))
            else:
                updated.append(render(sb, record))
    more = any(next(changed(name, newest), None) is not None for name in names)
    return {"updated": updated, "deleted": deleted, "more": more, "lastModifiedTime": newest}


def _cursor(raw: str | None) -> int:
    """modifiedTime is epoch seconds; PHP's date() reads a missing one as 0 (everything)."""
    if raw is None or str(raw).strip() == "":
        return 0
    try:
        return int(float(str(raw).strip()))
    except (ValueError, OverflowError):
        raise WebServiceError(errors.INTERNAL_SERVER_ERROR, errors.MSG_INTERNAL) from None
