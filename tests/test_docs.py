"""The README documents every setting and command, and nothing that does not exist."""

from __future__ import annotations

import re

from hub.cli import main
from hub.config import ROOT, SETTINGS

README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented_and_nothing_else() -> None:
    documented = set(re.findall(r"^\| `HUB_([A-Z_]+)`", README, flags=re.M))
    assert documented == set(SETTINGS)


def test_every_command_is_documented() -> None:
    def walk(group, prefix):  # type: ignore[no-untyped-def]
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from walk(command, f"{prefix}{name} ")
            else:
                yield f"{prefix}{name}"

    for command in walk(main, "hub "):
        assert f"`{command}" in README, f"{command} is not in the README"


def test_readme_gives_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()
