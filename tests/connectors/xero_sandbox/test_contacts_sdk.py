"""Contacts through xero-python, unmodified: create, get, update, list, errors, batches."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from xero_python.accounting import AccountingApi
from xero_python.accounting.models import Address, Contact, ContactPerson, Contacts, Phone
from xero_python.exceptions import AccountingBadRequestException, NotFoundException

if TYPE_CHECKING:
    from conftest import Sandbox


def _person(n: int) -> ContactPerson:
    return ContactPerson(first_name=f"P{n}", last_name="Person", email_address=f"p{n}@x.test")


def _create(api: AccountingApi, tenant: str, **fields: object) -> Contact:
    return api.create_contacts(tenant, Contacts(contacts=[Contact(**fields)])).contacts[0]


def test_create_get_and_update_a_contact(xero: Sandbox, accounting: AccountingApi) -> None:
    created = _create(
        accounting,
        xero.tenant_id,
        name="Acme Pty Ltd",
        contact_number="C-1",
        email_address="ap@acme.test",
        contact_persons=[_person(1)],
        addresses=[Address(address_type="STREET", address_line1="1 Main St", city="Sydney")],
        phones=[Phone(phone_type="MOBILE", phone_number="0400 000 000")],
    )
    assert created.contact_id and created.contact_status == "ACTIVE"
    assert created.updated_date_utc.tzinfo is not None
    assert {a.address_type for a in created.addresses} == {"STREET", "POBOX"}
    assert {p.phone_type for p in created.phones} >= {"DEFAULT", "DDI", "FAX", "MOBILE"}

    fetched = accounting.get_contact(xero.tenant_id, created.contact_id).contacts[0]
    assert fetched.name == "Acme Pty Ltd" and fetched.contact_persons[0].first_name == "P1"
    by_number = accounting.get_contact_by_contact_number(xero.tenant_id, "C-1").contacts[0]
    assert by_number.contact_id == created.contact_id

    time.sleep(0.002)
    change = Contacts(contacts=[Contact(email_address="billing@acme.test", contact_persons=[])])
    updated = accounting.update_contact(xero.tenant_id, created.contact_id, change).contacts[0]
    assert updated.email_address == "billing@acme.test"
    assert updated.name == "Acme Pty Ltd"  # omitted fields stay
    assert updated.contact_persons == []  # collections are replaced
    assert updated.updated_date_utc > created.updated_date_utc


def test_unpaged_list_leaves_out_detail_fields(xero: Sandbox, accounting: AccountingApi) -> None:
    _create(accounting, xero.tenant_id, name="Detail", sales_default_line_amount_type="INCLUSIVE")
    unpaged = accounting.get_contacts(xero.tenant_id).contacts[0]
    assert unpaged.sales_default_line_amount_type is None and unpaged.balances is None
    paged = accounting.get_contacts(xero.tenant_id, page=1).contacts[0]
    assert paged.sales_default_line_amount_type == "INCLUSIVE"
    assert paged.balances.accounts_receivable.outstanding == 0


def test_unknown_contact_is_not_found(xero: Sandbox, accounting: AccountingApi) -> None:
    with pytest.raises(NotFoundException):
        accounting.get_contact(xero.tenant_id, "6f3bd5b3-8c6f-4a59-a4f4-2bc61b1f4a11")


def test_duplicate_name_surfaces_xero_message(xero: Sandbox, accounting: AccountingApi) -> None:
    _create(accounting, xero.tenant_id, name="Twin")
    with pytest.raises(AccountingBadRequestException) as raised:
        _create(accounting, xero.tenant_id, name="Twin")
    assert raised.value.status == 400
    assert raised.value.reason == (
        "The contact name Twin is already assigned to another contact. "
        "The contact name must be unique across all active contacts."
    )
    body = raised.value.error_data
    assert (body["ErrorNumber"], body["Type"]) == (10, "ValidationException")
    assert body["Message"] == "A validation exception occurred"
    assert body["Elements"][0]["Name"] == "Twin"


def test_more_than_five_persons_is_refused(xero: Sandbox, accounting: AccountingApi) -> None:
    with pytest.raises(AccountingBadRequestException) as raised:
        _create(
            accounting,
            xero.tenant_id,
            name="Crowd",
            email_address="crowd@x.test",
            contact_persons=[_person(n) for n in range(6)],
        )
    assert raised.value.reason == "You can only have a maximum of 5 contact persons."


def test_persons_need_a_primary_email(xero: Sandbox, accounting: AccountingApi) -> None:
    with pytest.raises(AccountingBadRequestException) as raised:
        _create(accounting, xero.tenant_id, name="No Mail", contact_persons=[_person(1)])
    assert raised.value.reason == (
        "Additional people cannot be added when the primary person has no email address set."
    )


def test_paging_and_if_modified_since(xero: Sandbox, accounting: AccountingApi) -> None:
    batch = Contacts(contacts=[Contact(name=f"Customer {n:03d}") for n in range(130)])
    accounting.create_contacts(xero.tenant_id, batch)
    first = accounting.get_contacts(xero.tenant_id, page=1)
    assert len(first.contacts) == 100
    assert (first.pagination.page, first.pagination.page_count) == (1, 2)
    assert first.pagination.item_count == 130
    second = accounting.get_contacts(xero.tenant_id, page=2, page_size=100)
    assert len(second.contacts) == 30
    small = accounting.get_contacts(xero.tenant_id, page=3, page_size=50)
    assert len(small.contacts) == 30 and small.pagination.page_count == 3

    cutoff = second.contacts[-1].updated_date_utc
    time.sleep(0.002)
    late = _create(accounting, xero.tenant_id, name="Late Comer")
    changed = accounting.get_contacts(xero.tenant_id, if_modified_since=cutoff)
    assert [c.contact_id for c in changed.contacts] == [late.contact_id]


def test_where_order_search_and_archived(xero: Sandbox, accounting: AccountingApi) -> None:
    for name in ("Bravo Ltd", "Alpha Ltd", "Charlie Co"):
        _create(accounting, xero.tenant_id, name=name, email_address=f"{name[:5]}@x.test")
    listed = accounting.get_contacts(xero.tenant_id, where='Name.Contains("Ltd")', order="Name")
    assert [c.name for c in listed.contacts] == ["Alpha Ltd", "Bravo Ltd"]
    desc = accounting.get_contacts(xero.tenant_id, order="Name DESC")
    assert desc.contacts[0].name == "Charlie Co"
    found = accounting.get_contacts(xero.tenant_id, search_term="charlie")
    assert [c.name for c in found.contacts] == ["Charlie Co"]

    charlie = found.contacts[0]
    archive = Contacts(contacts=[Contact(contact_status="ARCHIVED")])
    accounting.update_contact(xero.tenant_id, charlie.contact_id, archive)
    assert "Charlie Co" not in [c.name for c in accounting.get_contacts(xero.tenant_id).contacts]
    everyone = accounting.get_contacts(xero.tenant_id, include_archived=True)
    assert "Charlie Co" in [c.name for c in everyone.contacts]
    again = _create(accounting, xero.tenant_id, name="Charlie Co")  # names unique among active
    assert again.contact_id != charlie.contact_id


def test_bad_where_is_a_query_parse_exception(xero: Sandbox) -> None:
    answer = xero.get("/Contacts", params={"where": 'Nickname=="x"'})
    assert answer.status_code == 400
    assert answer.json() == {
        "ErrorNumber": 16,
        "Type": "QueryParseException",
        "Message": "No property or field 'Nickname' exists in type 'Contact' (at index 0)",
    }


def test_summarize_errors_false_reports_each_element(
    xero: Sandbox, accounting: AccountingApi
) -> None:
    _create(accounting, xero.tenant_id, name="Taken")
    batch = Contacts(contacts=[Contact(name="Fresh"), Contact(name="Taken")])
    result = accounting.create_contacts(xero.tenant_id, batch, summarize_errors=False)
    ok, failed = result.contacts
    assert ok.status_attribute_string == "OK" and ok.contact_id
    assert failed.status_attribute_string == "ERROR" and failed.has_validation_errors
    assert failed.contact_id == "00000000-0000-0000-0000-000000000000"
    assert failed.validation_errors[0].message.startswith("The contact name Taken is already")


def test_summarised_batch_fails_but_keeps_valid_elements(xero: Sandbox) -> None:
    xero.put("/Contacts", {"Contacts": [{"Name": "Taken"}]})
    answer = xero.put("/Contacts", {"Contacts": [{"Name": "Kept"}, {"Name": "Taken"}]})
    assert answer.status_code == 400
    assert [e["Name"] for e in answer.json()["Elements"]] == ["Taken"]
    names = [c["Name"] for c in xero.get("/Contacts").json()["Contacts"]]
    assert "Kept" in names


def test_post_matches_existing_contact_by_name(xero: Sandbox) -> None:
    first = xero.put("/Contacts", {"Contacts": [{"Name": "Same"}]}).json()["Contacts"][0]
    again = xero.post("/Contacts", {"Contacts": [{"Name": "Same", "FirstName": "Sam"}]})
    assert again.json()["Contacts"][0]["ContactID"] == first["ContactID"]
    assert again.json()["Contacts"][0]["FirstName"] == "Sam"


def test_idempotency_key_replays_and_refuses_other_requests(
    xero: Sandbox, accounting: AccountingApi
) -> None:
    batch = Contacts(contacts=[Contact(name="Once")])
    one = accounting.create_contacts(xero.tenant_id, batch, idempotency_key="key-1")
    two = accounting.create_contacts(xero.tenant_id, batch, idempotency_key="key-1")
    assert one.contacts[0].contact_id == two.contacts[0].contact_id
    other = Contacts(contacts=[Contact(name="Twice")])
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_contacts(xero.tenant_id, other, idempotency_key="key-1")
    assert raised.value.reason == "Idempotency Key: key-1 is used with a different request."


def test_wire_format_uses_ms_dates_and_envelope(xero: Sandbox) -> None:
    answer = xero.put("/Contacts", {"Name": "Wire Test"})  # a bare object is accepted
    body = answer.json()
    assert body["Status"] == "OK" and body["ProviderName"] == "Hub sandbox app"
    assert body["DateTimeUTC"].startswith("/Date(") and "+" not in body["DateTimeUTC"]
    contact = body["Contacts"][0]
    assert contact["UpdatedDateUTC"].endswith("+0000)/")
    assert contact["StatusAttributeString"] == "OK"
