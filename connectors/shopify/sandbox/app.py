"""The sandbox's Flask app factory."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask, Response, jsonify, request

from . import errors
from .config import build_config
from .routing import ShopRouter
from .store import EXTENSION, SandboxState, state_of


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A Shopify Admin REST look-alike; see README.md for what it emulates and its knobs."""
    # Importing the resource modules registers their routes on the API blueprint.
    from . import (  # noqa: F401
        api,
        auth,
        customers,
        orders,
        products,
        refunds,
        transactions,
        variants,
        webhooks,
    )

    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.strict_slashes = False
    state = SandboxState(build_config(config))
    app.extensions[EXTENSION] = state
    errors.register_handlers(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(auth.bp)

    @app.after_request
    def _request_id(response: Response) -> Response:
        response.headers["X-Request-Id"] = str(uuid.uuid4())
        return response

    @app.get("/")
    def index() -> Response:
        """A pointer page for people opening the sandbox in a browser."""
        sandbox = state_of(app)
        base = request.host_url.rstrip("/")
        return jsonify(
            {
                "sandbox": "shopify",
                "shops": {
                    domain: f"{base}/shops/{domain}/admin/api/{{version}}/"
                    for domain in sandbox.shops
                },
                "api_versions": sandbox.config["api_versions"],
            }
        )

    app.wsgi_app = ShopRouter(app.wsgi_app, state)  # type: ignore[method-assign]
    return app
