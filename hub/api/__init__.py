"""The REST API under /api/v1, documented by an OpenAPI file generated from the schemas."""

from __future__ import annotations

from flask import Flask

import schema as canonical
from hub.api.errors import HubApi

SECURITY = {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "org API key"}}


def init_app(app: Flask) -> HubApi:
    from hub.api import changes, connections, records, runs, widgets

    app.config.setdefault("API_TITLE", "Hub API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = HubApi(
        app,
        spec_kwargs={
            "security": [{"bearerAuth": []}],
            "info": {"description": "Canonical records, the change feed and widgets."},
        },
    )
    api.spec.components.security_scheme("bearerAuth", SECURITY["bearerAuth"])
    for field_class, openapi_type in canonical.OPENAPI_FIELD_TYPES.items():
        api.register_field(field_class, *openapi_type)
    api.register_blueprint(records.blp)
    api.register_blueprint(changes.blp)
    api.register_blueprint(runs.blp)
    api.register_blueprint(connections.blp)
    api.register_blueprint(widgets.blp)  # dashboard widgets and exchange rates
    return api
