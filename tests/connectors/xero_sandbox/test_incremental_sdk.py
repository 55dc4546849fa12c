"""Incremental reads as a sync engine does them: paging and If-Modified-Since per resource."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from xero_python.accounting import AccountingApi
from xero_python.accounting.models import (
    Account,
    Contact,
    CreditNote,
    CreditNotes,
    Invoice,
    Invoices,
    Item,
    Items,
    LineItem,
    Payment,
    Payments,
)

if TYPE_CHECKING:
    from conftest import Sandbox


def _line(amount: str = "10") -> LineItem:
    return LineItem(
        description="Line", quantity=Decimal(1), unit_amount=Decimal(amount), account_code="200"
    )


def test_items_if_modified_since(xero: Sandbox, accounting: AccountingApi) -> None:
    first = accounting.create_items(xero.tenant_id, Items(items=[Item(code="A"), Item(code="B")]))
    cutoff = first.items[-1].updated_date_utc
    time.sleep(0.002)
    accounting.update_item(
        xero.tenant_id, first.items[0].item_id, Items(items=[Item(code="A", name="Renamed")])
    )
    changed = accounting.get_items(xero.tenant_id, if_modified_since=cutoff).items
    assert [(i.code, i.name) for i in changed] == [("A", "Renamed")]


def test_credit_notes_page_update_and_if_modified_since(
    xero: Sandbox, accounting: AccountingApi
) -> None:
    notes = CreditNotes(
        credit_notes=[
            CreditNote(
                type="ACCPAYCREDIT",
                contact=Contact(name="Vendor"),
                line_items=[_line()],
                reference=f"N{n}",
            )
            for n in range(5)
        ]
    )
    made = accounting.create_credit_notes(xero.tenant_id, notes).credit_notes
    assert all(n.credit_note_number is None for n in made)  # only ACCRECCREDIT is numbered
    page = accounting.get_credit_notes(xero.tenant_id, page=2, page_size=2)
    assert len(page.credit_notes) == 2 and page.pagination.item_count == 5
    assert page.credit_notes[0].line_items
    cutoff = made[-1].updated_date_utc
    time.sleep(0.002)
    updated = accounting.update_credit_note(
        xero.tenant_id,
        made[1].credit_note_id,
        CreditNotes(credit_notes=[CreditNote(reference="changed", status="AUTHORISED")]),
    ).credit_notes[0]
    assert updated.status == "AUTHORISED" and updated.remaining_credit == Decimal("11")
    changed = accounting.get_credit_notes(xero.tenant_id, if_modified_since=cutoff)
    assert [n.reference for n in changed.credit_notes] == ["changed"]


def test_payments_page_and_if_modified_since(xero: Sandbox, accounting: AccountingApi) -> None:
    invoices = accounting.create_invoices(
        xero.tenant_id,
        Invoices(
            invoices=[
                Invoice(
                    type="ACCREC",
                    contact=Contact(name="Payer"),
                    status="AUTHORISED",
                    line_items=[_line("50")],
                )
                for _ in range(3)
            ]
        ),
    ).invoices
    batch = Payments(
        payments=[
            Payment(
                invoice=Invoice(invoice_id=i.invoice_id),
                account=Account(code="091"),
                amount=Decimal(5),
                date=date(2026, 6, 1),
            )
            for i in invoices
        ]
    )
    made = accounting.create_payments(xero.tenant_id, batch).payments
    page = accounting.get_payments(xero.tenant_id, page=1, page_size=2)
    assert len(page.payments) == 2 and page.pagination.page_count == 2
    # The cutoff lies strictly after the batch: its last payment bumped its invoice in the
    # same millisecond, and If-Modified-Since includes that instant.
    time.sleep(0.01)
    cutoff = made[-1].updated_date_utc + timedelta(milliseconds=5)
    time.sleep(0.01)
    accounting.create_payment(
        xero.tenant_id,
        Payment(
            invoice=Invoice(invoice_id=invoices[0].invoice_id),
            account=Account(code="091"),
            amount=Decimal(1),
        ),
    )
    changed = accounting.get_payments(xero.tenant_id, if_modified_since=cutoff).payments
    assert [p.amount for p in changed] == [Decimal(1)]
    bills = accounting.get_invoices(xero.tenant_id, if_modified_since=cutoff).invoices
    assert [b.invoice_id for b in bills] == [invoices[0].invoice_id]  # paying bumps the invoice


def test_rfc1123_if_modified_since_header(xero: Sandbox) -> None:
    xero.put("/Contacts", {"Name": "Old"})
    newer = xero.get("/Contacts", headers={"If-Modified-Since": "Tue, 05 Mar 2019 17:30:00 GMT"})
    assert [c["Name"] for c in newer.json()["Contacts"]] == ["Old"]
    future = xero.get("/Contacts", headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert future.status_code == 200 and future.json()["Contacts"] == []
