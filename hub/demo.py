"""`hub demo`: the whole demo on one machine: database, seeded sandboxes, worker and console.

Everything runs in this one process on the embedded defaults (unless HUB_* says otherwise):
the sandboxes of Xero, vtiger and Shopify on their usual ports, each in a thread, with demo
data; the in-process worker and scheduler; and the console with its API on port 5000.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from sqlalchemy import select

from hub.accounts import add_member, create_org, create_user
from hub.migrate import upgrade
from hub.models import Membership, Organization, User
from hub.sandboxes import PORTS, load_sandbox
from hub.sdk.sandbox import RunningServer, serve_in_thread

DEMO_EMAIL = "admin@demo.example"
DEMO_ORG = "Demo Trading Pty Ltd"
# How to sign in at each sandbox's own pages (the consent page of an OAuth app).
APP_LOGINS = {
    "xero": "demo@example.com / demo",
    "vtiger": "user admin, access key S4ndb0xAcc3ssK3y",
}


@dataclass
class Demo:
    """What `start` set up: the demo account and the servers it started."""

    org_id: str
    email: str
    password: str
    sandboxes: dict[str, RunningServer] = field(default_factory=dict)
    worker: Any = None

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        for server in self.sandboxes.values():
            server.stop()


def demo_account(app: Flask) -> tuple[str, str, str]:
    """The demo organization and its admin, made once; a new password at every start.

    Returns (organization id, email, password). The password is only ever printed.
    """
    password = secrets.token_urlsafe(12)
    with app.extensions["hub.db"].session() as session:
        user = session.scalar(select(User).where(User.email == DEMO_EMAIL))
        if user is None:
            user = create_user(session, DEMO_EMAIL, password)
        else:
            from werkzeug.security import generate_password_hash

            user.password_hash = generate_password_hash(password)
        membership = session.scalar(select(Membership).where(Membership.user_id == user.id))
        if membership is not None:
            return membership.org_id, DEMO_EMAIL, password
        org = session.scalar(select(Organization).where(Organization.name == DEMO_ORG))
        if org is None:
            org = create_org(session, DEMO_ORG)
        add_member(session, user.id, org.id, "admin")
        return org.id, DEMO_EMAIL, password


def build_sandbox(app: Flask, name: str) -> tuple[Flask, Any]:
    """A sandbox app with its demo data, as `hub sandbox NAME` serves it, and its module."""
    module = load_sandbox(app.extensions["hub.registry"], name)
    if hasattr(module, "demo_app"):  # a sandbox that knows its own demo set-up
        sandbox = module.demo_app()
    else:
        sandbox = module.create_app()
        if hasattr(module, "seed"):
            module.seed(sandbox)
    return sandbox, module


def serve_sandbox(app: Flask, name: str, port: int) -> RunningServer:
    sandbox, module = build_sandbox(app, name)
    server = serve_in_thread(sandbox, port)
    if hasattr(module, "start_delivery_thread"):  # sandboxes that send webhooks
        module.start_delivery_thread(sandbox)
    return server


def start(app: Flask, echo: Callable[[str], None] = print, *, sandboxes: bool = True) -> Demo:
    """Migrate, make the demo account, start the sandboxes and the worker; return at once."""
    from hub.jobs.worker import start_in_process

    upgrade(app.config["DATABASE_URL"])
    org_id, email, password = demo_account(app)
    demo = Demo(org_id, email, password)
    if sandboxes:
        for name, port in PORTS.items():
            try:
                demo.sandboxes[name] = serve_sandbox(app, name, port)
            except (LookupError, OSError) as exc:  # a busy port: maybe it is already running
                echo(f"{name} sandbox not started: {exc}")
                continue
            echo(f"{name} sandbox on {demo.sandboxes[name].url}")
    if not app.config.get("REDIS_URL"):
        demo.worker = start_in_process(app)
        echo("jobs run in-process (set HUB_REDIS_URL to use `hub worker` processes)")
    return demo


def banner(app: Flask, demo: Demo, url: str) -> str:
    """What the person starting the demo needs to know, printed once everything is up."""
    registry = app.extensions["hub.registry"]
    lines = [
        "",
        f"The hub console: {url}",
        f"  demo organization: {DEMO_ORG} ({demo.org_id})",
        f"  demo admin:        {demo.email}  password: {demo.password}",
        "  or sign up as a new user and create your own organization.",
        f"Connectors registered: {', '.join(registry.names()) or 'none yet'}",
    ]
    for name, server in demo.sandboxes.items():
        login = APP_LOGINS.get(name)
        lines.append(f"  {name} sandbox {server.url}" + (f"  (sign in: {login})" if login else ""))
    return "\n".join(lines)
