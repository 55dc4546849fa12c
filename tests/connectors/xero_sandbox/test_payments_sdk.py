"""Payments, credit notes and allocations through xero-python."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from xero_python.accounting import AccountingApi
from xero_python.accounting.models import (
    Account,
    Allocation,
    Allocations,
    Contact,
    Contacts,
    CreditNote,
    CreditNotes,
    Invoice,
    Invoices,
    LineItem,
    Payment,
    PaymentDelete,
    Payments,
)
from xero_python.exceptions import AccountingBadRequestException

if TYPE_CHECKING:
    from conftest import Sandbox

ALLOCATED = "This document cannot be edited as it has a payment or credit note allocated to it."


@pytest.fixture
def invoice(xero: Sandbox, accounting: AccountingApi) -> Invoice:
    contact = accounting.create_contacts(
        xero.tenant_id, Contacts(contacts=[Contact(name="Payer Pty")])
    ).contacts[0]
    draft = Invoice(
        type="ACCREC",
        contact=Contact(contact_id=contact.contact_id),
        status="AUTHORISED",
        date=date(2026, 4, 1),
        due_date=date(2026, 4, 30),
        line_items=[
            LineItem(
                description="Work",
                quantity=Decimal(1),
                unit_amount=Decimal(100),
                account_code="200",
                tax_type="OUTPUT",
            )
        ],
    )
    return accounting.create_invoices(xero.tenant_id, Invoices(invoices=[draft])).invoices[0]


def pay(invoice_id: str, amount: str, code: str = "090") -> Payment:
    return Payment(
        invoice=Invoice(invoice_id=invoice_id),
        account=Account(code=code),
        amount=Decimal(amount),
        date=date(2026, 4, 10),
        reference="EFT",
    )


def test_partial_then_full_payment_marks_invoice_paid(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    first = accounting.create_payment(xero.tenant_id, pay(invoice.invoice_id, "40")).payments[0]
    assert first.status == "AUTHORISED" and first.payment_type == "ACCRECPAYMENT"
    assert first.account.code == "090" and first.invoice.invoice_id == invoice.invoice_id
    part = accounting.get_invoice(xero.tenant_id, invoice.invoice_id).invoices[0]
    assert (part.status, part.amount_paid, part.amount_due) == (
        "AUTHORISED",
        Decimal("40"),
        Decimal("70"),
    )
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_payment(xero.tenant_id, pay(invoice.invoice_id, "70.01"))
    assert raised.value.reason == "Payment amount exceeds the amount outstanding on this document"
    accounting.create_payments(xero.tenant_id, Payments(payments=[pay(invoice.invoice_id, "70")]))
    paid = accounting.get_invoice(xero.tenant_id, invoice.invoice_id).invoices[0]
    assert paid.status == "PAID" and paid.amount_due == 0
    assert paid.fully_paid_on_date == date(2026, 4, 10)
    assert [p.amount for p in paid.payments] == [Decimal("40"), Decimal("70")]


def test_paid_invoice_cannot_be_edited(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    accounting.create_payment(xero.tenant_id, pay(invoice.invoice_id, "110"))
    edit = Invoices(invoices=[Invoice(line_items=[LineItem(description="More")])])
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.update_invoice(xero.tenant_id, invoice.invoice_id, edit)
    messages = [e["Message"] for e in raised.value.error_data["Elements"][0]["ValidationErrors"]]
    assert messages == ["Invoice not of valid status for modification", ALLOCATED]
    with pytest.raises(AccountingBadRequestException):
        accounting.update_invoice(
            xero.tenant_id, invoice.invoice_id, Invoices(invoices=[Invoice(status="VOIDED")])
        )


def test_part_paid_invoice_still_takes_a_due_date(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    accounting.create_payment(xero.tenant_id, pay(invoice.invoice_id, "10"))
    before = accounting.get_invoice(xero.tenant_id, invoice.invoice_id).invoices[0]
    change = Invoices(invoices=[Invoice(due_date=date(2026, 5, 15))])
    after = accounting.update_invoice(xero.tenant_id, invoice.invoice_id, change).invoices[0]
    assert after.due_date == date(2026, 5, 15)
    assert after.updated_date_utc == before.updated_date_utc  # a documented non-bump


def test_deleting_a_payment_reopens_the_invoice(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    made = accounting.create_payment(xero.tenant_id, pay(invoice.invoice_id, "110")).payments[0]
    gone = accounting.delete_payment(
        xero.tenant_id, made.payment_id, PaymentDelete(status="DELETED")
    ).payments[0]
    assert gone.status == "DELETED"
    reopened = accounting.get_invoice(xero.tenant_id, invoice.invoice_id).invoices[0]
    assert reopened.status == "AUTHORISED" and reopened.amount_due == Decimal("110")
    assert reopened.fully_paid_on_date is None and reopened.payments == []
    listed = accounting.get_payments(xero.tenant_id, where='Status=="DELETED"').payments
    assert [p.payment_id for p in listed] == [made.payment_id]


def test_payment_needs_account_and_authorised_document(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_payment(
            xero.tenant_id,
            Payment(invoice=Invoice(invoice_id=invoice.invoice_id), amount=Decimal(1)),
        )
    assert raised.value.reason == "Account could not be found"
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_payment(xero.tenant_id, pay(invoice.invoice_id, "1", code="200"))
    assert raised.value.reason == "Account type is invalid for making a payment to/from"
    accounting.update_invoice(
        xero.tenant_id, invoice.invoice_id, Invoices(invoices=[Invoice(status="VOIDED")])
    )
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_payment(xero.tenant_id, pay(invoice.invoice_id, "1"))
    assert raised.value.reason == "Payments can only be made against Authorised documents."


def test_payments_batch_with_summarize_errors_false(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    batch = Payments(payments=[pay(invoice.invoice_id, "10"), pay(invoice.invoice_id, "999")])
    result = accounting.create_payments(xero.tenant_id, batch, summarize_errors=False).payments
    assert [p.status_attribute_string for p in result] == ["OK", "ERROR"]
    assert result[1].has_validation_errors


def test_credit_note_allocation_and_removal(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    credit = CreditNote(
        type="ACCRECCREDIT",
        contact=Contact(contact_id=invoice.contact.contact_id),
        status="AUTHORISED",
        date=date(2026, 4, 5),
        line_items=[
            LineItem(
                description="Refund",
                quantity=Decimal(1),
                unit_amount=Decimal(20),
                account_code="200",
                tax_type="OUTPUT",
            )
        ],
    )
    note = accounting.create_credit_notes(
        xero.tenant_id, CreditNotes(credit_notes=[credit])
    ).credit_notes[0]
    assert note.credit_note_number == "CN-0001" and note.remaining_credit == Decimal("22")
    too_much = Allocations(
        allocations=[
            Allocation(
                invoice=Invoice(invoice_id=invoice.invoice_id),
                amount=Decimal("23"),
                date=date(2026, 4, 6),
            )
        ]
    )
    with pytest.raises(AccountingBadRequestException):
        accounting.create_credit_note_allocation(xero.tenant_id, note.credit_note_id, too_much)
    allocation = Allocations(
        allocations=[
            Allocation(
                invoice=Invoice(invoice_id=invoice.invoice_id),
                amount=Decimal("22"),
                date=date(2026, 4, 6),
            )
        ]
    )
    made = accounting.create_credit_note_allocation(
        xero.tenant_id, note.credit_note_id, allocation
    ).allocations[0]
    assert made.amount == Decimal("22") and made.invoice.invoice_id == invoice.invoice_id
    used = accounting.get_credit_note(xero.tenant_id, note.credit_note_id).credit_notes[0]
    assert used.status == "PAID" and used.remaining_credit == 0
    credited = accounting.get_invoice(xero.tenant_id, invoice.invoice_id).invoices[0]
    assert credited.amount_credited == Decimal("22") and credited.amount_due == Decimal("88")
    assert credited.credit_notes[0].credit_note_id == note.credit_note_id
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.update_invoice(
            xero.tenant_id, invoice.invoice_id, Invoices(invoices=[Invoice(reference="x")])
        )
    assert raised.value.reason == "Invoice not of valid status for modification"

    removed = accounting.delete_credit_note_allocations(
        xero.tenant_id, note.credit_note_id, made.allocation_id
    )
    assert removed.is_deleted
    restored = accounting.get_credit_note(xero.tenant_id, note.credit_note_id).credit_notes[0]
    assert restored.status == "AUTHORISED" and restored.remaining_credit == Decimal("22")


def test_refund_of_credit_note_by_payment(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    credit = CreditNote(
        type="ACCRECCREDIT",
        contact=Contact(contact_id=invoice.contact.contact_id),
        status="AUTHORISED",
        line_items=[
            LineItem(
                description="Refund",
                quantity=Decimal(1),
                unit_amount=Decimal(10),
                account_code="200",
            )
        ],
    )
    note = accounting.create_credit_notes(
        xero.tenant_id, CreditNotes(credit_notes=[credit])
    ).credit_notes[0]
    refund = Payment(
        credit_note=CreditNote(credit_note_id=note.credit_note_id),
        account=Account(code="090"),
        amount=note.total,
    )
    made = accounting.create_payment(xero.tenant_id, refund).payments[0]
    assert made.payment_type == "ARCREDITPAYMENT"
    after = accounting.get_credit_note(xero.tenant_id, note.credit_note_id).credit_notes[0]
    assert after.status == "PAID"
