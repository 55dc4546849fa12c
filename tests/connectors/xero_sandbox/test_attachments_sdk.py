"""Attachments on invoices through xero-python: upload, list, download, replace, limits."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from xero_python.accounting import AccountingApi
from xero_python.accounting.models import Contact, Invoice, Invoices, LineItem
from xero_python.exceptions import HTTPStatusException

from connectors.xero import sandbox

if TYPE_CHECKING:
    from conftest import Sandbox

PDF = b"%PDF-1.4\n% a tiny receipt\n" + bytes(range(256))


@pytest.fixture
def sandbox_config() -> dict[str, Any]:
    return {"attachment_max_bytes": 4096}


@pytest.fixture
def invoice(xero: Sandbox, accounting: AccountingApi) -> Invoice:
    draft = Invoice(
        type="ACCREC",
        contact=Contact(name="Attached Co"),
        line_items=[
            LineItem(
                description="Thing", quantity=Decimal(1), unit_amount=Decimal(5), account_code="200"
            )
        ],
    )
    return accounting.create_invoices(xero.tenant_id, Invoices(invoices=[draft])).invoices[0]


def test_upload_list_and_download(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    made = accounting.create_invoice_attachment_by_file_name(
        xero.tenant_id, invoice.invoice_id, "receipt.pdf", PDF, include_online=True
    ).attachments[0]
    assert (made.file_name, made.mime_type, made.content_length) == (
        "receipt.pdf",
        "application/pdf",
        len(PDF),
    )
    assert made.include_online is True
    assert made.url.endswith(f"/Invoices/{invoice.invoice_id}/Attachments/receipt.pdf")
    listed = accounting.get_invoice_attachments(xero.tenant_id, invoice.invoice_id).attachments
    assert [a.attachment_id for a in listed] == [made.attachment_id]
    path = accounting.get_invoice_attachment_by_id(
        xero.tenant_id, invoice.invoice_id, made.attachment_id, "application/pdf"
    )
    try:
        with open(path, "rb") as handle:
            assert handle.read() == PDF
    finally:
        os.remove(path)
    again = accounting.get_invoice(xero.tenant_id, invoice.invoice_id).invoices[0]
    assert again.has_attachments


def test_post_replaces_a_file_of_the_same_name(
    xero: Sandbox, accounting: AccountingApi, invoice: Invoice
) -> None:
    first = accounting.create_invoice_attachment_by_file_name(
        xero.tenant_id, invoice.invoice_id, "notes.txt", b"first"
    ).attachments[0]
    second = accounting.update_invoice_attachment_by_file_name(
        xero.tenant_id, invoice.invoice_id, "notes.txt", b"second version"
    ).attachments[0]
    assert second.attachment_id == first.attachment_id and second.content_length == 14
    answer = xero.get(f"/Invoices/{invoice.invoice_id}/Attachments/notes.txt")
    assert answer.content == b"second version"
    assert answer.headers["Content-Type"].startswith("text/plain")


def test_too_large_and_unknown(xero: Sandbox, accounting: AccountingApi, invoice: Invoice) -> None:
    with pytest.raises(HTTPStatusException) as raised:
        accounting.create_invoice_attachment_by_file_name(
            xero.tenant_id, invoice.invoice_id, "big.bin", b"x" * 5000
        )
    assert raised.value.status == 413
    missing = xero.get(f"/Invoices/{invoice.invoice_id}/Attachments/none.pdf")
    assert missing.status_code == 404


def test_attachments_need_their_scope(xero: Sandbox, invoice: Invoice) -> None:
    token = sandbox.issue_token(xero.app, [xero.tenant_id], "accounting.transactions")
    answer = xero.get(
        f"/Invoices/{invoice.invoice_id}/Attachments",
        headers=xero.headers(token=token["access_token"]),
    )
    assert answer.status_code == 401
