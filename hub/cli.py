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
        from hub.config import load_config
        from hub.logs import configure

        configure(str(load_config()["LOG_LEVEL"]))
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
    if not app.config.get("REDIS_URL"):
        from hub.jobs.worker import start_in_process

        start_in_process(app)
        click.echo("jobs run in-process (set HUB_REDIS_URL to use `hub worker` processes)")
    click.echo(f"hub serving on http://{host}:{port}")
    app.run(host=host, port=port, debug=debug, use_reloader=debug)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-sandboxes", is_flag=True, help="Start only the console and the worker.")
@click.pass_context
def demo(ctx: click.Context, host: str, port: int, no_sandboxes: bool) -> None:
    """Run the whole demo: migrate, seeded sandboxes, the worker and the console."""
    from hub.demo import banner, start

    app = _app(ctx)
    running = start(app, click.echo, sandboxes=not no_sandboxes)
    click.echo(banner(app, running, f"http://{host}:{port}"))
    try:
        app.run(host=host, port=port, use_reloader=False, threaded=True)
    finally:
        running.stop()


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


def _register_widgets_commands() -> None:
    from hub.widgets.cli import widgets

    main.add_command(widgets)


_register_widgets_commands()


def _database(ctx: click.Context) -> Any:
    return _app(ctx).extensions["hub.db"]


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.pass_context
def worker(ctx: click.Context, burst: bool) -> None:
    """Run an RQ worker on the hub's queues (needs HUB_REDIS_URL)."""
    from hub.jobs.worker import run_worker

    app = _app(ctx)
    if not app.config.get("REDIS_URL"):
        raise click.ClickException("Set HUB_REDIS_URL: without it jobs run inside `hub serve`.")
    run_worker(app, burst=burst)


@main.command()
@click.option("--once", is_flag=True, help="One tick, then exit.")
@click.pass_context
def scheduler(ctx: click.Context, once: bool) -> None:
    """Every HUB_SCHEDULER_INTERVAL seconds, queue syncs for connections that are due."""
    import time

    from hub.jobs.scheduler import tick

    app = _app(ctx)
    while True:
        queued = tick(app)
        if queued:
            click.echo(f"queued {len(queued)} sync(s)")
        if once:
            return
        time.sleep(float(app.config["SCHEDULER_INTERVAL"]))


@main.command()
@click.argument("connection_id")
@click.option("--entity", "entities", multiple=True, help="Only this entity (repeatable).")
@click.option("--full", is_flag=True, help="Read everything again, ignoring the cursors.")
@click.pass_context
def sync(ctx: click.Context, connection_id: str, entities: tuple[str, ...], full: bool) -> None:
    """Sync one connection now, in the foreground, with progress."""
    from hub.jobs.tasks import budget_for, route
    from hub.models import Connection
    from hub.sync.runner import run_sync

    app = _app(ctx)
    with _database(ctx).session() as session:
        connection = session.get(Connection, connection_id)
        if connection is None:
            raise click.ClickException(f"No connection with id {connection_id}.")
        budget = budget_for(app, connection)

    def progress(entity: str, counts: dict[str, int]) -> None:
        shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        click.echo(f"  {entity:<20} {shown or 'nothing new'}")

    click.echo(f"syncing {connection_id}...")
    outcome = run_sync(
        app,
        connection_id,
        trigger="manual",
        entities=entities or None,
        full=full,
        before_request=budget.take,
        on_retry=budget.block,
        progress=progress,
    )
    route(app, connection_id, outcome.changed)
    click.echo(
        f"run {outcome.run_id}: {outcome.status}"
        + (f" ({outcome.message})" if outcome.message else "")
    )
    if outcome.status in ("failed", "retry", "missing"):
        raise SystemExit(1)


@main.command()
@click.argument("app_name")
@click.option("--port", type=int, default=0, help="0: the connector's usual port.")
@click.option("--seed/--no-seed", default=True, help="Fill it with demo data.")
@click.pass_context
def sandbox(ctx: click.Context, app_name: str, port: int, seed: bool) -> None:
    """Serve a connector's sandbox (the emulated app) on 127.0.0.1."""
    from hub.sandboxes import run_sandbox

    app = _app(ctx)
    try:
        run_sandbox(app.extensions["hub.registry"], app_name, port=port, seed=seed, echo=click.echo)
    except (KeyError, LookupError) as exc:
        raise click.ClickException(str(exc)) from exc
