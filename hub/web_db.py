"""The database session of the current request, closed when the request ends."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from hub.db import Database


def database() -> Database:
    return current_app.extensions["hub.db"]


def db_session() -> Session:
    """One session per request; committed explicitly by the view that writes."""
    if "db_session" not in g:
        g.db_session = database().sessionmaker()
    return g.db_session


def init_app(app: Flask, db: Database) -> None:
    app.extensions["hub.db"] = db

    @app.teardown_appcontext
    def close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.rollback()
            session.close()
