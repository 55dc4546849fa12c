"""The general ledger: journals posted for approved documents, payments and manual journals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from . import dates, values
from .store import Org, Record

ZERO = Decimal(0)
# Document type -> (sign of the line accounts, system account of the control line).
DOCUMENTS = {
    "ACCREC": (-1, "DEBTORS"),
    "ACCPAY": (1, "CREDITORS"),
    "ACCRECCREDIT": (1, "DEBTORS"),
    "ACCPAYCREDIT": (-1, "CREDITORS"),
}
# Payment type -> (sign of the bank line, system account of the other side).
PAYMENTS = {
    "ACCRECPAYMENT": (1, "DEBTORS"),
    "ACCPAYPAYMENT": (-1, "CREDITORS"),
    "ARCREDITPAYMENT": (-1, "DEBTORS"),
    "APCREDITPAYMENT": (1, "CREDITORS"),
}
PAYMENT_SOURCES = frozenset(PAYMENTS)


@dataclass
class Entry:
    account: Record
    net: Decimal
    tax: Decimal = ZERO
    tax_type: str | None = None
    description: str | None = None
    tracking: list[Record] = field(default_factory=list)


def _line(org: Org, entry: Entry) -> Record:
    rate = org.tax_rates.get(entry.tax_type or "")
    return {
        "JournalLineID": org.new_id(),
        "AccountID": entry.account["AccountID"],
        "AccountCode": entry.account.get("Code"),
        "AccountType": entry.account["Type"],
        "AccountName": entry.account["Name"],
        "Description": entry.description or "",
        "NetAmount": entry.net,
        "GrossAmount": entry.net + entry.tax,
        "TaxAmount": entry.tax,
        "TaxType": entry.tax_type,
        "TaxName": rate["Name"] if rate else None,
        "TrackingCategories": [
            {
                "Name": t["Name"],
                "Option": t["Option"],
                "TrackingCategoryID": t["TrackingCategoryID"],
                "TrackingOptionID": t["TrackingOptionID"],
            }
            for t in entry.tracking
        ],
    }


def post(
    org: Org,
    source_type: str,
    source_id: str,
    when: date,
    reference: str | None,
    entries: list[Entry],
) -> str:
    """Append a journal with the next JournalNumber; returns its id."""
    journal = {
        "JournalID": org.new_id(),
        "JournalDate": when,
        "JournalNumber": org.next_number("journal"),
        "CreatedDateUTC": dates.now(),
        "Reference": reference or "",
        "SourceID": source_id,
        "SourceType": source_type,
        "JournalLines": [_line(org, e) for e in entries if e.net or e.tax],
    }
    org.journals.append(journal)
    return journal["JournalID"]


def reverse(org: Org, journal_id: str | None) -> None:
    """Cancel a journal by posting its mirror image (voids, edits, deleted payments)."""
    original = next((j for j in reversed(org.journals) if j["JournalID"] == journal_id), None)
    if original is None:
        return
    mirrored = {
        **original,
        "JournalID": org.new_id(),
        "JournalNumber": org.next_number("journal"),
        "CreatedDateUTC": dates.now(),
        "JournalLines": [
            {
                **line,
                "JournalLineID": org.new_id(),
                "NetAmount": -line["NetAmount"],
                "GrossAmount": -line["GrossAmount"],
                "TaxAmount": -line["TaxAmount"],
            }
            for line in original["JournalLines"]
        ],
    }
    org.journals.append(mirrored)


def _base(amount: Decimal, rate: Any) -> Decimal:
    """Foreign-currency amounts in base currency (rate = foreign units per base unit)."""
    return values.money(amount / Decimal(rate)) if rate and Decimal(rate) != 1 else amount


def post_document(org: Org, doc: Record, id_field: str) -> str:
    sign, control = DOCUMENTS[doc["Type"]]
    rate = doc.get("CurrencyRate")
    inclusive = doc["LineAmountTypes"] == "Inclusive"
    entries: list[Entry] = []
    tax_total = ZERO
    for line in doc["LineItems"]:
        account = org.accounts.get(line.get("AccountID") or "")
        if account is None:
            continue
        tax = line["TaxAmount"] if doc["LineAmountTypes"] != "NoTax" else ZERO
        net = line["LineAmount"] - tax if inclusive else line["LineAmount"]
        net, tax = _base(net, rate), _base(tax, rate)
        tax_total += tax
        entries.append(
            Entry(
                account,
                sign * net,
                sign * tax,
                line.get("TaxType"),
                line.get("Description"),
                line.get("Tracking") or [],
            )
        )
    if tax_total:
        entries.append(Entry(org.system_account("GST"), sign * tax_total))
    balance = sum((e.net for e in entries), ZERO)
    entries.append(Entry(org.system_account(control), -balance))
    reference = doc.get("InvoiceNumber") or doc.get("CreditNoteNumber") or doc.get("Reference")
    return post(org, doc["Type"], doc[id_field], doc["Date"], reference, entries)


def post_payment(org: Org, payment: Record, bank: Record) -> str:
    sign, other = PAYMENTS[payment["PaymentType"]]
    amount = _base(payment["Amount"], payment.get("CurrencyRate"))
    entries = [
        Entry(bank, sign * amount, description=payment.get("Reference")),
        Entry(org.system_account(other), -sign * amount),
    ]
    return post(
        org,
        payment["PaymentType"],
        payment["PaymentID"],
        payment["Date"],
        payment.get("Reference"),
        entries,
    )
