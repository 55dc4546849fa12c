"""Migrations: a single head, and the models match what the migrations build."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from hub.db import Database
from hub.migrate import heads, upgrade
from hub.models import Base


def test_single_head() -> None:
    assert len(heads()) == 1


def test_upgrade_from_empty_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    engine = create_engine(url)
    names = set(inspect(engine).get_table_names())
    assert {"organizations", "records", "changes", "links", "api_keys"} <= names
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_migrated_test_database_matches_the_models(db: Database) -> None:
    """On PostgreSQL in CI (HUB_TEST_DATABASE_URL), this is the upgrade from empty there."""
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert diff == []
    assert version == heads()[0]
