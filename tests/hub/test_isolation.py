"""A key of organization A gets 404 for anything of organization B, on every endpoint."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

import schema
from schema.samples import sample


def test_every_api_route_answers_404_across_organizations(
    app: Flask, client: FlaskClient, make_org: Any
) -> None:
    org_a, headers_a = make_org("A")
    org_b, headers_b = make_org("B")
    ids: dict[str, str] = {}
    for entity in schema.dependency_order():
        ids[entity] = client.post(
            f"/api/v1/orgs/{org_b}/{entity}", json=sample(entity, ids), headers=headers_b
        ).json["id"]

    checked = 0
    for rule in app.url_map.iter_rules():
        if "org_id" not in rule.arguments or not rule.rule.startswith("/api/"):
            continue  # the console's pages have their own refusal tests (tests/web)
        entity = rule.rule.split("/")[5]
        values = {"org_id": org_b}
        if "record_id" in rule.arguments:
            values["record_id"] = ids[entity]
        url = rule.rule.replace("<uuid:org_id>", values["org_id"]).replace(
            "<uuid:record_id>", values.get("record_id", "")
        )
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            body = sample(entity, ids) if method in ("POST", "PUT") and entity in ids else None
            response = client.open(url, method=method, json=body, headers=headers_a)
            assert response.status_code == 404, (method, url, response.json)
            checked += 1
        # A's own org URL with B's record id: also 404.
        if "record_id" in rule.arguments:
            own = url.replace(org_b, org_a)
            assert client.get(own, headers=headers_a).status_code == 404
    assert checked >= 5 * len(schema.ENTITIES)

    # Nothing of B changed.
    for entity, rid in ids.items():
        record = client.get(f"/api/v1/orgs/{org_b}/{entity}/{rid}", headers=headers_b).json
        assert record["version"] == 1 and record["deleted"] is False
    feed = client.get(f"/api/v1/orgs/{org_a}/changes", headers=headers_a).json
    assert feed["data"] == []
