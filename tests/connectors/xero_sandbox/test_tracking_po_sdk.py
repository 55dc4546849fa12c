"""Tracking categories and purchase orders through xero-python."""

from __future__ import annotations

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
    LineItem,
    LineItemTracking,
    PurchaseOrder,
    PurchaseOrders,
    TrackingCategory,
    TrackingOption,
)
from xero_python.exceptions import AccountingBadRequestException

if TYPE_CHECKING:
    from conftest import Sandbox


def _category(api: AccountingApi, tenant: str, name: str) -> TrackingCategory:
    return api.create_tracking_category(tenant, TrackingCategory(name=name)).tracking_categories[0]


def test_two_active_and_four_total_categories(xero: Sandbox, accounting: AccountingApi) -> None:
    region = _category(accounting, xero.tenant_id, "Region")
    _category(accounting, xero.tenant_id, "Department")
    with pytest.raises(AccountingBadRequestException) as raised:
        _category(accounting, xero.tenant_id, "Project")
    assert raised.value.reason == "You can only have 2 active tracking categories."
    accounting.update_tracking_category(
        xero.tenant_id,
        region.tracking_category_id,
        TrackingCategory(name="Region", status="ARCHIVED"),
    )
    _category(accounting, xero.tenant_id, "Project")
    active = accounting.get_tracking_categories(xero.tenant_id).tracking_categories
    assert sorted(c.name for c in active) == ["Department", "Project"]
    every = accounting.get_tracking_categories(xero.tenant_id, include_archived=True)
    assert len(every.tracking_categories) == 3
    accounting.update_tracking_category(
        xero.tenant_id,
        every.tracking_categories[0].tracking_category_id,
        TrackingCategory(name=every.tracking_categories[0].name, status="ARCHIVED"),
    )
    _category(accounting, xero.tenant_id, "Fourth")
    with pytest.raises(AccountingBadRequestException) as raised:
        _category(accounting, xero.tenant_id, "Fifth")
    assert (
        raised.value.reason == "You can only have 4 tracking categories, including archived ones."
    )


def test_options_on_lines_and_used_options_stay(xero: Sandbox, accounting: AccountingApi) -> None:
    region = _category(accounting, xero.tenant_id, "Region")
    north = accounting.create_tracking_options(
        xero.tenant_id, region.tracking_category_id, TrackingOption(name="North")
    ).options[0]
    south = accounting.create_tracking_options(
        xero.tenant_id, region.tracking_category_id, TrackingOption(name="South")
    ).options[0]
    line = LineItem(
        description="Tracked",
        quantity=Decimal(1),
        unit_amount=Decimal(10),
        account_code="200",
        tracking=[LineItemTracking(name="Region", option="North")],
    )
    invoice = Invoice(type="ACCREC", contact=Contact(name="Tracked Co"), line_items=[line])
    made = accounting.create_invoices(xero.tenant_id, Invoices(invoices=[invoice])).invoices[0]
    tracking = made.line_items[0].tracking[0]
    assert tracking.tracking_option_id == north.tracking_option_id
    assert tracking.tracking_category_id == region.tracking_category_id

    with pytest.raises(AccountingBadRequestException):
        accounting.delete_tracking_options(
            xero.tenant_id, region.tracking_category_id, north.tracking_option_id
        )
    gone = accounting.delete_tracking_options(
        xero.tenant_id, region.tracking_category_id, south.tracking_option_id
    ).options[0]
    assert gone.status == "DELETED"
    left = accounting.get_tracking_category(xero.tenant_id, region.tracking_category_id)
    assert [o.name for o in left.tracking_categories[0].options] == ["North"]

    three = [LineItemTracking(name="Region", option="North")] * 3
    crowded = Invoice(
        type="ACCREC",
        contact=Contact(name="Tracked Co"),
        line_items=[LineItem(description="x", tracking=three)],
    )
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_invoices(xero.tenant_id, Invoices(invoices=[crowded]))
    assert raised.value.reason == "A line item can have at most 2 tracking categories."


@pytest.fixture
def supplier(xero: Sandbox, accounting: AccountingApi) -> Contact:
    return accounting.create_contacts(
        xero.tenant_id, Contacts(contacts=[Contact(name="Supplies Inc")])
    ).contacts[0]


def _order(contact: Contact, **fields: object) -> PurchaseOrder:
    return PurchaseOrder(
        contact=Contact(contact_id=contact.contact_id),
        date=date(2026, 6, 1),
        line_items=[
            LineItem(
                description="Bolts",
                quantity=Decimal(10),
                unit_amount=Decimal("0.1234"),
                account_code="300",
                tax_type="INPUT",
            )
        ],
        **fields,
    )


def test_purchase_orders(xero: Sandbox, accounting: AccountingApi, supplier: Contact) -> None:
    made = accounting.create_purchase_orders(
        xero.tenant_id, PurchaseOrders(purchase_orders=[_order(supplier)])
    ).purchase_orders[0]
    assert made.purchase_order_number == "PO-0001" and made.status == "DRAFT"
    assert made.line_items[0].unit_amount == Decimal("0.1234")
    assert made.total == Decimal("1.35")  # 1.23 + 0.12 tax, rounded per line
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_purchase_orders(
            xero.tenant_id,
            PurchaseOrders(purchase_orders=[_order(supplier, purchase_order_number="PO-0001")]),
        )
    assert raised.value.reason == "Order number must be unique"
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.update_purchase_order(
            xero.tenant_id,
            made.purchase_order_id,
            PurchaseOrders(purchase_orders=[PurchaseOrder(sent_to_contact=True)]),
        )
    assert raised.value.reason == (
        "Only AUTHORISED and BILLED purchase orders may have SentToContact updated."
    )
    approved = accounting.update_purchase_order(
        xero.tenant_id,
        made.purchase_order_id,
        PurchaseOrders(purchase_orders=[PurchaseOrder(status="AUTHORISED", sent_to_contact=True)]),
    ).purchase_orders[0]
    assert approved.status == "AUTHORISED" and approved.sent_to_contact
    by_number = accounting.get_purchase_order_by_number(xero.tenant_id, "PO-0001")
    assert by_number.purchase_orders[0].purchase_order_id == made.purchase_order_id
    listed = accounting.get_purchase_orders(
        xero.tenant_id, status="AUTHORISED", date_from="2026-05-31"
    )
    assert len(listed.purchase_orders) == 1
    assert accounting.get_purchase_orders(xero.tenant_id, status="DRAFT").purchase_orders == []
    assert accounting.get_journals(xero.tenant_id).journals == []  # no ledger for orders


def test_purchase_order_needs_an_existing_contact(xero: Sandbox, accounting: AccountingApi) -> None:
    order = PurchaseOrder(
        contact=Contact(name="Nobody Yet"), line_items=[LineItem(description="x")]
    )
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_purchase_orders(xero.tenant_id, PurchaseOrders(purchase_orders=[order]))
    assert raised.value.reason == "Contact with Name Nobody Yet could not be found."
