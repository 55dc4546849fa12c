"""The store: hashes, versions, unchanged writes and the change feed in one transaction."""

from __future__ import annotations

from typing import Any

import pytest

from hub.db import Database
from hub.store import Store
from schema.samples import sample


def _contact(name: str) -> dict[str, Any]:
    data = sample("contacts", {})
    data.pop("sales_defaults", None)
    data.pop("purchase_defaults", None)
    return data | {"name": name}


def test_write_many_creates_updates_and_skips_unchanged(db: Database, make_org: Any) -> None:
    org, _ = make_org()
    with db.session() as session:
        store = Store(session, org)
        first = store.write_many(
            "contacts", [(None, _contact("A")), (None, _contact("B"))], origin="conn-1"
        )
    assert [w.op for w in first] == ["create", "create"]
    a, b = first[0].record_id, first[1].record_id
    with db.session() as session:
        store = Store(session, org)
        again = store.write_many(
            "contacts", [(a, _contact("A")), (b, _contact("B2"))], origin="conn-2"
        )
    assert [(w.op, w.version) for w in again] == [("unchanged", 1), ("update", 2)]
    with db.session() as session:
        store = Store(session, org)
        assert store.get("contacts", b).data["name"] == "B2"
        assert store.get("contacts", b).version == 2
        feed = [(c.record_id, c.op, c.version, c.origin) for c in store.changes(0, 100)]
    assert feed == [
        (a, "create", 1, "conn-1"),
        (b, "create", 1, "conn-1"),
        (b, "update", 2, "conn-2"),
    ]


def test_a_failed_transaction_leaves_no_change_behind(db: Database, make_org: Any) -> None:
    org, _ = make_org()
    with pytest.raises(RuntimeError), db.session() as session:
        Store(session, org).write_many("contacts", [(None, _contact("A"))], origin="x")
        raise RuntimeError("crash before commit")
    with db.session() as session:
        store = Store(session, org)
        assert store.changes(0, 10) == []
        assert store.list("contacts", limit=10) == []
