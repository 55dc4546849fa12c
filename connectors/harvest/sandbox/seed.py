"""`seed(app, ...)`: people tracking a few weeks of time on client projects, repeatably.

Everything goes through the API's own rules. Weekdays of the last `weeks` weeks (Monday
to Sunday, up to yesterday) get one to three entries adding up to a working day; weeks
that ended more than a week ago are approved. The same seed gives the same ids, names
and hours; dates are relative to today.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask import Flask

from . import projects, time_entries, users
from .store import Record, state_of

FIRST = (
    "Olivia Liam Charlotte Noah Amelia Jack Isla William Mia James Ava Lucas Grace Henry".split()
)
LAST = "Smith Jones Williams Brown Wilson Taylor Nguyen Johnson Martin White Anderson Lee".split()
TASKS = (("Design", True), ("Development", True), ("Project Management", True), ("Meetings", False))
CLIENTS = ("Northwind Traders", "Harbour Bikes")
PROJECTS = (
    ("Website Rebuild", "NW-01", 0),
    ("Stock App", "NW-02", 0),
    ("Fleet Portal", "HB-01", 1),
)


def _day(rng: random.Random) -> list[Decimal]:
    """Hours of one working day split into one to three entries, in quarter hours."""
    quarters = rng.randint(24, 34)  # 6 to 8.5 hours
    parts = rng.randint(1, 3)
    cuts = sorted(rng.sample(range(1, quarters), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, quarters]
    return [Decimal(b - a) / 4 for a, b in zip(bounds, bounds[1:], strict=False)]


def seed(
    app: Flask,
    *,
    people: int = 5,
    weeks: int = 4,
    seed: int = 0,
    today: date | None = None,
) -> dict[str, Any]:
    """Fill the account; returns what was made (user ids, project ids, entry count)."""
    state = state_of(app)
    rng = random.Random(f"harvest-sandbox-{seed}")
    today = today or date.today()
    with state.lock:
        owner = state.users[state.tokens[state.config["token"]]]
        tasks = [projects.add_task(state, {"name": n, "is_default": d}) for n, d in TASKS]
        clients = [projects.add_client(state, {"name": name}) for name in CLIENTS]
        made = [
            projects.add_project(
                state,
                {
                    "client_id": clients[client]["id"],
                    "name": name,
                    "code": code,
                    "is_billable": True,
                    "bill_by": "Project",
                    "budget_by": "none",
                    "hourly_rate": Decimal(rng.randint(120, 180)),
                },
            )
            for name, code, client in PROJECTS
        ]
        people_made: list[Record] = []
        taken: set[str] = set()
        while len(people_made) < people:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first.lower()}.{last.lower()}@sandbox-studio.example.com"
            if email in taken:
                continue
            taken.add(email)
            given = {"first_name": first, "last_name": last, "email": email}
            given["cost_rate"] = Decimal(rng.randint(3000, 6000)) / 100
            people_made.append(users.create(state, given))
        monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
        count = 0
        for person in people_made:
            for offset in range(weeks * 7):
                day = monday + timedelta(days=offset)
                if day >= today or day.weekday() >= 5:
                    continue
                for hours in _day(rng):
                    project = rng.choice(made)
                    task = rng.choice(tasks[:3])
                    given = {
                        "user_id": person["id"],
                        "project_id": project["id"],
                        "task_id": task["id"],
                        "spent_date": day.isoformat(),
                        "hours": hours,
                        "notes": f"{task['name']} for {project['name']}",
                    }
                    time_entries.create(state, owner, given)
                    count += 1
            # Weeks that ended before last week are approved (closed and locked).
            last_approved = today - timedelta(days=today.weekday() + 8)
            time_entries.approve(state, person["id"], monday, last_approved)
    return {
        "users": [p["id"] for p in people_made],
        "projects": [p["id"] for p in made],
        "tasks": [t["id"] for t in tasks],
        "time_entries": count,
        "first_day": monday,
    }
