"""`hub widgets rebuild`: recompute the widgets' projections from the stored records.

The store keeps the projections in step with every write; rebuilding is for a database
that held records before the widgets' migration (0003), or after a projection changes.
Attach with `main.add_command(widgets)` in hub/cli.py.
"""

from __future__ import annotations

import click
from flask import Flask


@click.group()
def widgets() -> None:
    """Dashboard widgets."""


@widgets.command("rebuild")
@click.option("--org", "org_ids", multiple=True, help="Only this organization (repeatable).")
@click.pass_context
def rebuild_command(ctx: click.Context, org_ids: tuple[str, ...]) -> None:
    """Rebuild the projections and running totals of all (or some) organizations."""
    from hub import create_app
    from hub.widgets.projection import rebuild

    app: Flask = ctx.obj if isinstance(ctx.obj, Flask) else create_app()
    with app.extensions["hub.db"].session() as session:
        count = rebuild(session, list(org_ids) or None)
    click.echo(f"{count} records projected")
