"""Connecting an app: a form for key-based connectors, the app's consent page for OAuth ones."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from marshmallow import ValidationError
from sqlalchemy import select

from hub.connections import ConnectionError_
from hub.jobs.queues import enqueue
from hub.models import Connection, utcnow
from hub.sdk.errors import ConnectorError
from hub.services.connecting import (
    app_defaults,
    connect_with_settings,
    pull_only_matrix,
    split_settings,
    stored_secrets,
)
from hub.web_db import db_session
from web import oauth
from web.access import admin_required, org_blueprint
from web.forms import errors_by_field, field_specs, parse_form

bp = org_blueprint("connect", __name__, "/connect")
OPTION = "option-"  # prefix of the connect options' inputs, apart from the settings'


def _connector(name: str) -> Any:
    try:
        return current_app.extensions["hub.registry"].get(name)
    except KeyError:
        abort(404)


def _existing(name: str) -> Connection | None:
    return db_session().scalar(
        select(Connection).where(Connection.org_id == g.org_id, Connection.connector == name)
    )


def _options_schema(connector: Any) -> Any:
    """Choices asked before the consent page that are not settings (e.g. payroll access),
    if the connector declares them as a marshmallow schema in `connect_options`."""
    return getattr(connector, "connect_options", None)


def _page(
    connector: Any,
    values: dict[str, Any],
    errors: dict[str, Any],
    status: int,
    options: dict[str, Any] | None = None,
) -> Any:
    existing = _existing(connector.name)
    oauth2 = connector.auth == "oauth2"
    return (
        render_template(
            "connect/oauth.html" if oauth2 else "connect/keys.html",
            connector=connector,
            specs=field_specs(
                connector.settings_schema,
                values,
                stored_secrets(current_app, connector, existing) if existing else (),
            ),
            option_specs=field_specs(_options_schema(connector), options or {}, prefix=OPTION),
            errors=errors,
            existing=existing,
        ),
        status,
    )


@bp.get("/<connector>")
@admin_required
def start(connector: str) -> Any:
    connector_class = _connector(connector)
    existing = _existing(connector)
    values = existing.settings if existing else app_defaults(connector_class, current_app.config)
    return _page(connector_class, values, {}, 200)


@bp.post("/<connector>")
@admin_required
def submit(connector: str) -> Any:
    connector_class = _connector(connector)
    values = parse_form(connector_class.settings_schema, request.form)
    if connector_class.auth == "oauth2":
        return _begin_oauth(connector_class, values)
    database = db_session()
    try:
        row = connect_with_settings(
            database,
            current_app,
            g.org_id,
            connector_class,
            values,
            matrix=pull_only_matrix(connector_class),
        )
    except ConnectionError_ as exc:
        database.rollback()
        flash(str(exc), "error")
        return _page(connector_class, values, errors_by_field(exc.errors), 422)
    return _connected(row, connector_class)


def _begin_oauth(connector: Any, values: dict[str, Any]) -> Any:
    """Check the settings and options first, then send the browser to the consent page.

    The settings (checked, kept with the attempt) also go to `begin_connect` as options: a
    shop's name, say, is both where to sign in and a setting of the connection.
    """
    options_schema = _options_schema(connector)
    raw = parse_form(options_schema, request.form, prefix=OPTION)
    reconnect = _existing(connector.name) is not None
    try:
        options = options_schema().load(raw) if options_schema else {}
        settings, _secrets = ({}, {}) if reconnect else split_settings(connector, values)
    except ValidationError as exc:
        errors = {f"{OPTION}{k}": v for k, v in errors_by_field(exc.messages_dict).items()}
        return _page(connector, values, errors, 422, raw)
    except ConnectionError_ as exc:
        flash(str(exc), "error")
        return _page(connector, values, errors_by_field(exc.errors), 422, raw)
    try:
        url = oauth.begin(
            g.org_id, connector, {**settings, **options}, None if reconnect else values
        )
    except ConnectorError as exc:
        flash(f"Could not start connecting {connector.title}: {exc.user_message}", "error")
        return _page(connector, values, {}, 502, raw)
    return redirect(url)


def finish(
    connector: Any,
    credentials: dict[str, Any],
    tenant_id: str,
    tenant_name: str,
    values: dict[str, Any] | None,
) -> Any:
    """Store an OAuth connection (new, or re-authorised) and start its first sync."""
    database = db_session()
    existing = _existing(connector.name)
    if existing is None and values is None:
        values = app_defaults(connector, current_app.config)
    try:
        row = connect_with_settings(
            database,
            current_app,
            g.org_id,
            connector,
            None if existing else values,  # a reconnect keeps the settings it had
            credentials=credentials,
            tenant_id=tenant_id,
            tenant_name=tenant_name,
            matrix=pull_only_matrix(connector),
        )
    except ConnectionError_ as exc:
        database.rollback()
        flash(f"{connector.title} did not connect: {exc}", "error")
        return redirect(url_for("marketplace.index"))
    return _connected(row, connector)


def _connected(row: Connection, connector: Any) -> Any:
    db_session().commit()
    # The first sync reads the app; where the hub already holds records of an entity it
    # only suggests matches, and nothing of that entity syncs until they are reviewed.
    enqueue(current_app, "sync", "hub.jobs.tasks.sync_connection", row.id, "connect")
    account = f" ({row.tenant_name})" if row.tenant_name else ""
    flash(f"{connector.title}{account} is connected; its first sync has started.", "success")
    since = utcnow().isoformat()  # the run this starts begins after this moment
    return redirect(url_for("conn.show", connection_id=row.id, watch=since))


@bp.route("/<connector>/choose", methods=["GET", "POST"])
@admin_required
def choose(connector: str) -> Any:
    """The sign-in reached several accounts of the app: the user picks one."""
    connector_class = _connector(connector)
    choice = oauth.load_choice(connector)
    if choice is None:
        flash("That connection attempt has expired; start again.", "error")
        return redirect(url_for("marketplace.index"))
    tenants = {t["id"]: t["name"] for t in choice["tenants"]}
    if request.method == "GET":
        return render_template("connect/choose.html", connector=connector_class, tenants=tenants)
    picked = request.form.get("tenant", "")
    if picked not in tenants:
        abort(400, "Pick one of the accounts listed.")
    oauth.drop_choice()  # used once
    return finish(
        connector_class, choice["credentials"], picked, tenants[picked], choice.get("settings")
    )
