"""The `hub` command: migrate, create an organization and a user, list connectors."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from hub.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch) -> dict[str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("HUB_INSTANCE_PATH", str(tmp_path))
    return {}


def test_org_and_user_create(env: dict[str, str]) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    created = runner.invoke(main, ["org", "create", "Acme Pty Ltd"])
    assert created.exit_code == 0, created.output
    org_id = re.search(r"organization: (\S+)", created.output).group(1)  # type: ignore[union-attr]
    key = re.search(r"api key:\s+(\S+)", created.output).group(1)  # type: ignore[union-attr]
    assert key.startswith("hub_")

    user = runner.invoke(
        main,
        [
            "user",
            "create",
            "ann@example.com",
            "--org",
            org_id,
            "--role",
            "admin",
            "--password",
            "correct horse",
        ],
    )
    assert user.exit_code == 0, user.output
    assert "admin of" in user.output
    again = runner.invoke(
        main, ["user", "create", "ann@example.com", "--org", org_id, "--password", "correct horse"]
    )
    assert again.exit_code != 0 and "already exists" in again.output
    unknown = runner.invoke(
        main, ["user", "create", "bob@example.com", "--org", "nope", "--password", "correct horse"]
    )
    assert unknown.exit_code != 0 and "No organization" in unknown.output


def test_connectors_lists_registered(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["connectors"])
    assert result.exit_code == 0
