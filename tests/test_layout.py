"""The house rules a reader relies on: connectors import only hub.sdk and schema."""

from __future__ import annotations

import ast
from pathlib import Path

from hub.config import ROOT

CONNECTORS = ROOT / "connectors"
ALLOWED = ("hub.sdk", "schema", "connectors")


def _hub_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in ("hub", "schema", "web", "connectors")]
    return found


def test_connectors_import_only_the_sdk_and_schema() -> None:
    offenders = {}
    for path in CONNECTORS.rglob("*.py"):
        bad = [
            n
            for n in _hub_imports(path)
            if not any(n == a or n.startswith(a + ".") for a in ALLOWED)
        ]
        if bad:
            offenders[str(path.relative_to(ROOT))] = bad
    assert offenders == {}


def test_every_connector_documents_what_it_shares() -> None:
    for connector in CONNECTORS.glob("*/connector.py"):
        readme = connector.parent / "README.md"
        assert readme.is_file(), f"{connector.parent.name} has no README.md"
        text = readme.read_text().lower()
        assert "pull" in text or "from" in text, f"{readme} does not say what it shares"


def test_the_schema_package_stands_alone() -> None:
    for path in (ROOT / "schema").rglob("*.py"):
        assert not [n for n in _hub_imports(path) if not n.startswith("schema")], path
