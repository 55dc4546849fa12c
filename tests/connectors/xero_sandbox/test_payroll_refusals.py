"""Payroll over raw HTTP: scopes, regions, bare-array bodies, idempotency and shared limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import requests

from connectors.xero import sandbox

if TYPE_CHECKING:
    from conftest import Sandbox

PAYROLL_SCOPES = (
    f"{sandbox.DEFAULT_SCOPES} payroll.employees payroll.timesheets payroll.payruns "
    "payroll.payslip payroll.settings"
)
ADA = {"FirstName": "Ada", "LastName": "Lovelace", "DateOfBirth": "/Date(660787200000+0000)/"}


def call(
    box: Sandbox, method: str, path: str, token: str, tenant: str | None = None, **kwargs: Any
) -> requests.Response:
    headers = {**box.headers(tenant, token), **kwargs.pop("headers", {})}
    url = f"{box.url}/payroll.xro/1.0{path}"
    return box.http.request(method, url, headers=headers, **kwargs)


def _token(box: Sandbox, scopes: str, tenant: str | None = None) -> str:
    return str(sandbox.issue_token(box.app, [tenant or box.tenant_id], scopes)["access_token"])


def test_without_payroll_scopes_payroll_is_unauthorised(xero: Sandbox) -> None:
    # The fixture's token has every accounting scope and no payroll one.
    answer = call(xero, "GET", "/Employees", xero.token["access_token"])
    assert answer.status_code == 401
    body = answer.json()
    assert (body["Title"], body["Status"], body["Detail"]) == (
        "Unauthorized",
        401,
        "AuthorizationUnsuccessful",
    )
    assert answer.headers["Xero-Correlation-Id"]
    # A payroll scope reaches its own endpoints only.
    timesheets_only = _token(xero, "payroll.timesheets")
    assert call(xero, "GET", "/Timesheets", timesheets_only).status_code == 200
    assert call(xero, "GET", "/Employees", timesheets_only).status_code == 401


def test_read_scopes_read_and_do_not_write(xero: Sandbox) -> None:
    reader = _token(xero, "payroll.employees.read")
    assert call(xero, "GET", "/Employees", reader).json()["Employees"] == []
    refused = call(xero, "POST", "/Employees", reader, json=[ADA])
    assert refused.status_code == 401 and refused.json()["Detail"] == "AuthorizationUnsuccessful"


def test_an_unconnected_tenant_is_forbidden(xero: Sandbox) -> None:
    token = _token(xero, PAYROLL_SCOPES)
    other = sandbox.add_organisation(xero.app, "Not Connected", "AU", owner="else@example.com")
    answer = call(xero, "GET", "/Employees", token, tenant=other)
    assert answer.status_code == 403 and answer.json()["Detail"] == "AuthenticationUnsuccessful"


@pytest.mark.parametrize(("country", "shown"), [("UK", "GB"), ("NZ", "NZ"), ("US", "US")])
def test_organisations_of_other_countries_are_refused_the_au_api(
    xero: Sandbox, country: str, shown: str
) -> None:
    tenant = sandbox.add_organisation(xero.app, f"Org {country}", country)
    token = _token(xero, PAYROLL_SCOPES, tenant)
    for method, path in (("GET", "/Employees"), ("GET", "/PayItems"), ("POST", "/Timesheets")):
        answer = call(xero, method, path, token, tenant=tenant, json=[])
        assert answer.status_code == 403, (method, path)
        assert answer.json() == {
            "Type": None,
            "Title": "Forbidden",
            "Status": 403,
            "Detail": f"This payroll API is not available for the organisation's region ({shown}).",
            "Instance": answer.json()["Instance"],
            "Extensions": {},
        }


def test_an_au_organisation_is_refused_the_us_endpoints(xero: Sandbox) -> None:
    token = _token(xero, PAYROLL_SCOPES)
    answer = call(xero, "GET", "/WorkLocations", token)
    assert answer.status_code == 403 and "(AU)" in answer.json()["Detail"]


def test_the_region_status_is_a_switch(xero: Sandbox) -> None:
    app = sandbox.create_app({"payroll_region_status": 401})
    tenant = sandbox.add_organisation(app, "UK Org", "UK")
    token = sandbox.issue_token(app, [tenant], PAYROLL_SCOPES)["access_token"]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}", "xero-tenant-id": tenant}
    answer = client.get("/payroll.xro/1.0/Employees", headers=headers)
    assert answer.status_code == 401 and answer.json["Title"] == "Unauthorized"


def test_bare_arrays_paths_in_any_case_and_missing_fields(xero: Sandbox) -> None:
    token = _token(xero, PAYROLL_SCOPES)
    made = call(xero, "POST", "/employees", token, json=[ADA])
    assert made.status_code == 200
    body = made.json()
    assert body["Status"] == "OK" and body["ProviderName"] == "Hub sandbox app"
    assert body["DateTimeUTC"].startswith("/Date(") and "+" not in body["DateTimeUTC"]
    employee = body["Employees"][0]
    assert employee["DateOfBirth"] == "/Date(660787200000+0000)/"
    assert employee["UpdatedDateUTC"].endswith("+0000)/") and employee["Status"] == "ACTIVE"

    missing = call(xero, "POST", "/Employees", token, json=[{"FirstName": "Only"}])
    assert missing.status_code == 400
    error = missing.json()
    assert (error["ErrorNumber"], error["Type"]) == (10, "ValidationException")
    assert [m["Message"] for m in error["Elements"][0]["ValidationErrors"]] == [
        "Last Name must be specified.",
        "Date of Birth must be specified.",
    ]
    bad_json = call(xero, "POST", "/Employees", token, data=b"{not json")
    assert bad_json.status_code == 400 and bad_json.json()["ErrorNumber"] == 14
    bad_where = call(xero, "GET", "/Employees", token, params={"where": "Nope==1"})
    assert bad_where.json()["Type"] == "QueryParseException"
    unknown = call(xero, "GET", "/Employees/2f0c3a43-25a7-4a8f-9d6b-0d0e7a64a0f1", token)
    assert unknown.status_code == 404
    assert unknown.text == "The resource you're looking for cannot be found"


def test_idempotency_and_limits_are_shared_with_accounting(xero: Sandbox) -> None:
    token = _token(xero, PAYROLL_SCOPES)
    key = {"Idempotency-Key": "payroll-ada-1"}
    first = call(xero, "POST", "/Employees", token, json=[ADA], headers=key)
    again = call(xero, "POST", "/Employees", token, json=[ADA], headers=key)
    assert first.json()["Employees"] == again.json()["Employees"]
    listed = call(xero, "GET", "/Employees", token).json()["Employees"]
    assert len(listed) == 1
    other = call(xero, "POST", "/Employees", token, json=[{**ADA, "LastName": "X"}], headers=key)
    assert other.status_code == 400
    # Payroll and accounting calls draw on one budget per organisation and app.
    before = int(call(xero, "GET", "/PayItems", token).headers["X-MinLimit-Remaining"])
    accounting = xero.get("/Organisation")
    assert int(accounting.headers["X-MinLimit-Remaining"]) == before - 1
