"""The console's dashboard: pages render, widgets are added, arranged, configured and removed,
figures come back consolidated only across the user's own organizations."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from hub.accounts import add_member, create_org
from hub.db import Database
from hub.models import User
from hub.models.widgets import DashboardWidget
from hub.store import Store

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Dash:
    """A signed-in console user and their dashboard of one organization."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.client, self.db = client, app.extensions["hub.db"]
        self.user = self.new_user("ann@example.com")
        self.org = self.new_org("Harbour Bikes", self.user)
        self.sign_in(self.user)

    def new_user(self, email: str) -> str:
        with self.db.session() as session:
            user = User(email=email, password_hash=generate_password_hash("x", "pbkdf2:sha256:1"))
            session.add(user)
            session.flush()
            return user.id

    def new_org(self, name: str, *members: str) -> str:
        with self.db.session() as session:
            org_id = create_org(session, name).id
            for user_id in members:
                add_member(session, user_id, org_id, "member")
        return org_id

    def sign_in(self, user_id: str) -> None:
        with self.client.session_transaction() as session:
            session["user_id"] = user_id

    @property
    def url(self) -> str:
        return f"/orgs/{self.org}/dashboard"

    def page(self, org: str | None = None) -> Any:
        return self.client.get(f"/orgs/{org or self.org}/dashboard")

    def post(self, path: str, **form: Any) -> Any:
        token = TOKEN.search(self.page().get_data(as_text=True))
        assert token, "no CSRF token on the dashboard"
        return self.client.post(self.url + path, data={"csrf_token": token.group(1), **form})

    def rows(self) -> list[tuple[str, int, str]]:
        with self.db.session() as session:
            found = session.scalars(
                select(DashboardWidget)
                .where(DashboardWidget.user_id == self.user, DashboardWidget.org_id == self.org)
                .order_by(DashboardWidget.position)
            )
            return [(row.widget, row.position, row.id) for row in found]

    def add(self, name: str) -> str:
        response = self.post("/widgets", widget=name)
        assert response.status_code == 303, response.get_data(as_text=True)
        return self.rows()[-1][2]


@pytest.fixture
def dash(app: Flask, client: FlaskClient) -> Dash:
    assert "dashboard.page" in app.view_functions or any(
        name.startswith("dashboard") for name in app.blueprints
    )  # registered by the console itself
    return Dash(app, client)


def test_the_page_lists_the_catalogue_and_the_chart_library_is_vendored(dash: Dash) -> None:
    page = dash.page()
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "No widgets yet" in html
    assert 'value="balance_sheet"' in html and 'value="timesheets"' in html
    script = dash.client.get("/dashboard/assets/vendor/chart.umd.js")
    assert script.status_code == 200 and b"Chart.js v4" in script.data
    script.close()
    assert "cdn" not in html.lower()


def test_widgets_are_added_arranged_and_removed(dash: Dash) -> None:
    first, second, third = (dash.add(n) for n in ("cash_flow", "invoices_list", "timesheets"))
    assert [(name, pos) for name, pos, _ in dash.rows()] == [
        ("cash_flow", 1),
        ("invoices_list", 2),
        ("timesheets", 3),
    ]
    assert dash.post(f"/widgets/{third}/move", to="up").status_code == 303
    assert [row[2] for row in dash.rows()] == [first, third, second]
    dash.post(f"/widgets/{first}/move", to="bottom")
    assert [row[2] for row in dash.rows()] == [third, second, first]
    assert dash.post(f"/widgets/{second}/delete").status_code == 303
    assert [row[2] for row in dash.rows()] == [third, first]
    html = dash.page().get_data(as_text=True)
    assert html.index(f'id="widget-{third}"') < html.index(f'id="widget-{first}"')
    assert dash.post("/widgets", widget="crystal_ball").status_code == 303
    assert len(dash.rows()) == 2


