"""Helpers shared by the benchmarks: fresh databases, timing and a figures table."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hub.db import Database
from hub.migrate import upgrade


@contextmanager
def fresh_sqlite(name: str) -> Iterator[Database]:
    """A migrated SQLite database in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
