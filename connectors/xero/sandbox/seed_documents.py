"""Seeded trading: invoices and bills, credits, payments, journals and purchase orders."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from . import creditnotes, dates, documents, manualjournals, payments, purchaseorders, seed_data
from .doc_kinds import CREDIT_NOTE, INVOICE, outstanding
from .store import Org, Record

SEED_CLIENT = "seed"  # recorded as the app that created seeded documents


def money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _lines(
    rng: random.Random, sale: bool, codes: list[str], options: dict[str, list[str]]
) -> list[Record]:
    lines = []
    for _ in range(rng.randint(1, 4)):
        if sale and rng.random() < 0.5:
            line: Record = {"ItemCode": rng.choice(codes), "Quantity": rng.randint(1, 20)}
        elif sale:
            line = {
                "Description": rng.choice(seed_data.SERVICES),
                "Quantity": rng.randint(1, 10),
                "UnitAmount": money(rng, 40, 900),
                "AccountCode": rng.choice(("200", "260")),
            }
        else:
            line = {
                "Description": rng.choice(seed_data.SERVICES + tuple(seed_data.PRODUCTS)),
                "Quantity": 1,
                "UnitAmount": money(rng, 20, 3000),
                "AccountCode": rng.choice(seed_data.EXPENSE_CODES),
            }
        if rng.random() < 0.4:
            name = rng.choice(sorted(options))
            line["Tracking"] = [{"Name": name, "Option": rng.choice(options[name])}]
        lines.append(line)
    return lines


def _settle(org: Org, rng: random.Random, doc: Record, today: date) -> None:
    """Credit some invoices, then pay most of those past due and some of the rest."""
    if doc["Status"] != "AUTHORISED":
        return
    if rng.random() < 0.03:
        credit_type = "ACCRECCREDIT" if doc["Type"] == "ACCREC" else "ACCPAYCREDIT"
        amount = (doc["SubTotal"] * Decimal(rng.randint(10, 30)) / 100).quantize(Decimal("0.01"))
        note = documents.save(
            CREDIT_NOTE,
            org,
            {
                "Type": credit_type,
                "Contact": {"ContactID": doc["_contact_id"]},
                "Date": doc["Date"],
                "Status": "AUTHORISED",
                "LineAmountTypes": "NoTax",
                "LineItems": [
                    {
                        "Description": "Credit for returned goods",
                        "Quantity": 1,
                        "UnitAmount": amount,
                        "AccountCode": doc["LineItems"][0]["AccountCode"],
                    }
                ],
            },
            True,
            None,
            SEED_CLIENT,
        )
        creditnotes.allocate(
            org,
            note,
            {
                "Invoice": {"InvoiceID": doc["InvoiceID"]},
                "Amount": min(note["Total"], outstanding(doc)),
                "Date": min(doc["Date"] + timedelta(days=3), today),
            },
        )
    if doc["Status"] != "AUTHORISED":  # the credit may have settled it
        return
    overdue = doc.get("DueDate") is not None and doc["DueDate"] < today
    roll = rng.random()
    if roll < (0.9 if overdue else 0.35):
        amount = outstanding(doc)
    elif roll < (0.95 if overdue else 0.45):
        amount = (outstanding(doc) * Decimal(rng.randint(30, 70)) / 100).quantize(Decimal("0.01"))
    else:
        return
    paid_on = min(doc["Date"] + timedelta(days=rng.randint(0, 45)), today)
    payments.create(
        org,
        {
            "Invoice": {"InvoiceID": doc["InvoiceID"]},
            "Account": {"Code": "090"},
            "Amount": amount,
            "Date": paid_on,
            "Reference": "Direct credit",
        },
    )


def invoices(
    org: Org,
    rng: random.Random,
    count: int,
    customers: list[str],
    suppliers: list[str],
    codes: list[str],
    options: dict[str, list[str]],
) -> None:
    today = dates.today()
    for _ in range(count):
        sale = rng.random() < 0.75
        issued = today - timedelta(days=rng.randint(0, 365))
        roll = rng.random()
        status = "DRAFT" if roll < 0.04 else "SUBMITTED" if roll < 0.06 else "AUTHORISED"
        element = {
            "Type": "ACCREC" if sale else "ACCPAY",
            "Contact": {"ContactID": rng.choice(customers if sale else suppliers)},
            "Date": issued,
            "DueDate": issued + timedelta(days=rng.choice((7, 14, 30))),
            "Status": status,
            "LineItems": _lines(rng, sale, codes, options),
            "Reference": f"PO {rng.randint(1000, 9999)}" if sale else None,
        }
        if not sale:
            element["InvoiceNumber"] = f"SUP-{rng.randint(10000, 99999)}"
        doc = documents.save(INVOICE, org, element, True, None, SEED_CLIENT)
        if status == "AUTHORISED" and roll > 0.98:
            documents.save(INVOICE, org, {"Status": "VOIDED"}, False, doc["InvoiceID"], SEED_CLIENT)
            continue
        _settle(org, rng, doc, today)


def journals_and_orders(org: Org, rng: random.Random, suppliers: list[str], orders: int) -> None:
    today = dates.today()
    for months in range(12, 0, -1):
        amount = money(rng, 200, 1500)
        manualjournals.save(
            org,
            {
                "Narration": "Monthly depreciation",
                "Status": "POSTED",
                "Date": today - timedelta(days=30 * months),
                "JournalLines": [
                    {"LineAmount": amount, "AccountCode": "416"},
                    {"LineAmount": -amount, "AccountCode": "711"},
                ],
            },
            create_only=True,
        )
    for _ in range(orders):
        purchaseorders.save(
            org,
            {
                "Contact": {"ContactID": rng.choice(suppliers)},
                "Date": today - timedelta(days=rng.randint(0, 90)),
                "Status": rng.choice(("DRAFT", "SUBMITTED", "AUTHORISED")),
                "LineItems": [
                    {
                        "Description": rng.choice(seed_data.PRODUCTS),
                        "Quantity": rng.randint(1, 50),
                        "UnitAmount": money(rng, 2, 80),
                        "AccountCode": "300",
                    }
                ],
            },
            create_only=True,
        )
