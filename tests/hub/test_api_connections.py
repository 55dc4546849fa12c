"""Connections through the API: connect, matrix within capability, secrets masked, sync."""

from __future__ import annotations

from typing import Any

from toyapps.app import edit

from hub.jobs.worker import work_burst


def test_connect_configure_sync_and_disconnect(toys: Any, client: Any) -> None:
    base = f"/api/v1/orgs/{toys.org}/connections"
    listed = client.get(base, headers=toys.headers).json["data"]
    assert {c["connector"] for c in listed} == {"ledger", "crm"}
    ledger = next(c for c in listed if c["connector"] == "ledger")
    assert ledger["matrix"] == {"contacts": "both", "invoices": "both"}
    assert "credentials" not in ledger  # never sent back

    too_much = client.patch(
        f"{base}/{ledger['id']}",
        headers=toys.headers,
        json={"matrix": {"contacts": "sideways", "payments": "pull"}},
    )
    assert too_much.status_code == 422
    assert set(too_much.json["errors"]) == {"contacts", "payments"}
    narrowed = client.patch(
        f"{base}/{ledger['id']}",
        headers=toys.headers,
        json={"matrix": {"invoices": "off"}, "sync_interval": 300},
    )
    assert narrowed.status_code == 200
    assert narrowed.json["matrix"] == {"contacts": "both", "invoices": "off"}

    edit(toys.ledger_app, "contacts", name="Queued Co", email="q@x.test")
    queued = client.post(f"{base}/{ledger['id']}/sync", headers=toys.headers)
    assert queued.status_code == 202
    work_burst(toys.app)
    contacts = client.get(f"/api/v1/orgs/{toys.org}/contacts", headers=toys.headers).json
    assert [c["name"] for c in contacts["data"]] == ["Queued Co"]
    assert set(contacts["data"][0]["external_ids"]) == {"ledger", "crm"}

    assert client.delete(f"{base}/{ledger['id']}", headers=toys.headers).status_code == 200
    assert client.get(f"{base}/{ledger['id']}", headers=toys.headers).status_code == 404
    record = client.get(f"/api/v1/orgs/{toys.org}/contacts", headers=toys.headers).json
    assert set(record["data"][0]["external_ids"]) == {"crm"}  # the record stays


def test_connect_refuses_unknown_apps_and_bad_settings(
    toys: Any, client: Any, make_org: Any
) -> None:
    org, headers = make_org("Fresh")
    base = f"/api/v1/orgs/{org}/connections"
    unknown = client.post(
        base, headers=headers, json={"connector": "nope", "credentials": {}, "settings": {}}
    )
    assert unknown.status_code == 422 and "connector" in unknown.json["errors"]
    bad = client.post(
        base,
        headers=headers,
        json={
            "connector": "ledger",
            "credentials": {"api_key": "k"},
            "settings": {"base_url": "not a url"},
        },
    )
    assert bad.status_code == 422 and "base_url" in bad.json["errors"]
    made = client.post(
        base,
        headers=headers,
        json={
            "connector": "ledger",
            "credentials": {"api_key": "k"},
            "settings": {"base_url": "http://127.0.0.1:9"},
        },
    )
    assert made.status_code == 201
    # Another organization's key sees none of it.
    assert (
        client.get(
            f"/api/v1/orgs/{toys.org}/connections/{made.json['id']}", headers=toys.headers
        ).status_code
        == 404
    )
