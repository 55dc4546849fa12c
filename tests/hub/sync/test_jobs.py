"""Jobs: the scheduler tick, the registry and the `hub` commands around syncing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from click.testing import CliRunner
from toyapps.app import edit

from hub.connections import connect, credentials_of
from hub.jobs.queues import queue
from hub.jobs.scheduler import tick
from hub.models import Connection, SyncRun, utcnow
from hub.registry import Registry
from hub.sdk.connector import Capability, Connector, EntitySpec, Page
from hub.sdk.errors import StopRun


def test_the_scheduler_queues_each_due_connection_once(toys: Any) -> None:
    db = toys.app.extensions["hub.db"]
    with db.session() as session:
        session.get(Connection, toys.crm).next_sync_at = utcnow() + timedelta(hours=1)
    assert tick(toys.app) == [toys.ledger]
    assert tick(toys.app) == []  # claimed: a second scheduler queues nothing
    jobs = queue(toys.app, "sync").jobs
    assert [job.args[0] for job in jobs] == [toys.ledger]
    with db.session() as session:
        assert session.get(Connection, toys.ledger).next_sync_at > utcnow()


class Rotating(Connector):
    """An app whose session token rotates on every use and then fails."""

    name = "rotating"
    title = "Rotating"
    entities = {"contacts": EntitySpec(Capability.PULL)}

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        token = self.context.credentials["token"]
        self.context.save_credentials({"token": token + 1})
        raise StopRun("The app broke after rotating the token.")


def test_a_rotated_token_is_saved_even_when_the_run_fails(app: Any, db: Any, make_org: Any) -> None:
    from hub.sync.runner import run_sync

    app.extensions["hub.registry"].add("rotating", Rotating)
    org, _ = make_org()
    with db.session() as session:
        connection_id = connect(session, app, org, Rotating, credentials={"token": 1}).id
    outcome = run_sync(app, connection_id)
    assert outcome.status == "failed" and "broke" in outcome.message
    with db.session() as session:
        connection = session.get(Connection, connection_id)
        assert credentials_of(app, connection) == {"token": 2}
        assert connection.status == "error"
        run = session.get(SyncRun, outcome.run_id)
        assert run.status == "failed" and run.finished_at is not None


def test_registry_holds_builtins_and_plugins(monkeypatch: Any) -> None:
    registry = Registry()
    registry.add("rotating", Rotating)
    assert registry.names() == ["rotating"]
    assert "contacts" in registry.describe("rotating")
    assert "pull" in registry.describe("rotating")

    class EntryPoint:
        name = "plugged"

        def load(self) -> type[Connector]:
            return Rotating

    monkeypatch.setattr("hub.registry.entry_points", lambda group: [EntryPoint()])
    assert "plugged" in Registry.load().names()


def test_hub_sync_runs_in_the_foreground_with_progress(toys: Any, monkeypatch: Any) -> None:
    from hub import cli

    edit(toys.ledger_app, "contacts", name="Cli Co", email="cli@x.test")
    monkeypatch.setattr(cli, "_app", lambda ctx: toys.app)
    result = CliRunner().invoke(cli.main, ["sync", toys.ledger])
    assert result.exit_code == 0, result.output
    assert "contacts" in result.output and "created 1" in result.output
    assert "succeeded" in result.output
    missing = CliRunner().invoke(cli.main, ["sync", "no-such-connection"])
    assert missing.exit_code != 0 and "No connection" in missing.output


def test_sync_runs_are_listed_per_organization(toys: Any, client: Any, make_org: Any) -> None:
    edit(toys.ledger_app, "contacts", name="Listed Co", email="l@x.test")
    toys.sync(toys.ledger)
    body = client.get(f"/api/v1/orgs/{toys.org}/sync-runs", headers=toys.headers).json
    runs = {r["connection_id"]: r for r in body["data"]}
    assert runs[toys.ledger]["counts"]["contacts"]["created"] == 1
    assert runs[toys.crm]["counts"]["contacts"]["app_created"] == 1
    assert runs[toys.ledger]["api_calls"] >= 2
    other_org, other_headers = make_org("Other")
    assert (
        client.get(f"/api/v1/orgs/{other_org}/sync-runs", headers=other_headers).json["data"] == []
    )
    run_id = runs[toys.ledger]["id"]
    assert (
        client.get(
            f"/api/v1/orgs/{other_org}/sync-runs/{run_id}", headers=other_headers
        ).status_code
        == 404
    )


class Noting(Connector):
    """An app that leaves a note while reading and a word about the connection."""

    name = "noting"
    title = "Noting"
    entities = {"contacts": EntitySpec(Capability.PULL)}

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        self.notes.add(entity, "", "Part of this app is off: reconnect to turn it on.")
        self.status_message = "Reconnect to turn the rest on."
        yield Page([], None)


def test_notes_left_while_reading_reach_the_run_and_the_connection(
    app: Any, db: Any, make_org: Any
) -> None:
    from hub.models import RunEntry
    from hub.sync.runner import run_sync

    app.extensions["hub.registry"].add("noting", Noting)
    org, _ = make_org()
    with db.session() as session:
        connection_id = connect(session, app, org, Noting, credentials={}).id
    outcome = run_sync(app, connection_id)
    assert outcome.status == "succeeded"
    with db.session() as session:
        notes = [e.message for e in session.query(RunEntry).filter_by(run_id=outcome.run_id)]
        assert "Part of this app is off: reconnect to turn it on." in notes
        connection = session.get(Connection, connection_id)
        assert connection.status == "connected"
        assert connection.status_message == "Reconnect to turn the rest on."
