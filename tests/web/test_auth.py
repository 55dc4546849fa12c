"""Signing up, in and out: hashed passwords, safe cookies, a rate limit, no open redirect."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from hub.models import User


def test_signing_up_stores_a_hash_and_signs_the_user_in(app: Flask, console: Any) -> None:
    response = console.post(
        "/signup",
        {"email": "Ann@Example.com", "password": "long enough", "confirm": "long enough"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/orgs"
    assert "ann@example.com" in console.text("/orgs")
    with app.extensions["hub.db"].session() as session:
        user = session.scalar(select(User))
        assert user.email == "ann@example.com"
        assert "long enough" not in user.password_hash
        assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_sign_up_refuses_short_or_mismatched_passwords_and_taken_emails(
    console: Any, people: Any
) -> None:
    short = console.post("/signup", {"email": "a@b.co", "password": "short", "confirm": "short"})
    assert short.status_code == 422 and "at least 8 characters" in short.get_data(as_text=True)
    differ = console.post(
        "/signup", {"email": "a@b.co", "password": "long enough", "confirm": "long enougj"}
    )
    assert differ.status_code == 422 and "differ" in differ.get_data(as_text=True)
    people.user("taken@example.com")
    taken = console.post(
        "/signup",
        {"email": "taken@example.com", "password": "long enough", "confirm": "long enough"},
    )
    assert taken.status_code == 422 and "already exists" in taken.get_data(as_text=True)


def test_the_session_cookie_is_secure_and_http_only(console: Any, people: Any) -> None:
    people.user("ann@example.com")
    response = console.sign_in("ann@example.com")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("hub_session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_need_a_signed_in_user(console: Any) -> None:
    response = console.get("/orgs")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=/orgs")


def test_wrong_passwords_are_refused_then_rate_limited(console: Any, people: Any) -> None:
    people.user("ann@example.com")
    for _ in range(5):
        wrong = console.sign_in("ann@example.com", "not the password")
        assert wrong.status_code == 401
        assert "Wrong email or password" in wrong.get_data(as_text=True)
    # Even the right password is refused while the account is being guessed at.
    limited = console.sign_in("ann@example.com")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "Too many sign-in attempts" in limited.get_data(as_text=True)
    assert console.get("/orgs").status_code == 302


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(console: Any) -> None:
    response = console.sign_in("nobody@example.com", "whatever it is")
    assert response.status_code == 401
    assert "Wrong email or password" in response.get_data(as_text=True)


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(
    console: Any, people: Any
) -> None:
    people.user("ann@example.com")
    token = console.token()
    inside = console.client.post(
        "/signin",
        data={
            "csrf_token": token,
            "email": "ann@example.com",
            "password": "correct horse battery",
            "next": "/orgs?x=1",
        },
    )
    assert inside.headers["Location"] == "/orgs?x=1"
    outside = console.post(
        "/signin",
        {"email": "ann@example.com", "password": "correct horse battery", "next": "//evil.test/"},
    )
    assert outside.headers["Location"] == "/orgs"


def test_sign_out_is_a_post_with_the_token_and_ends_the_session(console: Any, people: Any) -> None:
    people.user("ann@example.com")
    console.sign_in("ann@example.com")
    assert console.get("/orgs").status_code == 200
    assert console.client.post("/signout").status_code == 400  # no CSRF token: refused
    assert console.get("/orgs").status_code == 200
    assert console.post("/signout").status_code == 302
    assert console.get("/orgs").status_code == 302
