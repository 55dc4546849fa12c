"""Invoices through xero-python: totals, numbers, statuses, paging, filters, lock dates."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from xero_python.accounting import AccountingApi
from xero_python.accounting.models import (
    Contact,
    Contacts,
    Invoice,
    Invoices,
    LineAmountTypes,
    LineItem,
)
from xero_python.exceptions import AccountingBadRequestException

from connectors.xero import sandbox

if TYPE_CHECKING:
    from conftest import Sandbox

CONTACT_REQUIRED = (
    "The Contact must contain at least 1 of the following elements to identify the contact: "
    "Name, ContactID, ContactNumber"
)


@pytest.fixture
def customer(xero: Sandbox, accounting: AccountingApi) -> Contact:
    batch = Contacts(contacts=[Contact(name="Buyer Ltd", email_address="ap@buyer.test")])
    return accounting.create_contacts(xero.tenant_id, batch).contacts[0]


def sale(contact_id: str, status: str = "AUTHORISED", **fields: object) -> Invoice:
    lines = fields.pop("line_items", None) or [
        LineItem(
            description="Consulting",
            quantity=Decimal("2"),
            unit_amount=Decimal("150"),
            account_code="200",
            tax_type="OUTPUT",
        ),
        LineItem(
            description="Travel",
            quantity=Decimal("1"),
            unit_amount=Decimal("33.33"),
            account_code="200",
            tax_type="OUTPUT",
        ),
    ]
    return Invoice(
        type="ACCREC",
        contact=Contact(contact_id=contact_id),
        line_items=lines,
        date=date(2026, 3, 1),
        due_date=date(2026, 3, 31),
        status=status,
        **fields,
    )


def create(api: AccountingApi, tenant: str, *invoices: Invoice) -> list[Invoice]:
    return api.create_invoices(tenant, Invoices(invoices=list(invoices))).invoices


def test_authorised_sale_has_totals_number_and_contact_flag(
    xero: Sandbox, accounting: AccountingApi, customer: Contact
) -> None:
    [invoice] = create(accounting, xero.tenant_id, sale(customer.contact_id))
    assert invoice.invoice_number == "INV-0001" and invoice.status == "AUTHORISED"
    assert (invoice.sub_total, invoice.total_tax, invoice.total) == (
        Decimal("333.33"),
        Decimal("33.33"),
        Decimal("366.66"),
    )
    assert invoice.amount_due == Decimal("366.66") and invoice.amount_paid == 0
    assert invoice.date == date(2026, 3, 1) and invoice.due_date == date(2026, 3, 31)
    assert invoice.line_amount_types == LineAmountTypes.EXCLUSIVE
    assert [line.tax_amount for line in invoice.line_items] == [Decimal("30"), Decimal("3.33")]
    assert invoice.contact.name == "Buyer Ltd"
    contact = accounting.get_contact(xero.tenant_id, customer.contact_id).contacts[0]
    assert contact.is_customer and not contact.is_supplier
    assert contact.balances.accounts_receivable.outstanding == Decimal("366.66")


def test_inclusive_tax_and_discounts(
    xero: Sandbox, accounting: AccountingApi, customer: Contact
) -> None:
    line = LineItem(
        description="Boxed",
        quantity=Decimal("1"),
        unit_amount=Decimal("110"),
        account_code="200",
        tax_type="OUTPUT",
        discount_rate=Decimal("10"),
    )
    [invoice] = create(
        accounting,
        xero.tenant_id,
        sale(customer.contact_id, line_items=[line], line_amount_types=LineAmountTypes.INCLUSIVE),
    )
    assert invoice.line_items[0].line_amount == Decimal("99")
    assert (invoice.sub_total, invoice.total_tax, invoice.total) == (
        Decimal("90"),
        Decimal("9"),
        Decimal("99"),
    )
    assert invoice.total_discount == Decimal("11") and invoice.is_discounted

    bill = Invoice(
        type="ACCPAY",
        contact=Contact(contact_id=customer.contact_id),
        line_items=[
            LineItem(
                description="x",
                quantity=Decimal(1),
                unit_amount=Decimal(10),
                account_code="400",
                discount_rate=Decimal(5),
            )
        ],
    )
    with pytest.raises(AccountingBadRequestException) as raised:
        create(accounting, xero.tenant_id, bill)
    assert raised.value.reason == "Discounts can only be applied to sales invoices."


def test_contact_is_required(xero: Sandbox, accounting: AccountingApi) -> None:
    draft = Invoice(type="ACCREC", line_items=[LineItem(description="Only words")])
    with pytest.raises(AccountingBadRequestException) as raised:
        create(accounting, xero.tenant_id, draft)
    assert raised.value.reason == CONTACT_REQUIRED
    element = raised.value.error_data["Elements"][0]
    assert element["HasErrors"] is True
    assert element["InvoiceID"] == "00000000-0000-0000-0000-000000000000"


def test_new_contact_by_name_and_negative_quantity(
    xero: Sandbox, accounting: AccountingApi
) -> None:
    [draft] = create(
        accounting,
        xero.tenant_id,
        Invoice(
            type="ACCPAY",
            contact=Contact(name="Brand New Supplier"),
            line_items=[
                LineItem(
                    description="Paper",
                    quantity=Decimal(3),
                    unit_amount=Decimal(4),
                    account_code="400",
                )
            ],
        ),
    )
    assert draft.status == "DRAFT" and draft.invoice_number is None
    supplier = accounting.get_contact(xero.tenant_id, draft.contact.contact_id).contacts[0]
    assert supplier.name == "Brand New Supplier" and supplier.is_supplier
    negative = LineItem(
        description="Back", quantity=Decimal(-1), unit_amount=Decimal(1), account_code="400"
    )
    with pytest.raises(AccountingBadRequestException) as raised:
        create(
            accounting,
            xero.tenant_id,
            Invoice(
                type="ACCPAY", contact=Contact(name="Brand New Supplier"), line_items=[negative]
            ),
        )
    assert raised.value.reason == "The quantity value '-1.0000' is invalid."


def test_invoice_numbers_unique_for_sales_only(
    xero: Sandbox, accounting: AccountingApi, customer: Contact
) -> None:
    create(accounting, xero.tenant_id, sale(customer.contact_id, invoice_number="A-1"))
    with pytest.raises(AccountingBadRequestException) as raised:
        create(accounting, xero.tenant_id, sale(customer.contact_id, invoice_number="A-1"))
    assert raised.value.reason == "Invoice # must be unique."
    bills = [
        Invoice(
            type="ACCPAY",
            contact=Contact(contact_id=customer.contact_id),
            invoice_number="SUP-9",
            line_items=[LineItem(description="x")],
        )
        for _ in range(2)
    ]
    made = create(accounting, xero.tenant_id, *bills)
    assert [b.invoice_number for b in made] == ["SUP-9", "SUP-9"]


def test_status_machine(xero: Sandbox, accounting: AccountingApi, customer: Contact) -> None:
    [draft] = create(accounting, xero.tenant_id, sale(customer.contact_id, status="DRAFT"))
    assert draft.invoice_number == "INV-0001"
    approve = Invoices(invoices=[Invoice(status="AUTHORISED")])
    approved = accounting.update_invoice(xero.tenant_id, draft.invoice_id, approve).invoices[0]
    assert approved.status == "AUTHORISED"
    back = Invoices(invoices=[Invoice(status="DRAFT")])
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.update_invoice(xero.tenant_id, draft.invoice_id, back)
    assert raised.value.reason == "Invoice not of valid status for modification"
    void = Invoices(invoices=[Invoice(status="VOIDED")])
    voided = accounting.update_invoice(xero.tenant_id, draft.invoice_id, void).invoices[0]
    assert voided.status == "VOIDED"
    with pytest.raises(AccountingBadRequestException):
        accounting.update_invoice(
            xero.tenant_id, draft.invoice_id, Invoices(invoices=[Invoice(reference="late")])
        )
    [other] = create(accounting, xero.tenant_id, sale(customer.contact_id, status="DRAFT"))
    deleted = accounting.update_invoice(
        xero.tenant_id, other.invoice_id, Invoices(invoices=[Invoice(status="DELETED")])
    ).invoices[0]
    assert deleted.status == "DELETED"


def test_update_replaces_lines_and_keeps_sent_ids(
    xero: Sandbox, accounting: AccountingApi, customer: Contact
) -> None:
    [invoice] = create(accounting, xero.tenant_id, sale(customer.contact_id, status="DRAFT"))
    keep = invoice.line_items[0]
    keep.quantity = Decimal(3)
    change = Invoices(invoices=[Invoice(line_items=[keep])])
    updated = accounting.update_invoice(xero.tenant_id, invoice.invoice_id, change).invoices[0]
    assert [line.line_item_id for line in updated.line_items] == [keep.line_item_id]
    assert updated.sub_total == Decimal("450")


def test_lists_page_filter_and_order(
    xero: Sandbox, accounting: AccountingApi, customer: Contact
) -> None:
    create(
        accounting,
        xero.tenant_id,
        *[sale(customer.contact_id, reference=f"R{n}") for n in range(3)],
        Invoice(
            type="ACCPAY",
            contact=Contact(contact_id=customer.contact_id),
            line_items=[LineItem(description="bill")],
        ),
    )
    unpaged = accounting.get_invoices(xero.tenant_id).invoices
    assert len(unpaged) == 4 and all(i.line_items is None for i in unpaged)
    paged = accounting.get_invoices(xero.tenant_id, page=1, page_size=2)
    assert len(paged.invoices) == 2 and paged.invoices[0].line_items
    assert paged.pagination.page_count == 2
    bills = accounting.get_invoices(xero.tenant_id, where='Type=="ACCPAY"').invoices
    assert [b.status for b in bills] == ["DRAFT"]
    drafts = accounting.get_invoices(xero.tenant_id, statuses=["DRAFT"]).invoices
    assert len(drafts) == 1
    mine = accounting.get_invoices(
        xero.tenant_id,
        where=f'Contact.ContactID==Guid("{customer.contact_id}") AND Date>=DateTime(2026,03,01)',
        order="Reference DESC",
    ).invoices
    assert [i.reference for i in mine if i.type == "ACCREC"] == ["R2", "R1", "R0"]


def test_if_modified_since_sees_only_later_changes(
    xero: Sandbox, accounting: AccountingApi, customer: Contact
) -> None:
    first, second = create(
        accounting, xero.tenant_id, sale(customer.contact_id), sale(customer.contact_id)
    )
    time.sleep(0.002)
    change = Invoices(invoices=[Invoice(reference="changed")])
    accounting.update_invoice(xero.tenant_id, first.invoice_id, change)
    changed = accounting.get_invoices(xero.tenant_id, if_modified_since=second.updated_date_utc)
    assert [i.invoice_id for i in changed.invoices] == [first.invoice_id]


def test_lock_date_blocks_posting(
    xero: Sandbox, accounting: AccountingApi, customer: Contact
) -> None:
    sandbox.organisation(xero.app, xero.tenant_id).settings["PeriodLockDate"] = date(2026, 3, 31)
    with pytest.raises(AccountingBadRequestException) as raised:
        create(accounting, xero.tenant_id, sale(customer.contact_id))
    assert raised.value.reason == (
        "The document date cannot be before the period lock date, currently set at 31 March 2026"
    )
    [draft] = create(accounting, xero.tenant_id, sale(customer.contact_id, status="DRAFT"))
    assert draft.status == "DRAFT"
