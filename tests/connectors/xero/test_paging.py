"""Reading a whole organisation: paging, If-Modified-Since, journals by offset, batches of 50."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from connectors.xero import sandbox
from connectors.xero.sandbox import contact_rules
from connectors.xero.sandbox.store import state_of

if TYPE_CHECKING:
    from conftest import XeroWorld


class Recorder:
    """Every request the sandbox answers: method, path, query and status."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.after: Callable[[dict[str, Any]], None] | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any, app: Any) -> Any:
        call = {
            "method": environ["REQUEST_METHOD"],
            "path": environ["PATH_INFO"],
            "query": parse_qs(environ.get("QUERY_STRING", "")),
            "key": environ.get("HTTP_IDEMPOTENCY_KEY"),
        }

        def recording(status: str, headers: Any, *rest: Any) -> Any:
            call["status"] = int(status.split()[0])
            return start_response(status, headers, *rest)

        body = b"".join(app(environ, recording))
        self.calls.append(call)
        if self.after is not None:
            self.after(call)
        return [body]

    def matching(self, method: str, path: str) -> list[dict[str, Any]]:
        return [c for c in self.calls if c["method"] == method and c["path"] == path]


def _record(world: XeroWorld) -> Recorder:
    recorder = Recorder()
    world.switch.faults.append(recorder)
    return recorder


def test_a_seeded_organisation_arrives_whole_and_reads_nothing_twice(world: XeroWorld) -> None:
    sandbox.seed(world.xero, contacts=60, invoices=160, tenant_ids=[world.tenant_id])
    org = sandbox.organisation(world.xero, world.tenant_id)
    world.connect()
    recorder = _record(world)
    outcome = world.sync()
    assert outcome.status == "succeeded", world.entries(str(outcome.run_id))
    counts = world.run_json(str(outcome.run_id))["counts"]
    assert not [(e, c) for e, c in counts.items() if c.get("failed") or c.get("waiting")]
    assert len(world.records("contacts")) == len(org.contacts)
    assert len(world.records("invoices")) == len(org.invoices)
    assert len(world.records("credit_notes")) == len(org.credit_notes)
    assert len(world.records("payments")) == len(org.payments)
    assert len(world.records("purchase_orders")) == len(org.purchase_orders)
    assert len(world.records("items")) == len(org.items)
    assert len(world.records("journals")) == len(org.journals)
    # Journals by offset, 100 at a time: the last call is the first short one.
    offsets = [c["query"]["offset"][0] for c in recorder.matching("GET", "/api.xro/2.0/Journals")]
    assert len(offsets) == len(org.journals) // 100 + 1 and offsets[0] == "0"
    # Paged lists: 100 a page, in order of change.
    pages = recorder.matching("GET", "/api.xro/2.0/Invoices")
    assert [c["query"]["page"] for c in pages][:1] == [["1"]]
    assert all(c["query"]["order"] == ["UpdatedDateUTC ASC"] for c in pages)

    recorder.calls.clear()
    quiet = world.sync()
    counts = world.run_json(str(quiet.run_id))["counts"]
    assert not [e for e, c in counts.items() if c.get("pulled")], counts
    journal_calls = recorder.matching("GET", "/api.xro/2.0/Journals")
    assert [c["query"]["offset"] for c in journal_calls] == [[str(len(org.journals))]]


def test_records_changed_while_pages_are_read_are_neither_lost_nor_doubled(
    world: XeroWorld,
) -> None:
    sandbox.seed(world.xero, contacts=230, invoices=0, tenant_ids=[world.tenant_id])
    org = sandbox.organisation(world.xero, world.tenant_id)
    world.connect(matrix={"contacts": "pull"})
    recorder = _record(world)
    early = list(org.contacts.values())[:3]

    def edit_early_contacts(call: dict[str, Any]) -> None:
        # After the first page, three of its contacts change: each moves to the end, and
        # every later contact moves up the list by three places.
        if call["path"].endswith("/Contacts") and len(recorder.calls) == 1:
            with state_of(world.xero).lock:
                for contact in early:
                    element = {"ContactID": contact["ContactID"], "AccountNumber": "EDITED"}
                    contact_rules.save(org, element, create_only=False)

    recorder.after = edit_early_contacts
    assert world.sync().status == "succeeded"
    hub = world.records("contacts")
    assert len(hub) == len(org.contacts) == 230
    assert sorted(r["external_ids"]["xero"] for r in hub) == sorted(org.contacts)
    edited = [r for r in hub if r["account_number"] == "EDITED"]
    assert len(edited) == 3

    recorder.after = None
    recorder.calls.clear()
    quiet = world.sync()
    assert "pulled" not in world.run_json(str(quiet.run_id))["counts"].get("contacts", {})
    # At most the last second's 230 contacts are looked at again, and none handed out.
    assert len(recorder.calls) <= 3


def test_writes_go_50_at_a_time_and_each_record_gets_xeros_own_answer(world: XeroWorld) -> None:
    world.put("/Contacts", {"Contacts": [{"Name": "Taken 1"}, {"Name": "Taken 2"}]})
    world.connect(matrix={"contacts": "push"})
    for number in range(1, 61):
        clash = {7: "Taken 1", 55: "Taken 2"}  # one in each batch of 50
        name = clash.get(number, f"Hub contact {number:02d}")
        world.create("contacts", {"kind": "ORGANIZATION", "name": name})
    world.records("contacts")
    recorder = _record(world)
    outcome = world.sync()
    puts = recorder.matching("PUT", "/api.xro/2.0/Contacts")
    assert len(puts) == 2
    assert all(c["query"]["summarizeErrors"] == ["false"] and c["key"] for c in puts)
    assert len({c["key"] for c in puts}) == 2
    counts = world.run_json(str(outcome.run_id))["counts"]["contacts"]
    assert (counts["sent"], counts["app_created"], counts["rejected"]) == (60, 58, 2)
    errors = sorted(e.message for e in world.entries(str(outcome.run_id), "error"))
    assert errors == [
        f"The contact name Taken {n} is already assigned to another contact. The contact name "
        "must be unique across all active contacts."
        for n in (1, 2)
    ]
    assert len(world.get("/Contacts")["Contacts"]) == 2 + 58
