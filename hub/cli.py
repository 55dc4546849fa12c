"""The `hub` command: serve, migrate, create organizations and users, list connectors."""

from __future__ import annotations

import getpass
import sys
from typing import Any

import click
from flask import Flask

from hub.accounts import AccountError, add_member, create_api_key, create_org, create_user


def _app(ctx: click.Context) -> Flask:
    """Build the app once per command invocation, from the environment."""
    if ctx.obj is None:
        from hub import create_app

        ctx.obj = create_app()
    return ctx.obj


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """The hub: a data-sharing hub for a marketplace of business apps."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Reload on code changes.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, debug: bool) -> None:
    """Serve the console and the API."""
    app = _app(ctx)
    click.echo(f"hub serving on http://{host}:{port}")
    app.run(host=host, port=port, debug=debug, use_reloader=debug)


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.argument("revision", default="head")
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    from hub.migrate import upgrade

    app = _app(ctx)
    upgrade(app.config["DATABASE_URL"], revision)
    click.echo("database is up to date")


@main.group()
def org() -> None:
    """Organizations."""


@org.command("create")
@click.argument("name")
@click.pass_context
def org_create(ctx: click.Context, name: str) -> None:
    """Create an organization; prints its id and a new API key (shown once)."""
    with _database(ctx).session() as session:
        try:
            organization = create_org(session, name)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from exc
        key = create_api_key(session, organization.id)
        org_id = organization.id
    click.echo(f"organization: {org_id}")
    click.echo(f"api key:      {key}")
    click.echo("Keep the key now: only its hash is stored.", err=True)


@main.group()
def user() -> None:
    """Users of the console."""


@user.command("create")
@click.argument("email")
@click.option("--org", "org_id", required=True, help="Organization id.")
@click.option("--role", type=click.Choice(["admin", "member"]), default="member", show_default=True)
@click.option(
    "--password",
    envvar="HUB_NEW_USER_PASSWORD",
    default=None,
    help="Read from a prompt when not given.",
)
@click.pass_context
def user_create(
    ctx: click.Context, email: str, org_id: str, role: str, password: str | None
) -> None:
    """Create a user and make them a member of an organization."""
    if password is None:
        if not sys.stdin.isatty():
            raise click.ClickException("Give --password or run in a terminal.")
        password = getpass.getpass("Password: ")
    with _database(ctx).session() as session:
        try:
            new = create_user(session, email, password)
            add_member(session, new.id, org_id, role)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"user: {new.id} ({new.email}), {role} of {org_id}")


@main.command()
@click.pass_context
def connectors(ctx: click.Context) -> None:
    """List the registered connectors and what each shares."""
    from hub.registry import Registry

    registry = Registry.load()
    if not registry.names():
        click.echo("no connectors registered")
        return
    for name in registry.names():
        click.echo(registry.describe(name))


def _database(ctx: click.Context) -> Any:
    return _app(ctx).extensions["hub.db"]
