"""A 429 storm against Xero's per-minute limit: nothing lost, nothing sent past the limit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from freezegun import freeze_time

from connectors.xero import sandbox
from connectors.xero.connector import XeroConnector
from connectors.xero.sandbox import contact_rules
from connectors.xero.sandbox.store import state_of
from hub.connections import credentials_of
from hub.sdk import Context, RetryLater

if TYPE_CHECKING:
    from conftest import XeroWorld

LIMIT = 3  # calls a minute for this test's organisation


@pytest.fixture
def sandbox_config() -> dict[str, Any]:
    return {"limits": {"minute": LIMIT, "day": 100_000, "concurrent": 5}}


def test_a_429_storm_loses_nothing_and_never_hammers(world: XeroWorld) -> None:
    statuses: list[list[int]] = [[]]  # per run, the status of each Accounting API call

    def watch(environ: dict[str, Any], start_response: Any, app: Any) -> Any:
        def recording(status: str, headers: Any, *rest: Any) -> Any:
            if environ["PATH_INFO"].startswith("/api.xro/"):
                statuses[-1].append(int(status.split()[0]))
            return start_response(status, headers, *rest)

        return app(environ, recording)

    with freeze_time("2026-02-02 10:00:00") as frozen:
        org = sandbox.organisation(world.xero, world.tenant_id)
        with state_of(world.xero).lock:  # made over a while, as people do
            for number in range(600):
                if number % 10 == 0:
                    frozen.tick(2)
                contact_rules.save(org, {"Name": f"Xero customer {number}"}, create_only=True)
        world.connect(matrix={"contacts": "both"})
        # One batch: a 429 between two batches of one push loses the first batch's links
        # (the engine commits a push every 500 records; reported to the lead).
        for number in range(1, 41):
            world.create("contacts", {"kind": "ORGANIZATION", "name": f"Hub customer {number}"})
        world.switch.faults.append(watch)
        outcomes = [world.sync()]
        while outcomes[-1].status == "retry" and len(outcomes) < 30:
            frozen.tick(61)  # Xero's Retry-After for a spent minute
            statuses.append([])
            outcomes.append(world.sync())

    assert outcomes[-1].status == "succeeded", outcomes[-1].message
    retried = [o for o in outcomes if o.status == "retry"]
    assert len(retried) >= 2, statuses  # it was a storm
    assert all("minute limit" in str(o.message) for o in retried)
    assert all(o.retry_after and o.retry_after > 30 for o in retried)
    # Each run stops at its first 429 and never makes more calls than the minute allows.
    for calls in statuses:
        assert calls.count(200) <= LIMIT
        assert calls.count(429) == (1 if calls[-1] == 429 else 0)
    # Nothing lost, nothing doubled: every contact once in the hub and once in Xero.
    hub = world.records("contacts")
    assert len(hub) == 600 + 40
    assert len({r["external_ids"]["xero"] for r in hub}) == 640
    assert len(org.contacts) == 640
    assert len({c["Name"] for c in org.contacts.values()}) == 640


def test_a_429_says_which_limit_and_how_long_to_wait(world: XeroWorld) -> None:
    world.connect()
    connector = XeroConnector(
        Context(
            settings={},
            credentials=credentials_of(world.app, world.connection()),
            tenant_id=world.tenant_id,
        )
    )
    with pytest.raises(RetryLater) as raised:
        for _ in range(LIMIT + 1):
            list(connector.read("tax_codes", None))
    assert raised.value.limit == "minute"
    assert raised.value.retry_after is not None and 0 < raised.value.retry_after <= 60
    assert connector.api_calls == LIMIT + 1