def test_settings_are_checked_saved_and_used(dash: Dash) -> None:
    widget_id = dash.add("cash_flow")
    refused = dash.post(f"/widgets/{widget_id}/settings", title="Cash", period="fortnight")
    assert refused.status_code == 422
    assert "period" in refused.get_data(as_text=True)
    saved = dash.post(
        f"/widgets/{widget_id}/settings",
        title="Cash by quarter",
        width="12",
        period="quarter",
        **{"from": "2024-01-01", "to": "2024-06-30"},
    )
    assert saved.status_code == 303
    with dash.db.session() as session:
        row = session.get(DashboardWidget, widget_id)
        assert (row.title, row.width, row.settings) == (
            "Cash by quarter",
            12,
            {"from": "2024-01-01", "to": "2024-06-30", "period": "quarter"},
        )
    figures = dash.client.get(f"{dash.url}/widgets/{widget_id}/data")
    assert figures.status_code == 200
    assert figures.json["dates"] == ["2024-01-01", "2024-04-01"]
    assert "Cash by quarter" in dash.page().get_data(as_text=True)


def test_figures_consolidate_the_users_own_organizations_only(dash: Dash, db: Database) -> None:
    other = dash.new_org("Harbour Bikes NZ", dash.user)
    stranger = dash.new_org("Someone else")
    for org, amount in ((dash.org, "100.00"), (other, "50.00"), (stranger, "7.00")):
        with db.session() as session:
            Store(session, org).create(
                "payments", {"type": "RECEIVE", "date": "2024-03-05", "amount": amount}
            )
    widget_id = dash.add("cash_flow")
    window = {"from": "2024-03-01", "to": "2024-03-31"}
    dash.post(f"/widgets/{widget_id}/settings", organization_ids=[dash.org, other], **window)
    figures = dash.client.get(f"{dash.url}/widgets/{widget_id}/data").json
    assert figures["totals"]["received"] == "150.00"
    assert sorted(figures["organization_ids"]) == sorted([dash.org, other])

    refused = dash.post(f"/widgets/{widget_id}/settings", organization_ids=[stranger], **window)
    assert refused.status_code == 422
    assert "organizations you belong to" in refused.get_data(as_text=True)
    # Stored settings naming an organization the user has since left are refused too.
    with db.session() as session:
        session.get(DashboardWidget, widget_id).settings = {"organization_ids": [stranger]}
    assert dash.client.get(f"{dash.url}/widgets/{widget_id}/data").status_code == 422


def test_another_organizations_dashboard_and_another_users_widgets_are_refused(
    dash: Dash,
) -> None:
    widget_id = dash.add("cash_flow")
    stranger = dash.new_org("Someone else")
    assert dash.page(stranger).status_code == 404
    colleague = dash.new_user("bob@example.com")
    with dash.db.session() as session:
        add_member(session, colleague, dash.org, "member")
    dash.sign_in(colleague)
    assert dash.page().status_code == 200  # their own (empty) dashboard
    assert dash.client.get(f"{dash.url}/widgets/{widget_id}/data").status_code == 404
    assert dash.post(f"/widgets/{widget_id}/delete").status_code == 404
    dash.sign_in(dash.user)
    assert [row[2] for row in dash.rows()] == [widget_id]


def test_forms_need_the_csrf_token_and_a_signed_in_user(dash: Dash, client: FlaskClient) -> None:
    refused = client.post(f"{dash.url}/widgets", data={"widget": "cash_flow"})
    assert refused.status_code == 400
    assert dash.rows() == []
    with client.session_transaction() as session:
        session.clear()
    away = client.get(dash.url)
    assert away.status_code == 302 and "/signin" in away.headers["Location"]


def test_account_widgets_start_with_the_bank_account(dash: Dash, db: Database) -> None:
    with db.session() as session:
        store = Store(session, dash.org)
        bank = store.create("accounts", {"code": "090", "name": "Bank", "type": "BANK"}).id
        store.create("accounts", {"code": "200", "name": "Sales", "type": "SALES"})
    widget_id = dash.add("accounts_balance")
    figures = dash.client.get(f"{dash.url}/widgets/{widget_id}/data").json
    assert [a["id"] for a in figures["accounts"]] == [bank]
