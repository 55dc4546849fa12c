"""End-to-end sync throughput: toy app A -> hub -> toy app B with one worker.

Seeds app A with N contacts and N invoices of 5 lines, connects A and B to one
organization, and runs the sync as the worker does (A's sync, then the routed sync of B).
Prints records/s end to end, API calls used against the minimum the apps' page and batch
sizes allow, peak memory, and, measured in the same run, the time app A alone takes to
serve the same pages. `--memory` compares peak memory at 10,000 and 100,000 records.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402
from common import table  # noqa: E402
from toyapps.app import BATCH_LIMIT, PAGE_SIZE  # noqa: E402
from toyapps.connector import CrmConnector, LedgerConnector  # noqa: E402

from hub import create_app  # noqa: E402
from hub.accounts import create_org  # noqa: E402
from hub.connections import connect  # noqa: E402
from hub.jobs.tasks import _run, bind_app  # noqa: E402
from hub.jobs.worker import work_burst  # noqa: E402
from hub.migrate import upgrade  # noqa: E402


def serve_alone(url: str, resources: list[str]) -> tuple[float, int]:
    """App A serving the same pages to a plain client: the baseline."""
    session = requests.Session()
    session.headers["X-Api-Key"] = "toy-key"
    start, calls = time.perf_counter(), 0
    for resource_name in resources:
        since = 0
        while True:
            body = session.get(f"{url}/api/{resource_name}", params={"since_rev": since}).json()
            calls += 1
            if body["items"]:
                since = body["items"][-1]["rev"]
            if not body["more"]:
                break
    return time.perf_counter() - start, calls


def minimum_calls(count: int, resources: int) -> int:
    pages = count // PAGE_SIZE + 1  # the app says "more" until a short page
    batches = math.ceil(count / BATCH_LIMIT)
    return resources * (pages + batches)


def stats(url: str) -> dict[str, object]:
    return requests.get(f"{url}/_toy/stats", timeout=10).json()


def run(count: int, invoices: bool) -> dict[str, float]:
    resources = ["contacts", "invoices"] if invoices else ["contacts"]
    # The apps run in their own process, as real apps would: this process is the hub's
    # one worker, and its peak memory is the hub's alone.
    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).parent / "toyserver.py"),
            str(count),
            "1" if invoices else "0",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url_a, url_b = server.stdout.readline().split()  # type: ignore[union-attr]
        baseline_s, _ = serve_alone(url_a, resources)
        calls_before = stats(url_a)["calls"]
        with tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
            url = f"sqlite:///{Path(folder) / 'hub.db'}"
            upgrade(url)
            app = create_app(
                {
                    "DATABASE_URL": url,
                    "INSTANCE_PATH": folder,
                    "LOG_LEVEL": "WARNING",
                    "SECRET_KEY": "bench",
                }
            )
            registry = app.extensions["hub.registry"]
            registry.add("ledger", LedgerConnector)
            registry.add("crm", CrmConnector)
            database = app.extensions["hub.db"]
            matrix = {"contacts": "both", "invoices": "both" if invoices else "off"}
            with database.session() as session:
                org = create_org(session, "Bench").id
                a = connect(
                    session,
                    app,
                    org,
                    LedgerConnector,
                    credentials={"api_key": "toy-key"},
                    settings={"base_url": url_a},
                    matrix=matrix,
                ).id
                connect(
                    session,
                    app,
                    org,
                    CrmConnector,
                    credentials={"api_key": "toy-key"},
                    settings={"base_url": url_b},
                    matrix=matrix,
                )
            bind_app(app)
            start = time.perf_counter()
            _run(app, a, "bench", None, False, True)
            work_burst(app)  # the routed sync of B, as one worker runs it
            seconds = time.perf_counter() - start
            app.extensions["hub.db"].dispose()
        after_a, after_b = stats(url_a), stats(url_b)
        calls = int(after_a["calls"]) - int(calls_before) + int(after_b["calls"])
        arrived = sum(after_b["records"].values())  # type: ignore[union-attr]
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(timeout=30)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "records": count * len(resources),
        "arrived": arrived,
        "seconds": seconds,
        "baseline_s": baseline_s,
        "calls": calls,
        "minimum": minimum_calls(count, len(resources)),
        "peak_mb": peak_mb,
    }


def memory_check() -> None:
    """Peak memory at 10,000 and at 100,000 contacts, each in a fresh process."""
    peaks = {}
    for count in (10_000, 100_000):
        out = subprocess.run(
            [sys.executable, __file__, "--count", str(count), "--contacts-only", "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        peaks[count] = json.loads(out.strip().splitlines()[-1])["peak_mb"]
    growth = peaks[100_000] - peaks[10_000]
    print(
        f"memory: peak {peaks[10_000]:.0f} MB at 10,000 contacts, "
        f"{peaks[100_000]:.0f} MB at 100,000: growth {growth:.0f} MB (target <= 50) "
        + ("PASS" if growth <= 50 else "ABOVE TARGET")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20_000, help="contacts and invoices each")
    parser.add_argument("--contacts-only", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--memory", action="store_true", help="the 10k vs 100k memory check")
    args = parser.parse_args()
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    if args.memory:
        memory_check()
        return
    figures = run(args.count, not args.contacts_only)
    if args.json:
        print(json.dumps(figures))
        return
    rate = figures["records"] / figures["seconds"]
    ratio = figures["seconds"] / figures["baseline_s"]
    call_ratio = figures["calls"] / figures["minimum"]
    print(
        f"bench/sync.py: {args.count:,} contacts"
        + ("" if args.contacts_only else f" + {args.count:,} invoices (5 lines)")
        + ", app A -> hub (SQLite) -> app B, one worker"
    )
    print(
        table(
            [
                ("figure", "value", "target"),
                (
                    "records arrived in B",
                    f"{figures['arrived']:,} of {figures['records']:,}",
                    "all",
                ),
                ("end to end", f"{figures['seconds']:.1f} s, {rate:,.0f} records/s", ">= 1,000/s"),
                (
                    "app A serving the same pages alone",
                    f"{figures['baseline_s']:.2f} s",
                    "baseline",
                ),
                ("hub time / app A alone", f"{ratio:.1f}x", "<= 3x"),
                (
                    "API calls used / minimum",
                    f"{figures['calls']:,} / {figures['minimum']:,} = {call_ratio:.3f}",
                    "<= 1.1",
                ),
                ("peak memory (RSS)", f"{figures['peak_mb']:.0f} MB", ""),
            ]
        )
    )


if __name__ == "__main__":
    main()
