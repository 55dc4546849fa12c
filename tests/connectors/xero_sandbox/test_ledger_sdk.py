"""Manual journals and the generated general ledger (Journals) through xero-python."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from xero_python.accounting import AccountingApi
from xero_python.accounting.models import (
    Account,
    Contact,
    Invoice,
    Invoices,
    LineItem,
    ManualJournal,
    ManualJournalLine,
    ManualJournals,
    Payment,
)
from xero_python.exceptions import AccountingBadRequestException

if TYPE_CHECKING:
    from conftest import Sandbox


def journal(*amounts: tuple[str, str], status: str = "POSTED", **fields: object) -> ManualJournal:
    lines = [
        ManualJournalLine(line_amount=Decimal(a), account_code=c, description="x")
        for a, c in amounts
    ]
    return ManualJournal(
        narration="Accrual", journal_lines=lines, status=status, date=date(2026, 5, 1), **fields
    )


def test_posted_journal_must_balance(xero: Sandbox, accounting: AccountingApi) -> None:
    unbalanced = ManualJournals(manual_journals=[journal(("100", "400"), ("-10", "260"))])
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_manual_journals(xero.tenant_id, unbalanced)
    assert raised.value.reason == "The total debits (100.00) must equal total credits (-10.00)"
    balanced = ManualJournals(manual_journals=[journal(("100", "400"), ("-100", "260"))])
    made = accounting.create_manual_journals(xero.tenant_id, balanced).manual_journals[0]
    assert made.status == "POSTED" and made.status_attribute_string == "OK"
    assert made.line_amount_types.value == "NoTax" and made.show_on_cash_basis_reports


def test_unknown_account_line_is_dropped_with_a_warning(
    xero: Sandbox, accounting: AccountingApi
) -> None:
    body = ManualJournals(
        manual_journals=[journal(("50", "400"), ("-50", "260"), ("0", "476"), status="DRAFT")]
    )
    made = accounting.create_manual_journals(xero.tenant_id, body).manual_journals[0]
    assert made.status_attribute_string == "WARNING"
    assert made.warnings[0].message == (
        "Account code ''476'' has been removed as it does not match a recognised account."
    )
    assert len(made.journal_lines) == 2


def test_journal_cannot_touch_bank_or_receivables(xero: Sandbox, accounting: AccountingApi) -> None:
    body = ManualJournals(manual_journals=[journal(("10", "090"), ("-10", "260"))])
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.create_manual_journals(xero.tenant_id, body)
    assert raised.value.reason == "Account code '090' cannot be used in a manual journal."


def test_update_void_and_list_manual_journals(xero: Sandbox, accounting: AccountingApi) -> None:
    body = ManualJournals(manual_journals=[journal(("20", "400"), ("-20", "260"), status="DRAFT")])
    draft = accounting.create_manual_journals(xero.tenant_id, body).manual_journals[0]
    time.sleep(0.002)
    post = ManualJournals(manual_journals=[ManualJournal(status="POSTED", narration="Posted")])
    posted = accounting.update_manual_journal(
        xero.tenant_id, draft.manual_journal_id, post
    ).manual_journals[0]
    assert posted.status == "POSTED" and posted.narration == "Posted"
    changed = accounting.get_manual_journals(
        xero.tenant_id, if_modified_since=draft.updated_date_utc
    )
    assert [m.manual_journal_id for m in changed.manual_journals] == [draft.manual_journal_id]
    void = ManualJournals(manual_journals=[ManualJournal(status="VOIDED", narration="Posted")])
    accounting.update_manual_journal(xero.tenant_id, draft.manual_journal_id, void)
    again = ManualJournals(manual_journals=[ManualJournal(status="POSTED", narration="Posted")])
    with pytest.raises(AccountingBadRequestException) as raised:
        accounting.update_manual_journal(xero.tenant_id, draft.manual_journal_id, again)
    assert raised.value.reason == "Manual Journal not of valid status for modification"
    paged = accounting.get_manual_journals(xero.tenant_id, page=1)
    assert paged.pagination.item_count == 1


def test_ledger_records_invoices_and_payments(xero: Sandbox, accounting: AccountingApi) -> None:
    invoice = Invoice(
        type="ACCREC",
        contact=Contact(name="Ledger Customer"),
        status="AUTHORISED",
        date=date(2026, 5, 2),
        line_items=[
            LineItem(
                description="Goods",
                quantity=Decimal(4),
                unit_amount=Decimal(10),
                account_code="200",
                tax_type="OUTPUT",
            )
        ],
    )
    made = accounting.create_invoices(xero.tenant_id, Invoices(invoices=[invoice])).invoices[0]
    accounting.create_payment(
        xero.tenant_id,
        Payment(
            invoice=Invoice(invoice_id=made.invoice_id),
            account=Account(code="090"),
            amount=Decimal(44),
            date=date(2026, 5, 3),
        ),
    )
    journals = accounting.get_journals(xero.tenant_id).journals
    assert [j.journal_number for j in journals] == [1, 2]
    sale, receipt = journals
    assert (sale.source_type, sale.source_id) == ("ACCREC", made.invoice_id)
    lines = {line.account_code: line for line in sale.journal_lines}
    assert lines["610"].net_amount == Decimal("44")
    assert lines["200"].net_amount == Decimal("-40") and lines["200"].tax_amount == Decimal("-4")
    assert lines["200"].gross_amount == Decimal("-44")
    assert lines["820"].net_amount == Decimal("-4")
    assert sum(line.net_amount for line in sale.journal_lines) == 0
    assert {line.account_code: line.net_amount for line in receipt.journal_lines} == {
        "090": Decimal("44"),
        "610": Decimal("-44"),
    }
    payments_only = accounting.get_journals(xero.tenant_id, payments_only=True).journals
    assert [j.source_type for j in payments_only] == ["ACCRECPAYMENT"]
    single = accounting.get_journal_by_number(xero.tenant_id, 1).journals[0]
    assert single.journal_id == sale.journal_id and single.source_type is None

    draft = Invoice(
        type="ACCREC",
        contact=Contact(name="Ledger Customer"),
        line_items=[
            LineItem(
                description="Later", quantity=Decimal(1), unit_amount=Decimal(5), account_code="200"
            )
        ],
    )
    accounting.create_invoices(xero.tenant_id, Invoices(invoices=[draft]))
    assert accounting.get_journals(xero.tenant_id, offset=2).journals == []  # drafts post nothing


def test_journals_page_by_offset_100_at_a_time(xero: Sandbox, accounting: AccountingApi) -> None:
    many = ManualJournals(
        manual_journals=[journal(("1", "400"), ("-1", "260")) for _ in range(130)]
    )
    accounting.create_manual_journals(xero.tenant_id, many)
    first = accounting.get_journals(xero.tenant_id).journals
    assert len(first) == 100 and first[-1].journal_number == 100
    rest = accounting.get_journals(xero.tenant_id, offset=first[-1].journal_number).journals
    assert [j.journal_number for j in rest] == list(range(101, 131))
    assert all(j.source_type == "MANJOURNAL" for j in rest)


def test_journals_need_the_journals_scope(xero: Sandbox) -> None:
    from connectors.xero import sandbox

    token = sandbox.issue_token(xero.app, [xero.tenant_id], "accounting.transactions")
    answer = xero.get("/Journals", headers=xero.headers(token=token["access_token"]))
    assert answer.status_code == 401
