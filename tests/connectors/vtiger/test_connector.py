"""What the connector declares: its registration, entities, settings and documentation."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

import schema
from connectors.vtiger.connector import VtigerConnector, VtigerSettings
from hub.config import ROOT
from hub.registry import Registry


def test_registered_by_its_stable_name() -> None:
    assert Registry.load().get("vtiger") is VtigerConnector
    assert VtigerConnector.sandbox == "connectors.vtiger.sandbox"


def test_entities_are_canonical_and_matched_on_first_connection() -> None:
    assert set(VtigerConnector.entities) <= set(schema.ENTITIES)
    assert VtigerConnector.entities["contacts"].match_on == ("email", "tax_number", "name")
    assert VtigerConnector.entities["items"].match_on == ("code",)
    assert all(spec.capability.value == "both" for spec in VtigerConnector.entities.values())


def test_settings() -> None:
    loaded = VtigerSettings().load(
        {"url": "http://crm.local:8080", "username": "admin", "access_key": "k"}
    )
    assert (loaded["default_currency"], loaded["prices_include_tax"]) == ("USD", False)
    with pytest.raises(ValidationError) as caught:
        VtigerSettings().load({"url": "crm", "default_currency": "dollars"})
    assert set(caught.value.messages) == {"url", "username", "access_key", "default_currency"}
    # The access key is asked with the settings, but is a secret: never dumped, and the
    # hub stores it encrypted with the credentials.
    assert VtigerConnector.secret_settings() == {"access_key"}
    assert "access_key" not in VtigerSettings().dump(loaded)


def test_the_readme_documents_every_setting_and_error_code() -> None:
    from connectors.vtiger.client import ERRORS

    readme = (ROOT / "connectors" / "vtiger" / "README.md").read_text()
    for name in VtigerSettings().fields:
        assert f"`{name}`" in readme, name
    for code in ERRORS:
        assert code in readme, code
