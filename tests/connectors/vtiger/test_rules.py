"""What vtiger cannot take: held back by the connector's rules with a note, or refused by
vtiger itself and listed on the run with vtiger's own message."""

from __future__ import annotations

from typing import Any

from connectors.vtiger import rules
from hub.sdk import Notes, SkipRecord

from .conftest import Hub

LINE = {"description": "Helmet", "quantity": "10", "unit_price": "45.00", "tax_amount": "45.00",
        "line_amount": "450.00"}  # fmt: skip


def _purchase_order(hub: Hub, **changes: Any) -> dict[str, Any]:
    supplier = hub.post(
        "contacts",
        {"kind": "ORGANIZATION", "name": "Shimano Oceania", "is_supplier": True,
         "is_customer": False, "emails": [{"address": "orders@shimano.test"}]},
    )  # fmt: skip
    helmet = hub.post("items", {"code": "HLM-M", "name": "Helmet"})
    order = {"number": "PO-0031", "contact_id": supplier["id"], "issue_date": "2026-03-01",
             "status": "AUTHORISED", "currency": "AUD", "line_amount_type": "EXCLUSIVE",
             "lines": [{**LINE, "item_id": helmet["id"]}], "subtotal": "450.00",
             "total_tax": "45.00", "total": "495.00", **changes}  # fmt: skip
    return hub.post("purchase_orders", order)


def test_vtigers_validation_error_lands_on_the_run_with_its_message(hub: Hub) -> None:
    order = _purchase_order(hub)  # no delivery address: vtiger wants billing/shipping streets
    outcome = hub.sync()
    assert outcome.status == "partial"
    run, entries = hub.run(outcome)
    assert run.counts["purchase_orders"] == {"sent": 1, "rejected": 1}
    assert run.counts["contacts"]["app_created"] == 1  # the supplier went, as a Vendor
    (error,) = [e for e in entries if e.kind == "error"]
    assert error.message == "bill_street does not have a value"  # vtiger's own words
    assert error.record_id == order["id"]
    assert error.detail == {"fields": {"bill_street": ["bill_street does not have a value"]}}
    (vendor,) = hub.sb.query("select * from Vendors;")
    assert vendor["vendorname"] == "Shimano Oceania"

    # Unchanged, it is not sent again; changed, it goes.
    before = hub.sb.calls("create")
    run, _ = hub.run(hub.sync())
    assert hub.sb.calls("create") == before and "purchase_orders" not in run.counts
    address = {"lines": ["12 Wharf Street"], "city": "Pyrmont", "postal_code": "2009"}
    response = hub.client.patch(
        f"/api/v1/orgs/{hub.org}/purchase_orders/{order['id']}",
        json={"delivery_address": address},
        headers=hub.headers,
    )
    assert response.status_code == 200, response.json
    run, _ = hub.run(hub.sync())
    assert run.counts["purchase_orders"]["app_created"] == 1
    (po,) = hub.sb.query("select * from PurchaseOrder;")
    assert (po["vendor_id"], po["ship_street"], po["postatus"]) == (
        vendor["id"],
        "12 Wharf Street",
        "Approved",
    )


def test_an_invoice_without_a_contact_and_a_bill_are_held_with_a_reason(hub: Hub) -> None:
    invoice = {"type": "SALES", "number": "INV-9", "lines": [LINE], "line_amount_type": "EXCLUSIVE"}
    hub.post("invoices", invoice)
    hub.post("invoices", {**invoice, "type": "PURCHASE", "number": "BILL-1"})
    run, entries = hub.run(hub.sync())
    assert run.counts["invoices"] == {"held": 2}
    messages = sorted(e.message for e in entries if e.kind == "note")
    assert messages == [
        "An invoice needs a contact in vtiger; this one has none.",
        "vtiger keeps sales invoices only: supplier bills are not sent to it.",
    ]
    assert hub.sb.calls("create") == 0


def test_a_purchase_order_to_a_customer_organization_is_refused(hub: Hub) -> None:
    customer = hub.post("contacts", {"kind": "ORGANIZATION", "name": "Acme", "is_customer": True})
    _purchase_order(hub, contact_id=customer["id"])
    run, entries = hub.run(hub.sync())
    assert run.counts["purchase_orders"]["rejected"] == 1
    (error,) = [e for e in entries if e.kind == "error"]
    assert error.message.startswith("vtiger sends purchase orders to Vendors")


