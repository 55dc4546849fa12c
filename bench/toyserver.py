"""Serve two toy apps in their own process for bench/sync.py, app A seeded with N records."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "support"))

from toyapps.app import create_app  # noqa: E402

from hub.sdk.sandbox import serve_in_thread  # noqa: E402


def seed(app: object, count: int, invoices: bool) -> None:
    state = app.extensions["toy"]  # type: ignore[attr-defined]
    contact_ids = []
    for i in range(count):
        record = {
            "id": state.new_id(),
            "name": f"Customer {i:06d} Pty Ltd",
            "email": f"accounts{i}@customer{i}.test",
            "phone": f"02 9{i:07d}",
            "tax_no": f"{i:011d}",
            "customer": True,
            "deleted": False,
        }
        state.put("contacts", record, "create")
        contact_ids.append(record["id"])
    for i in range(count if invoices else 0):
        lines = [
            {"description": f"Item {j} for order {i}", "qty": str(j + 1), "price": f"{10 + j}.50"}
            for j in range(5)
        ]
        state.put(
            "invoices",
            {
                "id": state.new_id(),
                "number": f"INV-{i:06d}",
                "contact_id": contact_ids[i % count],
                "date": "2026-11-01",
                "currency": "AUD",
                "status": "AUTHORISED",
                "lines": lines,
                "deleted": False,
            },
            "create",
        )
    state.events.clear()


def main() -> None:
    count, invoices = int(sys.argv[1]), sys.argv[2] == "1"
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app_a, app_b = create_app("L-"), create_app("crm_")
    seed(app_a, count, invoices)
    a, b = serve_in_thread(app_a), serve_in_thread(app_b)
    print(a.url, b.url, flush=True)
    while sys.stdin.readline():  # serve until the parent closes our stdin
        pass
    a.stop()
    b.stop()
    time.sleep(0.1)


if __name__ == "__main__":
    main()
