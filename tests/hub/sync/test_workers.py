"""Queued jobs are worked: by `hub worker` processes on real Redis, or in-process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from toyapps.app import edit

from hub.jobs.queues import enqueue


def _arrived(toys: Any) -> list[str]:
    state = toys.crm_app.extensions["toy"]
    return [r["name"] for r in state.records["contacts"].values()]


def test_a_queued_sync_is_worked_and_routed(
    toys: Any, database_url: str, redis_url: str | None
) -> None:
    edit(toys.ledger_app, "contacts", name="Queued Pty Ltd", email="q@x.test")
    enqueue(toys.app, "sync", "hub.jobs.tasks.sync_connection", toys.ledger, "manual")
    if redis_url:
        # Real Redis (CI): a separate `hub worker` process, as in production, with the toy
        # connectors added to its registry the way a built-in is.
        env = {
            **os.environ,
            "HUB_DATABASE_URL": database_url,
            "HUB_REDIS_URL": redis_url,
            "HUB_SECRET_KEY": "test-secret-key",
        }
        support = Path(__file__).resolve().parents[2] / "support"
        code = (
            f"import sys; sys.path.insert(0, {str(support)!r});"
            "import hub.registry as r;"
            "r.BUILTINS.update(ledger='toyapps.connector:LedgerConnector',"
            " crm='toyapps.connector:CrmConnector');"
            "from hub.cli import main; main(['worker', '--burst'])"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-2000:]
    else:
        from hub.jobs.worker import start_in_process

        worker = start_in_process(toys.app)
        try:
            deadline = time.time() + 20
            while not _arrived(toys) and time.time() < deadline:
                time.sleep(0.1)
        finally:
            worker.stop()
    assert _arrived(toys) == ["Queued Pty Ltd"]
