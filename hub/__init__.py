"""The hub: a data-sharing hub for a marketplace of business apps."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify
from sqlalchemy import text


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the hub's Flask app; nothing connects or writes until a request needs it."""
    import web
    from hub import api, web_db, webhooks
    from hub.config import load_config, secret_keys
    from hub.db import Database
    from hub.logs import scrub_handlers
    from hub.registry import Registry

    settings = load_config(config)
    app = Flask(__name__, instance_path=settings["INSTANCE_PATH"])
    app.config.update(settings)
    app.config["SECRET_KEY"] = secret_keys(settings)[0]
    logging.getLogger("hub").setLevel(settings["LOG_LEVEL"])
    scrub_handlers()  # tokens, keys and passwords never reach the logs
    app.extensions["hub.registry"] = Registry.load()

    web_db.init_app(app, Database(settings["DATABASE_URL"]))
    api.init_app(app)
    webhooks.init_app(app)
    web.init_app(app)  # the console

    @app.get("/healthz")
    def healthz() -> Any:
        try:
            web_db.db_session().execute(text("SELECT 1"))
        except Exception:  # the probe reports, it never raises
            logging.getLogger("hub").exception("health check: database unreachable")
            return jsonify(status="error", database="unreachable"), 503
        return jsonify(status="ok", database="ok")

    return app
