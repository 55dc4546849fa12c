"""Reading timesheets: time entries grouped per user and pay period.

Harvest has no timesheet object and no record of deleted entries, so a read works out
which periods may have changed and reads them whole:

- entries updated since the cursor (`updated_since`) name the periods they fall in;
- periods within `lookback_days` of today are read on every sync, and the users who had
  a timesheet there last time but have none now get their timesheet deleted;
- a first (or full) read takes every entry at once.

The cursor is `{"since": <newest updated_at read>, "seen": {<period start>: [user ids]}}`;
it moves only with the last page of a read, so a crash re-reads from the old one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from hub.sdk import ExternalRecord, Page

from . import mapping
from .client import HarvestClient
from .settings import PayPeriods

PAGE = 100  # records per page handed to the engine
Period = tuple[date, date]


class TimesheetReader:
    def __init__(
        self,
        client: HarvestClient,
        periods: PayPeriods,
        pay_item: str | None,
        lookback_days: int,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.client, self.periods, self.pay_item = client, periods, pay_item
        self.lookback, self.today = lookback_days, today

    def _entries(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for records, _ in self.client.pages("/time_entries", "time_entries", params):
            # A running timer's hours are not final: it counts once it stops.
            found += [e for e in records if not e.get("is_running")]
        return found

    def read(self, cursor: Any) -> Iterator[Page]:
        state = cursor if isinstance(cursor, dict) else {}
        since: str | None = state.get("since")
        seen = {start: set(users) for start, users in (state.get("seen") or {}).items()}
        changed = self._entries({"updated_since": since} if since else {})
        today = self.today()
        window = self.periods.overlapping(today - timedelta(days=self.lookback), today)
        if since is None:
            entries = changed
            affected = {
                self.periods.period_of(date.fromisoformat(e["spent_date"])) for e in entries
            }
        else:
            affected = {
                self.periods.period_of(date.fromisoformat(e["spent_date"])) for e in changed
            }
            entries = []
            for start, end in sorted(affected | set(window)):
                entries += self._entries({"from": start.isoformat(), "to": end.isoformat()})
            affected |= set(window)
        records, present = self._records(entries)
        for start, _ in sorted(affected):
            for user_id in sorted(seen.get(start.isoformat(), set()) - present[start]):
                records.append(
                    ExternalRecord(mapping.timesheet_id(user_id, start), {}, deleted=True)
                )
        newest = max((e["updated_at"] for e in changed), default=since)
        moved = {
            "since": newest,
            "seen": {s.isoformat(): sorted(present[s]) for s, _ in window if present[s]},
        }
        if not records:
            yield Page([], moved)
            return
        for first in range(0, len(records), PAGE):
            last = first + PAGE >= len(records)
            yield Page(records[first : first + PAGE], moved if last else cursor)

    def _records(self, entries: list[dict[str, Any]]) -> tuple[list[ExternalRecord], Any]:
        groups: dict[tuple[int, date], list[dict[str, Any]]] = defaultdict(list)
        for entry in entries:
            start, _ = self.periods.period_of(date.fromisoformat(entry["spent_date"]))
            groups[(entry["user"]["id"], start)].append(entry)
        present: dict[date, set[int]] = defaultdict(set)
        records = []
        for (user_id, start), items in sorted(groups.items()):
            present[start].add(user_id)
            end = self.periods.period_of(start)[1]
            data = mapping.timesheet({"id": user_id}, start, end, items, self.pay_item)
            name = items[0]["user"]["name"]
            records.append(
                ExternalRecord(
                    mapping.timesheet_id(user_id, start),
                    data,
                    updated_at=max(mapping.timestamp(e["updated_at"]) for e in items),
                    label=f"{name}, {start.isoformat()} to {end.isoformat()}",
                )
            )
        return records, present

    def fetch(self, external_id: str) -> ExternalRecord | None:
        """One timesheet, read afresh: the user's entries of that period."""
        user_id, start = mapping.parse_timesheet_id(external_id)
        start, end = self.periods.period_of(start)
        params = {"user_id": user_id, "from": start.isoformat(), "to": end.isoformat()}
        records, _ = self._records(self._entries(params))
        return records[0] if records else None
