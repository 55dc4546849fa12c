"""Both directions through the hub engine: records made through the hub API reach vtiger,
records made in vtiger reach the hub with their references, and nothing bounces."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from schema.samples import sample

from .conftest import Hub

PEOPLE = [
    ("Priya", "Raman", "treasurer@northsidecc.org.au"),
    ("Tom", "O'Neill", "tom@northsidecc.org.au"),
    ("Mei", "Chen", "mei@northsidecc.org.au"),
    ("Lars", "Berg", "lars@northsidecc.org.au"),
    ("Ana", "Silva", "ana@northsidecc.org.au"),
    ("Kofi", "Mensah", "kofi@northsidecc.org.au"),
    ("Noor", "Haddad", None),
]


def cents(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def writes(sb: Any) -> int:
    return sum(sb.calls(op) for op in ("create", "revise", "update", "delete"))


def _seed_hub(hub: Hub) -> dict[str, Any]:
    """What an accounting app would have shared: an organization with seven people, items
    with sale and purchase details, and an invoice with taxed lines (tax codes, accounts)."""
    tax = hub.post("tax_codes", sample("tax_codes"))
    account = hub.post("accounts", sample("accounts", {"tax_codes": tax["id"]}))
    refs = {"tax_codes": tax["id"], "accounts": account["id"]}
    people = [
        {"first_name": f, "last_name": last, **({"email": e} if e else {}), "is_primary": n == 0}
        for n, (f, last, e) in enumerate(PEOPLE)
    ]
    club = {**sample("contacts", refs), "people": people, "name": "Northside Cycling Club"}
    club = hub.post("contacts", club)
    bike = hub.post("items", sample("items", refs))
    helmet = hub.post(
        "items",
        {"code": "HLM-M", "name": "Helmet, MIPS, size M", "type": "PRODUCT",
         "sale": {"unit_price": "89.95", "currency": "AUD"}},
    )  # fmt: skip
    assembly = hub.post(
        "items",
        {"name": "Assembly (hours)", "type": "SERVICE", "sale": {"unit_price": "80.00"}},
    )
    invoice = sample("invoices", {**refs, "contacts": club["id"], "items": bike["id"]})
    invoice["lines"][1]["item_id"] = helmet["id"]
    invoice["lines"][2]["item_id"] = assembly["id"]
    invoice["lines"].append(
        {"description": "Freight", "quantity": "1", "unit_price": "20.00",
         "tax_amount": "2.00", "line_amount": "20.00"}
    )  # fmt: skip
    for line in invoice["lines"]:
        line.pop("tracking", None)
    invoice.update(subtotal="2659.85", total_tax="265.99", total="2925.84", amount_due="1925.84")
    invoice = hub.post("invoices", invoice)
    return {"club": club, "bike": bike, "helmet": helmet, "assembly": assembly, "invoice": invoice}


def test_both_directions_without_bouncing(hub: Hub) -> None:
    sb = hub.sb
    made = _seed_hub(hub)

    # -- hub -> vtiger ---------------------------------------------------------------------
    first = hub.sync()
    run, entries = hub.run(first)
    assert run.counts["contacts"]["app_created"] == 1
    assert run.counts["items"]["app_created"] == 3
    assert run.counts["invoices"]["app_created"] == 1
    (account,) = sb.query("select * from Accounts;")
    assert account["accountname"] == "Northside Cycling Club"
    people = sb.query(f"select * from Contacts where account_id = '{account['id']}';")
    assert sorted(p["lastname"] for p in people) == sorted(last for _, last, _ in PEOPLE)
    products = {p["productcode"]: p for p in sb.query("select * from Products;")}
    assert set(products) == {"BIKE-RD-54", "HLM-M"}
    (vt_invoice,) = sb.query("select * from Invoice;")
    vt_invoice = sb.retrieve(vt_invoice["id"])
    assert vt_invoice["account_id"] == account["id"]
    assert len(vt_invoice["LineItems"]) == 4
    assert vt_invoice["LineItems"][0]["productid"] == products["BIKE-RD-54"]["id"]
    assert vt_invoice["LineItems"][0]["tax1"] == "10.000"
    # vtiger recomputed the totals from the lines (unrounded: 2925.835), and to the cent they
    # agree with the hub's.
    assert cents(vt_invoice["hdnGrandTotal"]) == Decimal("2925.84")
    assert Decimal(vt_invoice["received"]) == Decimal("1000")
    assert cents(vt_invoice["balance"]) == Decimal("1925.84")
    notes = [e.message for e in entries if e.kind == "note"]
    assert any("no purchase price" in n for n in notes)
    assert any("line(s) 4" in n for n in notes)  # the item-less Freight line
    invoice = hub.one("invoices", number="INV-0107")
    assert invoice.version == 1

    # -- reading our own writes back: echoes, and the Contacts as persons ------------------
    before = writes(sb)
    second = hub.sync()
    assert writes(sb) == before
    run, _ = hub.run(second)
    assert run.counts["contacts"]["created"] == 7  # each vtiger Contact is a person too
    assert run.counts["contacts"].get("updated", 0) == 0
    assert hub.one("contacts", name="Northside Cycling Club").version == 1
    assert hub.one("invoices", number="INV-0107").version == 1
    assert all(r.version == 1 for r in hub.records("items"))
    persons = [r for r in hub.records("contacts") if r.data["kind"] == "PERSON"]
    assert {p.data["organization_id"] for p in persons} == {made["club"]["id"]}

    # -- vtiger -> hub, with references ----------------------------------------------------
    harbour = sb.create("Accounts", accountname="Harbour Bikes", email1="ap@harbour.test")
    ann = sb.create("Contacts", firstname="Ann", lastname="Lee", account_id=harbour["id"])
    chain = sb.create("Products", productname="Chain", productcode="CH-1", unit_price="30")
    vt_new = sb.create(
        "Invoice",
        subject="Workshop order",
        account_id=harbour["id"],
        contact_id=ann["id"],
        invoicedate="2026-03-02",
        hdnTaxType="individual",
        LineItems=[
            {"productid": chain["id"], "quantity": "2", "listprice": "30", "tax1": "10"},
            {"productid": products["BIKE-RD-54"]["id"], "quantity": "1", "listprice": "1250"},
        ],
    )
    before = writes(sb)
    hub.sync()
    assert writes(sb) == before
    org = hub.one("contacts", name="Harbour Bikes")
    assert [p["first_name"] for p in org.data["people"]] == ["Ann"]
    assert hub.one("contacts", name="Ann Lee").data["organization_id"] == org.id
    item = hub.one("items", code="CH-1")
    new_invoice = hub.one("invoices", reference="Workshop order")
    assert new_invoice.data["contact_id"] == org.id
    assert [line["item_id"] for line in new_invoice.data["lines"]] == [
        item.id,
        made["bike"]["id"],
    ]
    assert new_invoice.data["total"] == "1316.00"

    # -- a re-run changes nothing, in the hub or in vtiger --------------------------------
    feed, before = hub.feed(), writes(sb)
    again = hub.sync()
    assert (hub.feed(), writes(sb)) == (feed, before)
    run, _ = hub.run(again)
    assert all(not c.get("created") and not c.get("updated") for c in run.counts.values())

    # -- an edit and a payment in vtiger reach the hub -------------------------------------
    sb.revise(harbour["id"], phone="02 9660 1234")
    sb.revise(vt_invoice["id"], received=vt_invoice["hdnGrandTotal"])
    hub.sync()
    assert hub.one("contacts", name="Harbour Bikes").data["phones"] == [
        {"type": "DEFAULT", "number": "02 9660 1234"}
    ]
    paid = hub.one("invoices", number="INV-0107")
    assert (paid.data["status"], paid.data["amount_paid"], paid.data["amount_due"]) == (
        "PAID",
        "2925.84",
        "0.00",
    )
    assert paid.data["lines"][0]["tax_code_id"] == made["invoice"]["lines"][0]["tax_code_id"]

    # -- a delete in vtiger is a tombstone in the hub --------------------------------------
    sb.do("delete", id=ann["id"])
    sb.do("delete", id=vt_new["id"])
    hub.sync()
    assert hub.one("contacts", name="Ann Lee").deleted
    assert hub.one("invoices", reference="Workshop order").deleted
    assert not hub.one("contacts", name="Harbour Bikes").deleted


def test_edits_in_the_hub_reach_vtiger(hub: Hub) -> None:
    sb = hub.sb
    club = hub.post(
        "contacts",
        {"kind": "ORGANIZATION", "name": "Acme", "people": [
            {"first_name": "Jo", "last_name": "Park", "email": "jo@acme.test"}]},
    )  # fmt: skip
    hub.sync()
    person = hub.post(
        "contacts",
        {"kind": "PERSON", "name": "Sam Ng", "first_name": "Sam", "last_name": "Ng",
         "organization_id": club["id"], "emails": [{"address": "sam@acme.test"}]},
    )  # fmt: skip
    response = hub.client.patch(
        f"/api/v1/orgs/{hub.org}/contacts/{club['id']}",
        json={"people": [{"first_name": "Jo", "last_name": "Park", "email": "jo@acme.test",
                          "job_title": "Buyer"}]},
        headers=hub.headers,
    )  # fmt: skip
    assert response.status_code == 200, response.json
    hub.sync()
    (account,) = sb.query("select * from Accounts;")
    contacts = {c["lastname"]: c for c in sb.query("select * from Contacts;")}
    assert set(contacts) == {"Park", "Ng"}  # Jo matched by email, not created twice
    assert contacts["Park"]["title"] == "Buyer"
    assert contacts["Ng"]["account_id"] == account["id"]
    run, entries = hub.run(hub.sync())  # Sam, read back, joins the organization's people
    assert [e for e in entries if e.kind == "conflict"] == []  # vtiger's spelling is no edit
    names = [p["last_name"] for p in hub.one("contacts", name="Acme").data["people"]]
    assert names == ["Park", "Ng"]
    assert hub.one("contacts", name="Sam Ng").id == person["id"]

    response = hub.client.delete(
        f"/api/v1/orgs/{hub.org}/contacts/{person['id']}", headers=hub.headers
    )
    assert response.status_code in (200, 204)
    hub.sync()
    assert {c["lastname"] for c in sb.query("select * from Contacts;")} == {"Park"}


def test_a_session_lost_mid_run_is_renewed_and_the_run_loses_nothing(make_hub: Any) -> None:
    hub = make_hub(accounts=12, contacts=30, products=12, services=3, invoices=40)
    sb = hub.sb

    def expire(number: int) -> None:
        # 1-2 login, 3-6 contacts, 7 Products, 8 Services, 9 Invoice, then the retrieves
        if number in (8, 30):
            sb.expire_sessions()

    sb.before = expire
    outcome = hub.sync()
    assert outcome.status == "succeeded"
    kinds = [r.data["kind"] for r in hub.records("contacts")]
    assert (kinds.count("ORGANIZATION"), kinds.count("PERSON")) == (12, 30)
    assert len(hub.records("items")) == 15
    invoices = hub.records("invoices")
    assert len(invoices) == 40
    assert sum(Decimal(i.data["amount_paid"]) > 0 for i in invoices) > 0  # payments came along
    assert (sb.calls("getchallenge"), sb.calls("login")) == (3, 3)
    run, _ = hub.run(outcome)
    assert run.api_calls == sb.calls()  # every call counted, the refused ones too
