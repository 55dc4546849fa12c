"""Harvest users <-> canonical employees; time entries -> canonical timesheets.

References hold Harvest's ids (a timesheet's `employee_id` is the Harvest user id as text);
the engine turns them into hub ids. Fields Harvest does not carry are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from hub.sdk import Notes

Record = dict[str, Any]
ZERO = Decimal(0)
# Which of an employee's phones becomes Harvest's one telephone number, best first.
PHONE_ORDER = ("MOBILE", "DIRECT", "DEFAULT", "OFFICE", "HOME", "OTHER")


def timestamp(text: str) -> datetime:
    """Harvest's `2017-06-26T21:52:18Z` as an aware UTC datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def employee(user: Record) -> Record:
    """A Harvest user as a canonical employee (name, email and telephone are all it shares)."""
    telephone = (user.get("telephone") or "").strip()
    return {
        "first_name": user["first_name"],
        "last_name": user["last_name"],
        "email": user.get("email") or None,
        "phones": [{"type": "DEFAULT", "number": telephone}] if telephone else [],
    }


def one_phone(data: Record, notes: Notes, key: str) -> Record:
    """Harvest keeps one telephone number: the best of the employee's (mobile first)."""
    phones = sorted(
        data.get("phones") or [],
        key=lambda p: PHONE_ORDER.index(p.get("type")) if p.get("type") in PHONE_ORDER else 9,
    )
    if len(phones) <= 1:
        return data
    notes.add(
        "employees",
        key,
        f"Harvest keeps one telephone number: {phones[0]['number']} was sent, "
        f"{len(phones) - 1} other number(s) were not.",
    )
    return {**data, "phones": phones[:1]}


def user_payload(data: Record) -> Record:
    """The fields of a canonical employee that a Harvest user carries (absent ones stay out)."""
    payload: Record = {k: data[k] for k in ("first_name", "last_name", "email") if k in data}
    if "phones" in data:
        phones = data["phones"] or []
        payload["telephone"] = phones[0]["number"] if phones else ""
    if data.get("status") is not None:
        # Archiving is Harvest's way of ending someone's access; its history stays.
        payload["is_active"] = data["status"] != "TERMINATED"
    return payload


def _text(value: Decimal) -> str:
    return format(value.normalize() if value else ZERO, "f")


def timesheet(
    user: Record, start: date, end: date, entries: Iterable[Record], pay_item: str | None
) -> Record:
    """One user's entries of one pay period as a canonical timesheet.

    A line per project and task, with the hours of each day of the period; the timesheet
    is APPROVED once every entry in it is (Harvest's timesheet approval closes entries).
    """
    days = (end - start).days + 1
    lines: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [ZERO] * days)
    closed = True
    for entry in entries:
        spent = date.fromisoformat(entry["spent_date"])
        key = (entry["project"]["name"], entry["task"]["name"])
        lines[key][(spent - start).days] += Decimal(entry["hours"])
        closed = closed and bool(entry.get("is_closed"))
    total = sum((h for hours in lines.values() for h in hours), ZERO)
    made: list[Record] = []
    for (project, task), hours in sorted(lines.items()):
        line: Record = {"project": project, "task": task, "hours": [_text(h) for h in hours]}
        if pay_item:
            line["pay_item"] = pay_item
        made.append(line)
    return {
        "employee_id": str(user["id"]),
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "status": "APPROVED" if closed else "DRAFT",
        "total_hours": _text(total),
        "lines": made,
    }


def timesheet_id(user_id: Any, start: date) -> str:
    """A timesheet's id: the Harvest user and the first day of the period."""
    return f"{user_id}:{start.isoformat()}"


def parse_timesheet_id(external_id: str) -> tuple[int, date]:
    user_id, _, start = external_id.partition(":")
    return int(user_id), date.fromisoformat(start)
