"""Run the sandbox by hand: `python -m connectors.harvest.sandbox --port 5104 [--seed 0]`."""

from __future__ import annotations

import argparse

from werkzeug.serving import run_simple

from . import DEFAULT_ACCOUNT_ID, DEFAULT_TOKEN, create_app, seed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Harvest API v2 sandbox")
    parser.add_argument("--port", type=int, default=5104)
    parser.add_argument("--seed", type=int, default=0, help="seed number (-1: no data)")
    parser.add_argument("--people", type=int, default=5)
    parser.add_argument("--weeks", type=int, default=4)
    args = parser.parse_args(argv)
    app = create_app()
    if args.seed >= 0:
        seed(app, people=args.people, weeks=args.weeks, seed=args.seed)
    print(f"Harvest sandbox on http://127.0.0.1:{args.port}/v2")
    print(f"token {DEFAULT_TOKEN}  account {DEFAULT_ACCOUNT_ID}")
    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    main()
