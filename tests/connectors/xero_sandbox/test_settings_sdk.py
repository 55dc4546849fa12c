"""Organisation, Accounts, TaxRates and Items through xero-python."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from xero_python.accounting import AccountingApi
from xero_python.accounting.models import (
    Account,
    Accounts,
    AccountType,
    Contact,
    Invoice,
    Invoices,
    Item,
    Items,
    LineItem,
    Purchase,
    TaxComponent,
    TaxRate,
    TaxRates,
)
from xero_python.exceptions import AccountingBadRequestException, NotFoundException

from connectors.xero import sandbox

if TYPE_CHECKING:
    from conftest import Sandbox


@pytest.mark.parametrize(
    ("country", "currency", "code", "sales_tax"),
    [
        ("AU", "AUD", "AU", "OUTPUT"),
        ("NZ", "NZD", "NZ", "OUTPUT2"),
        ("UK", "GBP", "GB", "OUTPUT2"),
        ("US", "USD", "US", "TAX001"),
    ],
)
def test_each_country_has_its_organisation_chart_and_taxes(
    xero: Sandbox,
    api_factory: Callable[..., AccountingApi],
    country: str,
    currency: str,
    code: str,
    sales_tax: str,
) -> None:
    tenant = sandbox.add_organisation(xero.app, f"Org {country}", country)
    api = api_factory(sandbox.issue_token(xero.app, [tenant]))
    org = api.get_organisations(tenant).organisations[0]
    assert (org.base_currency.value, org.country_code.value, org.name) == (
        currency,
        code,
        f"Org {country}",
    )
    accounts = {a.code: a for a in api.get_accounts(tenant).accounts}
    assert accounts["200"].name == "Sales" and accounts["200"].tax_type == sales_tax
    assert accounts["090"].type == AccountType.BANK and accounts["090"].bank_account_number
    assert accounts["610"].system_account == "DEBTORS"
    rates = {r.tax_type: r for r in api.get_tax_rates(tenant).tax_rates}
    assert sales_tax in rates and rates[sales_tax].status == "ACTIVE"


def test_tax_rate_rules(xero: Sandbox, accounting: AccountingApi) -> None:
    gst = accounting.get_tax_rate_by_tax_type(xero.tenant_id, "OUTPUT").tax_rates[0]
    assert gst.effective_rate == Decimal("10") and gst.can_apply_to_revenue
    made = accounting.create_tax_rates(
        xero.tenant_id,
        TaxRates(
            tax_rates=[
                TaxRate(
                    name="Luxury",
                    report_tax_type="OUTPUT",
                    tax_components=[TaxComponent(name="Lux", rate=Decimal("12.5"))],
                )
            ]
        ),
    ).tax_rates[0]
    assert made.tax_type == "TAX001" and made.display_tax_rate == Decimal("12.5")
    listed = accounting.get_tax_rates(xero.tenant_id, where='TaxType=="TAX001"').tax_rates
    assert [r.name for r in listed] == ["Luxury"]
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.update_tax_rate(
            xero.tenant_id, TaxRates(tax_rates=[TaxRate(tax_type="OUTPUT", name="Renamed")])
        )
    assert raised.value.reason == "System tax rates cannot be updated."


def test_account_rules(xero: Sandbox, accounting: AccountingApi) -> None:
    made = accounting.create_account(
        xero.tenant_id, Account(code="201", name="Online Sales", type=AccountType.REVENUE)
    ).accounts[0]
    assert made._class == "REVENUE" and made.status == "ACTIVE"
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_account(
            xero.tenant_id, Account(code="12345678901", name="Long", type=AccountType.EXPENSE)
        )
    assert raised.value.reason == "Account Code is too long. Maximum of 10 characters allowed"
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_account(
            xero.tenant_id, Account(code="202", name="Sales", type=AccountType.REVENUE)
        )
    assert raised.value.reason == "Please enter a unique Name."
    archived = accounting.update_account(
        xero.tenant_id, made.account_id, Accounts(accounts=[Account(status="ARCHIVED")])
    ).accounts[0]
    assert archived.status == "ARCHIVED" and archived.code == "201"
    banks = accounting.get_accounts(xero.tenant_id, where='Type=="BANK"').accounts
    assert sorted(a.code for a in banks) == ["090", "091"]
    deleted = accounting.delete_account(xero.tenant_id, made.account_id).accounts[0]
    assert deleted.status == "DELETED"
    with pytest.raises(NotFoundException):
        accounting.get_account(xero.tenant_id, made.account_id)


def test_items_round_trip_with_unitdp(xero: Sandbox, accounting: AccountingApi) -> None:
    item = Item(
        code="W-1",
        name="Widget",
        description="A widget",
        sales_details=Purchase(
            unit_price=Decimal("12.3456"), account_code="200", tax_type="OUTPUT"
        ),
        purchase_details=Purchase(unit_price=Decimal("5"), account_code="300", tax_type="INPUT"),
        quantity_on_hand=Decimal("99"),
    )
    made = accounting.create_items(xero.tenant_id, Items(items=[item])).items[0]
    assert made.sales_details.unit_price == Decimal("12.35")
    assert made.quantity_on_hand is None  # read-only: ignored on input
    four = accounting.get_item(xero.tenant_id, made.item_id, unitdp=4).items[0]
    assert four.sales_details.unit_price == Decimal("12.3456")
    by_code = accounting.get_item(xero.tenant_id, "W-1").items[0]
    assert by_code.item_id == made.item_id

    not_sold = accounting.update_item(
        xero.tenant_id, made.item_id, Items(items=[Item(code="W-1", is_sold=False)])
    ).items[0]
    assert not_sold.is_sold is False and not_sold.description is None
    assert not_sold.sales_details.unit_price is None

    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_items(xero.tenant_id, Items(items=[Item(code="w-1", name="Dup")]))
    assert raised.value.reason == "Price List Item with Code ''w-1'' already exists"

    accounting.delete_item(xero.tenant_id, made.item_id)
    assert accounting.get_items(xero.tenant_id).items == []


def test_item_tax_and_account_checks(xero: Sandbox, accounting: AccountingApi) -> None:
    bad_account = Item(code="B-1", sales_details=Purchase(account_code="999"))
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_items(xero.tenant_id, Items(items=[bad_account]))
    assert raised.value.reason == "Account code '999' is not a valid code for this document."
    wrong_side = Item(code="B-2", sales_details=Purchase(account_code="200", tax_type="INPUT"))
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_items(xero.tenant_id, Items(items=[wrong_side]))
    assert raised.value.reason == "The TaxType code 'INPUT' cannot be used with account code '200'"


def test_tracked_item_is_derived(xero: Sandbox, accounting: AccountingApi) -> None:
    item = Item(
        code="T-1",
        inventory_asset_account_code="630",
        purchase_details=Purchase(cogs_account_code="310", unit_price=Decimal("4")),
    )
    made = accounting.create_items(xero.tenant_id, Items(items=[item])).items[0]
    assert made.is_tracked_as_inventory and made.quantity_on_hand == 0
    listed = accounting.get_items(xero.tenant_id, where="IsTrackedAsInventory==true").items
    assert [i.code for i in listed] == ["T-1"]


def test_tracked_stock_moves_with_approved_documents(
    xero: Sandbox, accounting: AccountingApi
) -> None:
    item = Item(
        code="S-1",
        inventory_asset_account_code="630",
        sales_details=Purchase(unit_price=Decimal("9"), account_code="200"),
        purchase_details=Purchase(cogs_account_code="310", unit_price=Decimal("4")),
    )
    accounting.create_items(xero.tenant_id, Items(items=[item]))
    bill = Invoice(
        type="ACCPAY",
        contact=Contact(name="Stockist"),
        status="AUTHORISED",
        line_items=[LineItem(item_code="S-1", quantity=Decimal(10))],
    )
    sale = Invoice(
        type="ACCREC",
        contact=Contact(name="Shopper"),
        status="AUTHORISED",
        line_items=[LineItem(item_code="S-1", quantity=Decimal(4))],
    )
    accounting.create_invoices(xero.tenant_id, Invoices(invoices=[bill, sale]))
    stock = accounting.get_item(xero.tenant_id, "S-1").items[0]
    assert stock.quantity_on_hand == Decimal(6) and stock.total_cost_pool == Decimal("24")
