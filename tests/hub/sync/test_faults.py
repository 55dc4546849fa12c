"""Crashes, rate limits and webhook redelivery lose and duplicate nothing."""

from __future__ import annotations

from typing import Any

import pytest
from toyapps.app import edit

from hub.jobs.worker import work_burst
from hub.models import Cursor, SyncRun
from hub.store import Store
from hub.sync import pull as pull_module


def hub_records(toys: Any, entity: str) -> list[Any]:
    with toys.app.extensions["hub.db"].session() as session:
        return Store(session, toys.org).list(entity, limit=2000)


def crm_rows(toys: Any, resource: str) -> list[dict[str, Any]]:
    state = toys.crm_app.extensions["toy"]
    return [r for r in state.records[resource].values() if not r.get("deleted")]


def test_killed_between_page_write_and_cursor_save(toys: Any, monkeypatch: Any) -> None:
    for i in range(250):  # three pages
        edit(toys.ledger_app, "contacts", name=f"Customer {i}", email=f"c{i}@x.test")

    real_commit = pull_module.SyncContext.commit
    seen = {"pages": 0}

    def crash_on_second_cursor(self: Any) -> None:
        cursor = self.session.get(Cursor, (self.connection.id, "contacts"))
        if cursor is not None and cursor.value is not None:
            seen["pages"] += 1
            if seen["pages"] == 2:
                # The page's records are flushed, its cursor set: the process dies here.
                raise KeyboardInterrupt("kill -9")
        real_commit(self)

    monkeypatch.setattr(pull_module.SyncContext, "commit", crash_on_second_cursor)
    with pytest.raises(KeyboardInterrupt):
        toys.sync(toys.ledger)
    monkeypatch.setattr(pull_module.SyncContext, "commit", real_commit)
    assert len(hub_records(toys, "contacts")) == 100  # only the first page committed

    toys.sync(toys.ledger)
    names = sorted(r.data["name"] for r in hub_records(toys, "contacts"))
    assert names == sorted(f"Customer {i}" for i in range(250))
    assert len(crm_rows(toys, "contacts")) == 250


def test_a_429_with_retry_after_is_honoured_and_nothing_is_lost(toys: Any) -> None:
    for i in range(150):
        edit(toys.ledger_app, "contacts", name=f"Customer {i}", email=f"c{i}@x.test")
    ledger = toys.ledger_app.extensions["toy"]
    ledger.fail_next = [0, 429]  # the second page is refused once
    crm = toys.crm_app.extensions["toy"]
    crm.fail_next = [0, 0, 429]
    toys.sync(toys.ledger)
    assert len(hub_records(toys, "contacts")) == 150
    assert len(crm_rows(toys, "contacts")) == 150
    for state in (ledger, crm):
        statuses = [status for _, status in state.log]
        refused = statuses.index(429)
        # The next call waited out the app's Retry-After (1 s), and only one 429 was seen.
        assert state.log[refused + 1][0] - state.log[refused][0] >= 0.95
        assert statuses.count(429) == 1


def test_the_same_webhook_three_times_creates_one_record(toys: Any) -> None:
    state = toys.ledger_app.extensions["toy"]
    row = edit(toys.ledger_app, "contacts", name="Hooked Ltd", email="h@x.test")
    body, signature = state.signed(state.events[-1])
    client = toys.app.test_client()
    url = f"/webhooks/ledger/{toys.ledger}"
    answers = [
        client.post(
            url,
            data=body,
            headers={"X-Toy-Signature": signature, "Content-Type": "application/json"},
        )
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [202, 202, 202]
    assert [a.json["queued"] for a in answers] == [1, 0, 0]
    work_burst(toys.app)
    records = hub_records(toys, "contacts")
    assert [r.data["name"] for r in records] == ["Hooked Ltd"]
    assert [r["name"] for r in crm_rows(toys, "contacts")] == ["Hooked Ltd"]
    # A bad signature is refused and stores nothing.
    edit(toys.ledger_app, "contacts", row["id"], name="Forged")
    forged = client.post(url, data=body, headers={"X-Toy-Signature": "0" * 64})
    assert forged.status_code == 401
    work_burst(toys.app)
    assert hub_records(toys, "contacts")[0].data["name"] == "Hooked Ltd"


def test_a_record_the_app_rejects_is_listed_and_retried_when_it_changes(
    toys: Any, client: Any
) -> None:
    contact = client.post(
        f"/api/v1/orgs/{toys.org}/contacts",
        headers=toys.headers,
        json={"kind": "ORGANIZATION", "name": " "},
    ).json
    toys.sync(toys.crm)
    with toys.app.extensions["hub.db"].session() as session:
        run = session.query(SyncRun).order_by(SyncRun.started_at.desc()).first()
        assert run.status == "partial"
        assert run.counts["contacts"]["rejected"] == 1
    detail = client.get(f"/api/v1/orgs/{toys.org}/sync-runs/{run.id}", headers=toys.headers).json
    assert detail["entries"][0]["message"] == "A contact needs a name."
    assert detail["entries"][0]["record_id"] == contact["id"]

    calls = toys.crm_app.extensions["toy"].calls
    toys.sync(toys.crm)  # unchanged: not sent again
    assert toys.crm_app.extensions["toy"].calls - calls <= 2  # the two reads only
    client.patch(
        f"/api/v1/orgs/{toys.org}/contacts/{contact['id']}",
        headers=toys.headers,
        json={"name": "Fixed Ltd"},
    )
    toys.sync(toys.crm)
    assert [r["name"] for r in crm_rows(toys, "contacts")] == ["Fixed Ltd"]
