"""Every console page refuses: a missing CSRF token (400), a member doing an admin's job
(403), and anyone outside the organization (404, as if it did not exist)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, url_for
from sqlalchemy import func, select

from hub.connections import connect
from hub.models import Connection, Match, Membership, SyncRun, utcnow
from hub.store import Store

# endpoint -> (method, admin only). Pages open to anyone signed out are listed apart.
ROUTES: dict[str, tuple[str, bool]] = {
    "orgs.index": ("GET", False),
    "orgs.create": ("POST", False),
    "org.home": ("GET", False),
    "org.members": ("GET", False),
    "org.add": ("POST", True),
    "org.change_role": ("POST", True),
    "org.remove": ("POST", True),
    "marketplace.index": ("GET", False),
    "connect.start": ("GET", True),
    "connect.submit": ("POST", True),
    "connect.choose": ("GET", True),
    "conn.show": ("GET", False),
    "conn.progress": ("GET", False),
    "conn.save_settings": ("POST", True),
    "conn.sync_now": ("POST", True),
    "conn.interval": ("POST", True),
    "conn.pause": ("POST", True),
    "conn.resume": ("POST", True),
    "conn.disconnect": ("POST", True),
    "matrix.show": ("GET", False),
    "matrix.save": ("POST", True),
    "matching.review": ("GET", False),
    "matching.decide": ("POST", True),
    "matching.confirm": ("POST", True),
    "runs.index": ("GET", False),
    "runs.show": ("GET", False),
    "runs.retry": ("POST", True),
    "data.index": ("GET", False),
    "data.show": ("GET", False),
}
PUBLIC = {"auth.signin", "auth.signup", "auth.signout", "oauth.callback", "assets.static"}
NOT_ORG = {"orgs.index", "orgs.create"}


class World:
    """Organization A (admin Ann, member Meg) with one of everything; B (admin Bob)."""

    def __init__(self, app: Flask, people: Any, toy_apps: Any) -> None:
        ann, meg, bob = (people.user(f"{n}@example.com") for n in ("ann", "meg", "bob"))
        self.org = people.org("A", **{ann: "admin", meg: "member"})
        people.org("B", **{bob: "admin"})
        database = app.extensions["hub.db"]
        connector = app.extensions["hub.registry"].get("crm")
        with database.session() as session:
            row = connect(
                session,
                app,
                self.org,
                connector,
                credentials={"api_key": "toy-key"},
                settings={"base_url": toy_apps.crm_url, "api_key": "toy-key"},
            )
            row.settings = {"base_url": toy_apps.crm_url}
            row.matching = {"contacts": "review"}
            record = Store(session, self.org).create("contacts", {"kind": "PERSON", "name": "Ann"})
            session.add(
                Match(
                    org_id=self.org,
                    connection_id=row.id,
                    entity="contacts",
                    external_id="c1",
                    external_label="Ann",
                    record_id=record.id,
                )
            )
            run = SyncRun(org_id=self.org, connection_id=row.id, status="partial", counts={})
            run.started_at = utcnow()
            session.add(run)
            session.flush()
            membership = session.scalar(select(Membership).where(Membership.user_id == meg))
            self.values = {
                "org": self.org,
                "connection_id": row.id,
                "run_id": run.id,
                "record_id": record.id,
                "membership_id": membership.id,
                "connector": "crm",
                "entity": "contacts",
            }

    def url(self, app: Flask, endpoint: str) -> str:
        rule = next(app.url_map.iter_rules(endpoint))
        with app.test_request_context():
            return url_for(
                endpoint, **{k: v for k, v in self.values.items() if k in rule.arguments}
            )

    def counts(self, app: Flask) -> tuple[int, ...]:
        with app.extensions["hub.db"].session() as session:
            return tuple(
                session.scalar(select(func.count()).select_from(model))
                for model in (Connection, Membership, Match)
            )


@pytest.fixture
def world(app: Flask, people: Any, toy_apps: Any) -> World:
    return World(app, people, toy_apps)


def test_every_console_route_is_covered(app: Flask) -> None:
    console_endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0]
        in {
            "auth",
            "orgs",
            "org",
            "marketplace",
            "connect",
            "oauth",
            "conn",
            "matrix",
            "matching",
            "runs",
            "data",
            "assets",
        }
    }
    assert console_endpoints == set(ROUTES) | PUBLIC


def test_members_of_another_organization_get_404_everywhere(
    app: Flask, world: World, console: Any
) -> None:
    console.sign_in("bob@example.com")
    before = world.counts(app)
    for endpoint, (method, _admin) in ROUTES.items():
        if endpoint in NOT_ORG:
            continue
        url = world.url(app, endpoint)
        response = console.get(url) if method == "GET" else console.post(url, {"role": "admin"})
        assert response.status_code == 404, (endpoint, url, response.status_code)
    assert world.counts(app) == before


def test_members_get_403_for_what_only_admins_do(app: Flask, world: World, console: Any) -> None:
    console.sign_in("meg@example.com")
    before = world.counts(app)
    for endpoint, (method, admin_only) in ROUTES.items():
        url = world.url(app, endpoint)
        if method == "GET":
            response = console.get(url)
            expected = 403 if admin_only else 200
        elif admin_only:
            response = console.post(url, {"role": "admin", "decision": "create_new"})
            expected = 403
        else:
            continue
        assert response.status_code == expected, (endpoint, url, response.status_code)
    assert world.counts(app) == before


def test_every_form_without_its_csrf_token_is_refused(
    app: Flask, world: World, console: Any
) -> None:
    console.sign_in("ann@example.com")
    before = world.counts(app)
    posts = [e for e, (method, _) in ROUTES.items() if method == "POST"]
    for endpoint in [*posts, "auth.signout"]:
        url = world.url(app, endpoint)
        response = console.client.post(url, data={"role": "member", "name": "X"})
        assert response.status_code == 400, (endpoint, response.status_code)
        assert "did not come from this site" in response.get_data(as_text=True)
        forged = console.client.post(url, data={"csrf_token": "forged", "name": "X"})
        assert forged.status_code == 400, endpoint
    assert world.counts(app) == before
    assert console.get("/orgs").status_code == 200  # still signed in: sign-out was refused too
