"""CRUD, PATCH and tombstones through the REST API, for every entity."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

import schema
from schema.samples import sample


def create_all(client: FlaskClient, org: str, headers: dict[str, str]) -> dict[str, str]:
    """One record of every entity, in dependency order; returns entity -> id."""
    ids: dict[str, str] = {}
    for entity in schema.dependency_order():
        response = client.post(
            f"/api/v1/orgs/{org}/{entity}", json=sample(entity, ids), headers=headers
        )
        assert response.status_code == 201, (entity, response.json)
        ids[entity] = response.json["id"]
    return ids


def test_every_entity_round_trips_through_the_api(client: FlaskClient, make_org: Any) -> None:
    org, headers = make_org()
    ids: dict[str, str] = {}
    for entity in schema.dependency_order():
        payload = sample(entity, ids)
        created = client.post(f"/api/v1/orgs/{org}/{entity}", json=payload, headers=headers)
        assert created.status_code == 201, (entity, created.json)
        body = created.json
        ids[entity] = body["id"]
        assert body["version"] == 1 and body["deleted"] is False
        assert body["external_ids"] == {}
        # What was sent comes back, money as exact strings.
        expected = schema.dump(entity, schema.load(entity, payload))
        assert {k: body[k] for k in expected} == expected

        fetched = client.get(f"/api/v1/orgs/{org}/{entity}/{body['id']}", headers=headers)
        assert fetched.status_code == 200 and fetched.json == body
        assert fetched.headers["ETag"] == '"1"'


@pytest.mark.parametrize("entity", list(schema.ENTITIES))
def test_put_patch_delete(client: FlaskClient, make_org: Any, entity: str) -> None:
    org, headers = make_org()
    ids = create_all(client, org, headers)
    url = f"/api/v1/orgs/{org}/{entity}/{ids[entity]}"
    record = client.get(url, headers=headers).json

    # PUT what GET returned (read-only fields are ignored): nothing changes, no new version.
    same = client.put(url, json=record, headers=headers)
    assert same.status_code == 200, same.json
    assert same.json["version"] == 1

    field, value, value2 = _edits(entity)
    record[field] = value
    replaced = client.put(url, json=record, headers=headers)
    assert replaced.status_code == 200, replaced.json
    assert replaced.json["version"] == 2 and replaced.json[field] == value

    patched = client.patch(url, json={field: value2, "version": 2}, headers=headers)
    assert patched.status_code == 200, patched.json
    assert patched.json["version"] == 3 and patched.json[field] == value2

    stale = client.patch(url, json={field: value}, headers={**headers, "If-Match": '"2"'})
    assert stale.status_code == 409
    assert stale.json["current_version"] == 3

    deleted = client.delete(url, headers=headers)
    assert deleted.status_code == 200 and deleted.json["deleted"] is True
    assert client.get(url, headers=headers).json["deleted"] is True
    listed = client.get(f"/api/v1/orgs/{org}/{entity}", headers=headers).json["data"]
    assert ids[entity] not in [r["id"] for r in listed]
    with_tombstones = client.get(
        f"/api/v1/orgs/{org}/{entity}?include_deleted=true", headers=headers
    ).json["data"]
    assert ids[entity] in [r["id"] for r in with_tombstones]
    again = client.put(
        url, json={k: v for k, v in record.items() if k != "version"}, headers=headers
    )
    assert again.status_code == 409 and "deleted" in again.json["message"]


def _edits(entity: str) -> tuple[str, str, str]:
    """A field of the entity's sample and two new values for it, to edit in tests."""
    if entity == "timesheets":
        return "status", "SUBMITTED", "APPROVED"
    payload = sample(entity, {})
    for name in ("name", "narration", "reference", "description", "first_name", "number"):
        if isinstance(payload.get(name), str):
            return name, f"{payload[name]} edited", f"{payload[name]} patched"
    raise AssertionError(f"no text field to edit in {entity}: {sorted(payload)}")


def test_company_is_one_record_per_organization(client: FlaskClient, make_org: Any) -> None:
    org, headers = make_org()
    url = f"/api/v1/orgs/{org}/company"
    assert client.post(url, json=sample("company", {}), headers=headers).status_code == 201
    second = client.post(url, json=sample("company", {}), headers=headers)
    assert second.status_code == 409
    assert "update it instead" in second.json["message"]
