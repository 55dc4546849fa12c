"""Run the sandbox by hand: `python -m connectors.shopify.sandbox --port 5103`."""

from __future__ import annotations

import argparse

from werkzeug.serving import run_simple

from . import create_app, install_app, seed, site_url, start_delivery_thread


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Shopify Admin REST sandbox")
    parser.add_argument("--port", type=int, default=5103)
    parser.add_argument("--shop", action="append", default=None, help="shop name (repeatable)")
    parser.add_argument("--orders", type=int, default=50, help="seeded orders per shop")
    args = parser.parse_args(argv)
    shops = args.shop or ["acme"]
    app = create_app({"shops": shops})
    base = f"http://127.0.0.1:{args.port}"
    for shop in shops:
        seed(app, shop, orders=args.orders)
        token = install_app(app, shop)
        print(f"{shop}: site {site_url(base, shop, '2024-10')}  token {token}")
    worker = start_delivery_thread(app)
    try:
        run_simple("127.0.0.1", args.port, app, threaded=True)
    finally:
        worker.stop()


if __name__ == "__main__":
    main()
