"""Paging with no gap or repeat while records change; the change feed in order."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from hub.db import Database
from hub.store import Store
from schema.samples import sample


def plain_contact() -> dict[str, Any]:
    """A contact that refers to no other record."""
    data = sample("contacts", {})
    for key in ("sales_defaults", "purchase_defaults", "organization_id"):
        data.pop(key, None)
    return data


def _seed_contacts(db: Database, org: str, count: int) -> list[str]:
    with db.session() as session:
        written = Store(session, org).write_many(
            "contacts", [(None, plain_contact()) for _ in range(count)], origin="test"
        )
    return [w.record_id for w in written]


def test_paging_while_records_change(client: FlaskClient, make_org: Any, db: Database) -> None:
    org, headers = make_org()
    ids = _seed_contacts(db, org, 1000)
    seen: list[str] = []
    cursor = None
    page = 0
    while True:
        query = f"limit=97&cursor={cursor}" if cursor else "limit=97"
        body = client.get(f"/api/v1/orgs/{org}/contacts?{query}", headers=headers).json
        seen += [r["id"] for r in body["data"]]
        # Between pages, other clients edit records already seen and not yet seen, and add
        # new ones: none of it may make a page skip or repeat a record.
        for rid in (ids[page * 50], ids[-1 - page * 40]):
            edit = client.patch(
                f"/api/v1/orgs/{org}/contacts/{rid}",
                json={"name": f"edited {page}"},
                headers=headers,
            )
            assert edit.status_code == 200, edit.json
        added = client.post(f"/api/v1/orgs/{org}/contacts", json=plain_contact(), headers=headers)
        assert added.status_code == 201
        page += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)), "a record was repeated"
    assert set(ids) <= set(seen), "a record was skipped"


def test_updated_since_filters(client: FlaskClient, make_org: Any, db: Database) -> None:
    org, headers = make_org()
    ids = _seed_contacts(db, org, 5)
    mark = client.get(f"/api/v1/orgs/{org}/contacts/{ids[0]}", headers=headers).json
    edited = client.patch(
        f"/api/v1/orgs/{org}/contacts/{ids[3]}", json={"name": "Later Ltd"}, headers=headers
    ).json
    assert edited["updated_at"] > mark["updated_at"]
    since = edited["updated_at"].replace("+00:00", "Z")
    body = client.get(
        f"/api/v1/orgs/{org}/contacts", query_string={"updated_since": since}, headers=headers
    ).json
    assert [r["id"] for r in body["data"]] == [ids[3]]


def test_change_feed_is_ordered_and_resumable(client: FlaskClient, make_org: Any) -> None:
    org, headers = make_org()
    base = f"/api/v1/orgs/{org}/tracking_categories"
    first = client.post(base, json=sample("tracking_categories", {}), headers=headers).json["id"]
    second = client.post(base, json=sample("tracking_categories", {}), headers=headers).json["id"]
    client.patch(f"{base}/{first}", json={"name": "Renamed"}, headers=headers)
    client.delete(f"{base}/{second}", headers=headers)

    feed = client.get(f"/api/v1/orgs/{org}/changes?limit=2", headers=headers).json
    assert [(c["record_id"], c["op"]) for c in feed["data"]] == [
        (first, "create"),
        (second, "create"),
    ]
    rest = client.get(
        f"/api/v1/orgs/{org}/changes?since={feed['next_since']}", headers=headers
    ).json
    assert [(c["record_id"], c["op"], c["version"]) for c in rest["data"]] == [
        (first, "update", 2),
        (second, "delete", 2),
    ]
    seqs = [c["seq"] for c in feed["data"] + rest["data"]]
    assert seqs == sorted(seqs) == list(range(seqs[0], seqs[0] + 4))
    assert all(c["origin"] == "api" for c in rest["data"])

    # An unchanged write is not a change.
    record = client.get(f"{base}/{first}", headers=headers).json
    client.put(f"{base}/{first}", json=record, headers=headers)
    tail = client.get(
        f"/api/v1/orgs/{org}/changes?since={rest['next_since']}", headers=headers
    ).json
    assert tail["data"] == [] and tail["next_since"] == rest["next_since"]
