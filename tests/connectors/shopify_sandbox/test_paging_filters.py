"""Raw HTTP: the Link header and page_info rules, limits, and the common list filters."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from connectors.shopify.sandbox import seed

LINK = re.compile(r'<([^>]+)>; rel="(next|previous)"')


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(response.headers.get("Link", ""))}


def test_link_header_next_then_previous(sandbox, api) -> None:
    seed(sandbox.app, "acme", customers=7, products=0, orders=0)
    first = api.get("customers.json", params={"limit": 3})
    assert first.status_code == 200
    assert set(links(first)) == {"next"}
    next_url = links(first)["next"]
    assert next_url.startswith(f"{api.base}/customers.json?limit=3&page_info=")

    second = api.http.get(next_url)
    assert set(links(second)) == {"next", "previous"}
    third = api.http.get(links(second)["next"])
    assert set(links(third)) == {"previous"}
    ids = [c["id"] for r in (first, second, third) for c in r.json()["customers"]]
    assert len(ids) == 7 == len(set(ids))

    back = api.http.get(links(third)["previous"])
    assert [c["id"] for c in back.json()["customers"]] == ids[3:6]


def test_no_link_header_when_one_page_holds_everything(sandbox, api) -> None:
    seed(sandbox.app, "acme", customers=4, products=0, orders=0)
    response = api.get("customers.json")
    assert len(response.json()["customers"]) == 4
    assert "Link" not in response.headers


def test_default_limit_is_50_and_maximum_250(sandbox, api) -> None:
    seed(sandbox.app, "acme", customers=260, products=0, orders=0)
    assert len(api.get("customers.json").json()["customers"]) == 50
    assert len(api.get("customers.json", params={"limit": 1000}).json()["customers"]) == 250


def test_page_info_allows_only_limit_and_fields(sandbox, api) -> None:
    seed(sandbox.app, "acme", customers=0, products=1, orders=6)
    first = api.get("orders.json", params={"status": "any", "limit": 2})
    cursor = links(first)["next"]
    rejected = api.http.get(cursor + "&status=any")
    assert rejected.status_code == 400
    assert rejected.json()["errors"].startswith("status cannot be passed when page_info is present")
    narrowed = api.http.get(cursor.replace("limit=2", "limit=1") + "&fields=id,name")
    assert narrowed.status_code == 200
    assert [set(o) for o in narrowed.json()["orders"]] == [{"id", "name"}]


def test_page_info_keeps_the_first_requests_filters(sandbox, api) -> None:
    seed(sandbox.app, "acme", customers=3, products=2, orders=12)
    pending = api.get("orders.json", params={"financial_status": "pending", "status": "any"})
    expected = [o["id"] for o in pending.json()["orders"]]
    page = api.get(
        "orders.json", params={"financial_status": "pending", "status": "any", "limit": 1}
    )
    got = [o["id"] for o in page.json()["orders"]]
    while "next" in links(page):
        page = api.http.get(links(page)["next"])
        got += [o["id"] for o in page.json()["orders"]]
    assert got == expected and expected


def test_tampered_page_info_is_rejected(api) -> None:
    response = api.get("customers.json", params={"page_info": "not-a-cursor"})
    assert response.status_code == 400
    assert response.json() == {"errors": "page_info - Invalid value."}


def test_updated_at_min_returns_only_later_changes(sandbox, api) -> None:
    with freeze_time("2025-03-01T12:00:00Z"):
        old = api.post("customers.json", json={"customer": {"email": "old@example.com"}})
    with freeze_time("2025-03-05T12:00:00Z"):
        new = api.post("customers.json", json={"customer": {"email": "new@example.com"}})
    with freeze_time("2025-03-06T12:00:00Z"):
        api.put(
            f"customers/{old.json()['customer']['id']}.json", json={"customer": {"note": "touched"}}
        )
    got = api.get("customers.json", params={"updated_at_min": "2025-03-05T07:00:00-05:00"})
    ids = [c["id"] for c in got.json()["customers"]]
    assert ids == [old.json()["customer"]["id"], new.json()["customer"]["id"]]
    got = api.get("customers.json", params={"updated_at_max": "2025-03-05T11:59:59Z"})
    assert got.json()["customers"] == []
    created = api.get("customers/count.json", params={"created_at_min": "2025-03-02"})
    assert created.json() == {"count": 1}


def test_timestamps_carry_the_shops_offset(sandbox) -> None:
    with freeze_time("2025-03-01T12:00:00Z"):
        acme = sandbox.client("acme").post("customers.json", json={"customer": {"first_name": "A"}})
        globex = sandbox.client("globex").post(
            "customers.json", json={"customer": {"first_name": "G"}}
        )
    assert acme.json()["customer"]["created_at"] == "2025-03-01T07:00:00-05:00"
    assert globex.json()["customer"]["created_at"] == "2025-03-01T13:00:00+01:00"


def test_since_id_ids_and_fields(sandbox, api) -> None:
    made = seed(sandbox.app, "acme", customers=6, products=0, orders=0)["customers"]
    since = api.get("customers.json", params={"since_id": made[3]}).json()["customers"]
    assert [c["id"] for c in since] == made[4:]
    picked = api.get(
        "customers.json", params={"ids": f"{made[0]},{made[5]}", "fields": "id,email"}
    ).json()["customers"]
    assert [c["id"] for c in picked] == [made[0], made[5]]
    assert all(set(c) == {"id", "email"} for c in picked)


def test_orders_older_than_60_days_need_read_all_orders(sandbox) -> None:
    seed(sandbox.app, "acme", customers=1, products=1, orders=0)
    writer = sandbox.client()
    variant = writer.get("products.json").json()["products"][0]["variants"][0]["id"]
    with freeze_time(datetime.now(UTC) - timedelta(days=90)):
        old = writer.post(
            "orders.json", json={"order": {"line_items": [{"variant_id": variant}]}}
        ).json()["order"]
    recent = writer.post(
        "orders.json", json={"order": {"line_items": [{"variant_id": variant}]}}
    ).json()["order"]
    assert [o["id"] for o in writer.get("orders.json").json()["orders"]] == [recent["id"]]
    assert writer.get(f"orders/{old['id']}.json").status_code == 404
    full = sandbox.client(token=sandbox.token(scopes="read_orders,read_all_orders"))
    assert [o["id"] for o in full.get("orders.json").json()["orders"]] == [old["id"], recent["id"]]
