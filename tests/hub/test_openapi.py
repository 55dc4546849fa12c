"""The OpenAPI document is generated from the schemas and covers every endpoint."""

from __future__ import annotations

from flask.testing import FlaskClient

import schema


def test_openapi_document(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    for entity in schema.ENTITIES:
        collection = paths[f"/api/v1/orgs/{{org_id}}/{entity}"]
        assert set(collection) >= {"get", "post"}
        item = paths[f"/api/v1/orgs/{{org_id}}/{entity}/{{record_id}}"]
        assert set(item) >= {"get", "put", "patch", "delete"}
    assert "/api/v1/orgs/{org_id}/changes" in paths
    components = doc["components"]["schemas"]
    invoice = components["InvoicesRecord"]["properties"]
    assert invoice["id"]["readOnly"] is True
    # Money is a string in the document, never a number.
    assert components["InvoicesInput"]["properties"]["lines"]
    assert "bearerAuth" in doc["components"]["securitySchemes"]


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
