"""Organizations: the user's list, creating one, its home page, and its members and roles."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import func, select

from hub.accounts import AccountError, add_member, create_org
from hub.models import ROLES, Connection, Membership, SyncRun, User
from hub.web_db import db_session
from web.access import admin_required, console_blueprint, my_organizations, org_blueprint

bp = console_blueprint("orgs", __name__)
org = org_blueprint("org", __name__)
blueprints = [bp, org]


@bp.get("/orgs")
def index() -> Any:
    return render_template("orgs/index.html", orgs=my_organizations())


@bp.post("/orgs")
def create() -> Any:
    database = db_session()
    try:
        new = create_org(database, request.form.get("name", ""))
    except AccountError as exc:
        flash(str(exc), "error")
        return render_template("orgs/index.html", orgs=my_organizations()), 422
    add_member(database, g.user.id, new.id, "admin")  # whoever creates it administers it
    database.commit()
    flash(f"{new.name} created. Connect its first app from the marketplace.", "success")
    return redirect(url_for("org.home", org=new.id))


@org.get("/")
def home() -> Any:
    database = db_session()
    connections = list(
        database.scalars(
            select(Connection).where(Connection.org_id == g.org_id).order_by(Connection.created_at)
        )
    )
    registry = current_app.extensions["hub.registry"]
    last_runs = {
        run.connection_id: run
        for run in database.scalars(
            select(SyncRun).where(
                SyncRun.id.in_(
                    select(func.max(SyncRun.id))
                    .where(SyncRun.org_id == g.org_id)
                    .group_by(SyncRun.connection_id)
                )
            )
        )
    }
    return render_template(
        "orgs/home.html",
        connections=connections,
        titles={c.connector: _title(registry, c.connector) for c in connections},
        last_runs=last_runs,
    )


def _title(registry: Any, name: str) -> str:
    try:
        return str(registry.get(name).title)
    except KeyError:  # a connection whose connector was uninstalled still shows
        return name


def _members() -> list[tuple[Membership, User]]:
    rows = db_session().execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.org_id == g.org_id)
        .order_by(User.email)
    )
    return [(m, u) for m, u in rows]


@org.get("/members")
def members() -> Any:
    return render_template("orgs/members.html", members=_members(), roles=ROLES)


@org.post("/members")
@admin_required
def add() -> Any:
    database = db_session()
    email = request.form.get("email", "").strip().lower()
    role = request.form.get("role", "member")
    user = database.scalar(select(User).where(User.email == email))
    if user is None:
        flash(
            f"No user signed up with {email or 'that email'}; ask them to sign up first.", "error"
        )
        return render_template("orgs/members.html", members=_members(), roles=ROLES), 422
    try:
        add_member(database, user.id, g.org_id, role)
    except AccountError as exc:
        flash(str(exc), "error")
        return render_template("orgs/members.html", members=_members(), roles=ROLES), 422
    database.commit()
    flash(f"{email} is now {role} of {g.org.name}.", "success")
    return redirect(url_for("org.members"))


def _membership(membership_id: str) -> Membership:
    row = db_session().get(Membership, membership_id)
    if row is None or row.org_id != g.org_id:
        abort(404)
    return row


def _would_leave_no_admin(row: Membership, new_role: str | None) -> bool:
    if row.role != "admin" or new_role == "admin":
        return False
    admins = db_session().scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.org_id == g.org_id, Membership.role == "admin")
    )
    return (admins or 0) <= 1


@org.post("/members/<membership_id>/role")
@admin_required
def change_role(membership_id: str) -> Any:
    row = _membership(membership_id)
    role = request.form.get("role", "")
    if role not in ROLES:
        abort(400, f"Role must be one of: {', '.join(ROLES)}.")
    if _would_leave_no_admin(row, role):
        flash("An organization keeps at least one admin.", "error")
        return redirect(url_for("org.members"))
    row.role = role
    db_session().commit()
    flash("Role changed.", "success")
    return redirect(url_for("org.members"))


@org.post("/members/<membership_id>/remove")
@admin_required
def remove(membership_id: str) -> Any:
    row = _membership(membership_id)
    if _would_leave_no_admin(row, None):
        flash("An organization keeps at least one admin.", "error")
        return redirect(url_for("org.members"))
    leaving_self = row.user_id == g.user.id
    database = db_session()
    database.delete(row)
    database.commit()
    flash("Member removed.", "success")
    return redirect(url_for("orgs.index") if leaving_self else url_for("org.members"))
