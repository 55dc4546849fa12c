"""Run Alembic migrations from code: `hub db upgrade`, the test setup and `make run`."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from hub.config import ROOT


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    # '%' is Alembic's interpolation character; URLs may carry it in passwords.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def heads(url: str = "sqlite://") -> list[str]:
    return list(ScriptDirectory.from_config(alembic_config(url)).get_heads())
