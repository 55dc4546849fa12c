"""Sign up, sign in (rate-limited) and sign out; passwords are hashed by hub.accounts."""

from __future__ import annotations

import secrets
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from flask import (
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from hub.accounts import AccountError, check_password, create_user
from hub.models import User
from hub.web_db import db_session
from web.access import console_blueprint
from web.ratelimit import SIGNIN_FAILURES_PER_EMAIL, SIGNIN_PER_ADDRESS, SIGNUPS_PER_ADDRESS

bp = console_blueprint("auth", __name__)


@cache
def _dummy() -> User:
    """Compared against when the email is unknown, so a wrong email costs the same time as
    a wrong password and response times do not tell which accounts exist."""
    return User(email="", password_hash=generate_password_hash(secrets.token_hex(16)))


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to someone else's."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("orgs.index")


def _sign_in(user: User) -> None:
    session.clear()  # a fresh session: nothing from before signing in carries over
    session["user_id"] = user.id


def _too_many(seconds: int) -> Any:
    return (
        render_template("auth/signin.html", email="", retry_after=seconds),
        429,
        {"Retry-After": str(seconds)},
    )


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Any:
    if request.method == "GET":
        return render_template("auth/signin.html", email="", next=request.args.get("next"))
    email = request.form.get("email", "").strip().lower()
    address = request.remote_addr or "unknown"
    wait = SIGNIN_PER_ADDRESS.exceeded(address) or SIGNIN_FAILURES_PER_EMAIL.exceeded(email)
    if wait:
        return _too_many(wait)
    SIGNIN_PER_ADDRESS.hit(address)
    user = db_session().scalar(select(User).where(User.email == email)) if email else None
    password_ok = check_password(user or _dummy(), request.form.get("password", ""))
    if user is None or not password_ok:
        SIGNIN_FAILURES_PER_EMAIL.hit(email)
        flash("Wrong email or password.", "error")
        return (
            render_template("auth/signin.html", email=email, next=request.form.get("next")),
            401,
        )
    SIGNIN_FAILURES_PER_EMAIL.clear(email)
    _sign_in(user)
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> Any:
    if request.method == "GET":
        return render_template("auth/signup.html", email="")
    address = request.remote_addr or "unknown"
    if SIGNUPS_PER_ADDRESS.exceeded(address):
        abort(429, "Too many sign-ups from this address; try again later.")
    SIGNUPS_PER_ADDRESS.hit(address)
    email = request.form.get("email", "").strip()
    password = request.form.get("password", "")
    if password != request.form.get("confirm", ""):
        flash("The two passwords differ.", "error")
        return render_template("auth/signup.html", email=email), 422
    database = db_session()
    try:
        user = create_user(database, email, password)
    except AccountError as exc:
        flash(str(exc), "error")
        return render_template("auth/signup.html", email=email), 422
    database.commit()
    _sign_in(user)
    flash("Welcome! Create an organization, or ask an admin to add you to theirs.", "success")
    return redirect(url_for("orgs.index"))


@bp.post("/signout")
def signout() -> Any:
    session.clear()
    g.user = None
    flash("Signed out.", "success")
    return redirect(url_for("auth.signin"))
