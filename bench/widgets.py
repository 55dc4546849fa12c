"""Each widget at 100,000 invoices (500,000 lines) and 1,000,000 journal lines: p95 and ratio.

Builds the books with bulk inserts (bench/widgets_data.py), then asks every widget through
the API (Flask test client: auth, parameters, SQL, conversion, JSON) for a year by month,
and runs its hand-written SQL baseline (bench/widgets_sql.py) on the same tables. Prints
the p95 of each (target: at most 100 ms) and their ratio (target: at most 2x), and checks
that both give the same figure. SQLite always; PostgreSQL too when HUB_BENCH_DATABASE_URL
(a database the benchmark may wipe; default postgresql://postgres@127.0.0.1:5432/bench,
created when missing) is reachable.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import table, timed  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from widgets_data import Generator  # noqa: E402
from widgets_sql import Dialect, baselines  # noqa: E402

from hub import create_app  # noqa: E402
from hub.config import normalise_database_url  # noqa: E402
from hub.db import Database  # noqa: E402
from hub.migrate import upgrade  # noqa: E402
from hub.widgets.registry import catalogue, run  # noqa: E402

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/bench"
TARGET_MS, TARGET_RATIO = 100.0, 2.0
START, END = date(2024, 1, 1), date(2024, 12, 31)


def widget_params(facts: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What a dashboard asks: 2024 by month, as at its last day."""
    year = {"from": START.isoformat(), "to": END.isoformat(), "period": "month"}
    return {
        "accounts_balance": {**year, "account_id": facts["bank"]},
        "accounts_comparison": {**year, "account_ids": facts["compared"]},
        "profit_and_loss": year,
        "expenses_revenue": year,
        "balance_sheet": {"to": END.isoformat(), "compare_to": "2023-12-31"},
        "invoices_list": year,
        "invoices_summary": year,
        "aged_receivables": {"to": END.isoformat()},
        "aged_payables": {"to": END.isoformat()},
        "sales_growth": year,
        "cash_flow": year,
        "employees_list": year,
        "timesheets": year,
    }


def p95(fn: Callable[[], Any], runs: int) -> float:
    for _ in range(3):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[math.ceil(0.95 * runs) - 1] * 1000


def measure(url: str, label: str, args: argparse.Namespace) -> list[tuple[str, ...]]:
    database = Database(url)
    seconds, generator = timed(lambda: _generate(database, args))
    print(f"{label}: books written in {seconds:.1f} s", flush=True)
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": tempfile.gettempdir()})
    client = app.test_client()
    headers = {"Authorization": f"Bearer {generator.api_key}"}
    facts = {**generator.facts, "as_at": END}
    dialect = Dialect(database.engine.dialect.name)
    sql_params = {
        "org": generator.org_id,
        "start": START,
        "end": END,
        "before": date(2023, 12, 31),
        "fy": date(2024, 7, 1),
        "fy_before": date(2023, 7, 1),
    }
    rows = []
    with database.engine.connect() as conn:
        for name, base in baselines(dialect, facts).items():
            path = f"/api/v1/orgs/{generator.org_id}/widgets/{name}"
            params = widget_params(facts)[name]

            def ask(path: str = path, params: dict[str, Any] = params) -> Any:
                response = client.get(path, query_string=params, headers=headers)
                assert response.status_code == 200, response.json
                return response.json

            widget = catalogue()[name]

            def compute(widget: Any = widget, params: dict[str, Any] = params) -> Any:
                args = widget.args().load(params)
                with database.sessionmaker() as session:
                    return run(session, widget.name, [generator.org_id], args)

            statement = text(base.sql)

            def baseline(statement: Any = statement) -> list[Any]:
                return conn.execute(statement, sql_params).fetchall()

            widget_ms, base_ms = p95(ask, args.runs), p95(baseline, args.runs)
            compute_ms = p95(compute, args.runs)
            same = _same(base.figure(baseline()), base.answer(ask()), base.cells, dialect.sqlite)
            ratio = widget_ms / base_ms
            ok = widget_ms <= TARGET_MS and ratio <= TARGET_RATIO and same
            rows.append(
                (
                    label,
                    name,
                    f"{widget_ms:.1f}",
                    f"{compute_ms:.1f}",
                    f"{base_ms:.1f}",
                    f"{ratio:.2f}",
                    "yes" if same else "NO",
                    "PASS" if ok else "BELOW TARGET",
                )
            )
            print(
                f"  {name}: API {widget_ms:.1f} ms, run() {compute_ms:.1f} ms, "
                f"SQL {base_ms:.1f} ms",
                flush=True,
            )
    app.extensions["hub.db"].dispose()
    database.dispose()
    return rows


def _same(expected: Decimal, answer: Decimal, cells: int, approximate: bool) -> bool:
    """Equal to the cent, for each rounded figure added up; SQLite's baseline converts in
    floating point (the widget never does), so it gets a few cents more."""
    slack = Decimal("0.005") * cells + (Decimal("0.05") if approximate else 0)
    return abs(expected - answer) <= slack


def _generate(database: Database, args: argparse.Namespace) -> Generator:
    with database.sessionmaker() as session:
        generator = Generator(session, args.invoices, args.journal_lines)
        generator.run()
        session.commit()
    # Planner statistics and (PostgreSQL) the visibility map for index-only scans: what a
    # live database's autovacuum keeps up to date.
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE" if database.is_sqlite else "VACUUM ANALYZE")
    return generator


def postgres_url() -> str | None:
    url = normalise_database_url(os.environ.get("HUB_BENCH_DATABASE_URL") or DEFAULT_PG)
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 1).close()
    except OSError:
        return None
    name = parsed.path.lstrip("/")
    server = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    server.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:  # a fresh start each run
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    upgrade(url)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--journal-lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per widget")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    print(
        f"bench/widgets.py: {args.invoices:,} invoices ({args.invoices * 5:,} lines), "
        f"{args.journal_lines:,} journal lines; p95 of {args.runs} runs per widget",
        flush=True,
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-widgets-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        results += measure(url, "SQLite", args)
    pg = None if args.sqlite_only else postgres_url()
    if pg:
        results += measure(pg, "PostgreSQL", args)
    else:
        print("PostgreSQL: not reachable, skipped")
    header = ("backend", "widget", "API p95 ms", "run() p95", "SQL p95", "ratio", "same", "verdict")
    print(table([header, *results]))
    print(
        f"targets: API p95 <= {TARGET_MS:.0f} ms and ratio (API p95 / SQL p95) <= "
        f"{TARGET_RATIO:.1f}x; run() is the widget without the HTTP request around it"
    )


if __name__ == "__main__":
    main()
