"""A sync run as it happens: counts per entity, API calls, notes, errors and conflicts."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy.orm import Session

from hub.models import Connection, RunEntry, SyncRun, utcnow

# The counters a run keeps per entity, in the order the console shows them.
PULL_COUNTS = (
    "pulled",
    "created",
    "updated",
    "deleted",
    "unchanged",
    "skipped",
    "failed",
    "waiting",
)
PUSH_COUNTS = ("sent", "app_created", "app_updated", "app_deleted", "held", "rejected", "waiting")


class RunRecorder:
    """Collects what a run did and writes it to its SyncRun row."""

    def __init__(self, session: Session, connection: Connection, trigger: str) -> None:
        self.session = session
        self.run = SyncRun(
            org_id=connection.org_id,
            connection_id=connection.id,
            trigger=trigger,
            status="running",
            counts={},
            api_calls=0,
            started_at=utcnow(),
        )
        session.add(self.run)
        session.flush()
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)

    @property
    def id(self) -> str:
        return self.run.id

    def count(self, entity: str, key: str, n: int = 1) -> None:
        self.counts[entity][key] += n

    def entry(
        self,
        kind: str,
        entity: str,
        message: str,
        *,
        record_id: str | None = None,
        external_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            RunEntry(
                run_id=self.run.id,
                org_id=self.run.org_id,
                kind=kind,
                entity=entity,
                record_id=record_id,
                external_id=external_id,
                message=message[:2000],
                detail=detail,
                at=utcnow(),
            )
        )

    def checkpoint(self, api_calls: int) -> None:
        """Store counts so far; the caller commits with the page they describe."""
        self.run.counts = {entity: dict(c) for entity, c in self.counts.items()}
        self.run.api_calls = api_calls

    def finish(self, status: str, api_calls: int, message: str | None = None) -> None:
        self.checkpoint(api_calls)
        self.run.status = status
        self.run.message = message
        self.run.finished_at = utcnow()