def test_rules_leave_notes() -> None:
    notes = Notes()
    item = {"code": "X", "sale": {"unit_price": "10", "tax_inclusive": True},
            "purchase": {"unit_price": "6.50"}}  # fmt: skip
    rules.prepare("items", item, notes, "r1", {"prices_include_tax": False})
    assert [m for _, _, m in notes.items] == [
        "vtiger has no purchase price: 6.50 was not sent.",
        "The sale price includes tax and vtiger's prices are set to exclude it: 10 was sent as is.",
    ]
    notes = Notes()
    invoice = {"type": "SALES", "contact_id": "11x1", "line_amount_type": "INCLUSIVE",
               "amount_credited": "5.00",
               "lines": [{"item_id": "14x2", "line_amount": "1123.33", "tax_amount": "123.33"},
                         {"description": "Shipping and handling", "line_amount": "9"}]}  # fmt: skip
    rules.prepare("invoices", invoice, notes, "r2", {"fallback_service": "Other"})
    texts = [m for _, _, m in notes.items]
    assert texts[0].startswith("vtiger's prices exclude tax")
    assert texts[1] == "Line 1: vtiger keeps one tax rate per line; its tax was sent as 12.333 %."
    assert texts[2].startswith("vtiger has no credit notes: the 5.00 credited")
    try:
        rules.prepare("purchase_orders", {"contact_id": "2x1", "lines": []}, Notes(), "r3", {})
    except SkipRecord as exc:
        assert "at least one line" in exc.user_message
    else:  # pragma: no cover
        raise AssertionError("a purchase order without lines must be held")


def test_an_organization_saved_while_its_people_fail_is_not_created_twice(hub: Hub) -> None:
    sb = hub.sb
    people = [{"first_name": n, "last_name": "Doe", "email": f"{n.lower()}@acme.test"}
              for n in ("Ann", "Bob", "Cat")]  # fmt: skip
    club = hub.post("contacts", {"kind": "ORGANIZATION", "name": "Acme", "people": people})
    creates = {"n": 0}

    def fail_the_second_person(number: int) -> None:
        if sb.operations[-1] == "create":
            creates["n"] += 1
            if creates["n"] == 3:  # the Account, Ann, then Bob: vtiger falls over
                raise RuntimeError("PHP fatal error")

    sb.before = fail_the_second_person
    run, entries = hub.run(hub.sync())
    sb.before = None
    assert run.counts["contacts"]["app_created"] == 1
    notes = [e.message for e in entries if e.kind == "note"]
    assert any("did not take all of the organization's people" in n for n in notes)
    assert [c["firstname"] for c in sb.query("select * from Contacts;")] == ["Ann"]

    hub.sync()
    assert len(sb.query("select * from Accounts;")) == 1  # linked: never created again
    response = hub.client.patch(
        f"/api/v1/orgs/{hub.org}/contacts/{club['id']}",
        json={"website": "https://acme.test"},
        headers=hub.headers,
    )
    assert response.status_code == 200
    hub.sync()
    assert sorted(c["firstname"] for c in sb.query("select * from Contacts;")) == [
        "Ann",
        "Bob",
        "Cat",
    ]
    assert len(sb.query("select * from Accounts;")) == 1


def test_a_currency_vtiger_does_not_have_is_refused_with_the_reason(hub: Hub) -> None:
    customer = hub.post("contacts", {"kind": "ORGANIZATION", "name": "Kiwi Ltd"})
    invoice = {"type": "SALES", "contact_id": customer["id"], "currency": "NZD",
               "lines": [LINE], "line_amount_type": "EXCLUSIVE"}  # fmt: skip
    hub.post("invoices", invoice)
    hub.post("invoices", {**invoice, "currency": "AUD", "number": "INV-2"})  # vtiger's own
    run, entries = hub.run(hub.sync())
    assert run.counts["invoices"] == {"sent": 2, "app_created": 1, "rejected": 1}
    (error,) = [e for e in entries if e.kind == "error"]
    assert error.message.startswith("vtiger has no NZD currency")
