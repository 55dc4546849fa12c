"""Realistic sample payloads for every entity: a small Australian bike shop that charges GST.

`sample(entity, refs)` returns a fresh JSON-ready payload that loads cleanly. Tests,
API tests and benchmarks use these; references come from `refs` (target entity ->
hub id) or are new random UUIDs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

RefFn = Callable[[str], str]
Payload = dict[str, Any]


def sample(entity: str, refs: dict[str, str] | None = None) -> Payload:
    """A valid payload for `entity`, references filled from `refs` or random."""
    try:
        build = _BUILDERS[entity]
    except KeyError:
        raise KeyError(f"No sample for entity {entity!r}.") from None
    given = refs or {}

    def ref(target: str) -> str:
        return given.get(target) or str(uuid.uuid4())

    return build(ref)


def _address(kind: str, lines: list[str], city: str, region: str, postcode: str) -> Payload:
    return {
        "type": kind,
        "lines": lines,
        "city": city,
        "region": region,
        "postal_code": postcode,
        "country": "Australia",
        "country_code": "AU",
    }


def _company(ref: RefFn) -> Payload:
    return {
        "name": "Harbour Bikes",
        "legal_name": "Harbour Bikes Pty Ltd",
        "base_currency": "AUD",
        "country_code": "AU",
        "timezone": "Australia/Sydney",
        "tax_number": "51 824 753 556",
        "financial_year_end": {"day": 30, "month": 6},
        "period_lock_date": "2023-06-30",
        "addresses": [
            _address("SHIPPING", ["12 Wharf Street"], "Pyrmont", "NSW", "2009"),
            _address("BILLING", ["PO Box 381"], "Pyrmont", "NSW", "2009"),
        ],
        "phones": [
            {"type": "DEFAULT", "number": "9660 1234", "area_code": "02", "country_code": "61"}
        ],
        "email": "accounts@harbourbikes.com.au",
        "website": "https://harbourbikes.com.au",
    }


def _tax_code(ref: RefFn) -> Payload:
    return {
        "name": "GST on Income",
        "code": "OUTPUT",
        "rate": "10.0000",
        "components": [{"name": "GST", "rate": "10.0000", "is_compound": False}],
        "applies_to_sales": True,
        "applies_to_purchases": False,
        "status": "ACTIVE",
    }


def _account(ref: RefFn) -> Payload:
    return {
        "code": "200",
        "name": "Sales",
        "type": "SALES",
        "class": "REVENUE",
        "description": "Income from bikes, parts and servicing",
        "currency": "AUD",
        "tax_code_id": ref("tax_codes"),
        "status": "ACTIVE",
    }


def _tracking_category(ref: RefFn) -> Payload:
    return {
        "name": "Region",
        "status": "ACTIVE",
        "options": [
            {"name": "North", "status": "ACTIVE"},
            {"name": "South", "status": "ACTIVE"},
            {"name": "Online", "status": "ARCHIVED"},
        ],
    }


def _contact(ref: RefFn) -> Payload:
    return {
        "kind": "ORGANIZATION",
        "name": "Northside Cycling Club Inc",
        "contact_number": "CUST-0042",
        "tax_number": "53 004 085 616",
        "status": "ACTIVE",
        "is_customer": True,
        "is_supplier": False,
        "emails": [{"type": "PRIMARY", "address": "treasurer@northsidecc.org.au"}],
        "phones": [
            {"type": "DEFAULT", "number": "9411 2277", "area_code": "02", "country_code": "61"},
            {"type": "MOBILE", "number": "0412 555 019"},
        ],
        "addresses": [
            _address("BILLING", ["PO Box 77"], "Chatswood", "NSW", "2067"),
            _address("SHIPPING", ["Clubhouse", "3 Victoria Avenue"], "Chatswood", "NSW", "2067"),
        ],
        "people": [
            {
                "first_name": "Priya",
                "last_name": "Raman",
                "email": "treasurer@northsidecc.org.au",
                "job_title": "Treasurer",
                "is_primary": True,
                "include_in_emails": True,
            },
            {
                "first_name": "Tom",
                "last_name": "O'Neill",
                "email": "tom.oneill@northsidecc.org.au",
                "phones": [{"type": "MOBILE", "number": "0400 118 226"}],
                "include_in_emails": False,
            },
        ],
        "website": "https://northsidecc.org.au",
        "default_currency": "AUD",
        "sales_defaults": {
            "account_id": ref("accounts"),
            "tax_code_id": ref("tax_codes"),
            "line_amount_type": "EXCLUSIVE",
            "payment_terms": {"day": 14, "type": "DAYS_AFTER_BILL_DATE"},
        },
        "tags": ["Clubs"],
    }


def _item(ref: RefFn) -> Payload:
    return {
        "code": "BIKE-RD-54",
        "name": "Road bike 54cm",
        "description": "Aluminium road bike, 54cm frame, Shimano 105",
        "purchase_description": "Road bike 54cm (supplier SKU TR-105-54)",
        "type": "PRODUCT",
        "unit": "each",
        "status": "ACTIVE",
        "is_sold": True,
        "is_purchased": True,
        "sale": {
            "unit_price": "1250.00",
            "currency": "AUD",
            "tax_inclusive": False,
            "tax_code_id": ref("tax_codes"),
            "account_id": ref("accounts"),
        },
        "purchase": {
            "unit_price": "780.00",
            "currency": "AUD",
            "tax_inclusive": False,
            "tax_code_id": ref("tax_codes"),
            "cogs_account_id": ref("accounts"),
        },
        "is_tracked_as_inventory": True,
        "inventory_asset_account_id": ref("accounts"),
        "quantity_on_hand": "14",
    }


def _employee(ref: RefFn) -> Payload:
    return {
        "title": "Ms",
        "first_name": "Jane",
        "last_name": "Citizen",
        "employee_number": "E007",
        "email": "jane.citizen@harbourbikes.com.au",
        "birth_date": "1991-04-23",
        "gender": "FEMALE",
        "phones": [{"type": "MOBILE", "number": "0421 300 777"}],
        "address": _address("OTHER", ["4/18 Harris Street"], "Ultimo", "NSW", "2007"),
        "job_title": "Workshop mechanic",
        "start_date": "2021-02-01",
        "status": "ACTIVE",
        "pay_frequency": "FORTNIGHTLY",
        "salary": [
            {
                "name": "Base salary",
                "pay_item": "Ordinary Hours",
                "annual_amount": "78000.00",
                "hours_per_week": "38",
                "currency": "AUD",
                "effective_from": "2023-07-01",
            }
        ],
        "pay_items": [
            {
                "name": "Ordinary Hours",
                "type": "EARNINGS",
                "earnings_type": "ORDINARY",
                "rate_type": "RATE_PER_UNIT",
                "rate_per_unit": "39.47",
                "unit_type": "Hours",
                "account_id": ref("accounts"),
            },
            {
                "name": "Overtime Hours (1.5x)",
                "type": "EARNINGS",
                "earnings_type": "OVERTIME",
                "rate_type": "MULTIPLE",
                "multiplier": "1.5",
                "unit_type": "Hours",
                "account_id": ref("accounts"),
            },
        ],
    }


def _line(
    ref: RefFn, description: str, quantity: str, price: str, amount: str, tax: str, **extra: Any
) -> Payload:
    return {
        "item_id": ref("items"),
        "description": description,
        "quantity": quantity,
        "unit_price": price,
        **extra,
        "account_id": ref("accounts"),
        "tax_code_id": ref("tax_codes"),
        "tax_amount": tax,
        "line_amount": amount,
    }


def _invoice(ref: RefFn) -> Payload:
    north = [{"category_id": ref("tracking_categories"), "option": "North"}]
    return {
        "type": "SALES",
        "number": "INV-0107",
        "reference": "Club fleet order",
        "contact_id": ref("contacts"),
        "issue_date": "2024-03-04",
        "due_date": "2024-03-18",
        "status": "AUTHORISED",
        "currency": "AUD",
        "currency_rate": "1.000000",
        "line_amount_type": "EXCLUSIVE",
        "lines": [
            _line(
                ref,
                "Road bike 54cm",
                "2",
                "1250.00",
                "2250.00",
                "225.00",
                discount_rate="10",
                tracking=north,
            ),
            _line(ref, "Helmet, MIPS, size M", "3", "89.95", "269.85", "26.99", tracking=north),
            _line(ref, "Assembly and safety check (hours)", "1.5", "80.00", "120.00", "12.00"),
        ],
        "subtotal": "2639.85",
        "total_discount": "250.00",
        "total_tax": "263.99",
        "total": "2903.84",
        "amount_paid": "1000.00",
        "amount_credited": "0.00",
        "amount_due": "1903.84",
        "billing_address": _address("BILLING", ["PO Box 77"], "Chatswood", "NSW", "2067"),
        "sent_to_contact": True,
    }


def _credit_note(ref: RefFn) -> Payload:
    return {
        "type": "SALES",
        "number": "CN-0012",
        "reference": "Returned helmet",
        "contact_id": ref("contacts"),
        "issue_date": "2024-03-08",
        "status": "PAID",
        "currency": "AUD",
        "currency_rate": "1.000000",
        "line_amount_type": "EXCLUSIVE",
        "lines": [_line(ref, "Helmet, MIPS, size M (returned)", "1", "89.95", "89.95", "9.00")],
        "subtotal": "89.95",
        "total_tax": "9.00",
        "total": "98.95",
        "remaining_credit": "0.00",
        "allocations": [{"invoice_id": ref("invoices"), "amount": "98.95", "date": "2024-03-08"}],
    }


def _purchase_order(ref: RefFn) -> Payload:
    return {
        "number": "PO-0031",
        "reference": "Spring restock",
        "contact_id": ref("contacts"),
        "issue_date": "2024-03-01",
        "delivery_date": "2024-03-15",
        "status": "AUTHORISED",
        "currency": "AUD",
        "line_amount_type": "EXCLUSIVE",
        "lines": [
            _line(ref, "Helmet, MIPS, size M", "10", "45.00", "450.00", "45.00"),
            _line(ref, "Inner tube 700x25c", "5", "6.50", "32.50", "3.25"),
        ],
        "subtotal": "482.50",
        "total_tax": "48.25",
        "total": "530.75",
        "delivery_address": _address("SHIPPING", ["12 Wharf Street"], "Pyrmont", "NSW", "2009"),
        "attention_to": "Workshop",
        "delivery_instructions": "Rear loading dock, before 10am",
    }


def _payment(ref: RefFn) -> Payload:
    return {
        "type": "RECEIVE",
        "date": "2024-03-06",
        "status": "AUTHORISED",
        "account_id": ref("accounts"),
        "contact_id": ref("contacts"),
        "currency": "AUD",
        "currency_rate": "1.000000",
        "amount": "1000.00",
        "reference": "EFT NCC deposit",
        "method": "Bank transfer",
        "is_reconciled": False,
        "lines": [{"invoice_id": ref("invoices"), "amount": "1000.00"}],
    }


def _journal(ref: RefFn) -> Payload:
    return {
        "source": "MANUAL",
        "date": "2024-03-31",
        "narration": "Accrue March electricity and gas",
        "status": "POSTED",
        "line_amount_type": "NONE",
        "lines": [
            {"account_id": ref("accounts"), "description": "Electricity", "amount": "184.20"},
            {
                "account_id": ref("accounts"),
                "description": "Gas",
                "amount": "65.80",
                "tracking": [{"category_id": ref("tracking_categories"), "option": "South"}],
            },
            {"account_id": ref("accounts"), "description": "Accrued expenses", "amount": "-250.00"},
        ],
    }


def _timesheet(ref: RefFn) -> Payload:
    return {
        "employee_id": ref("employees"),
        "start_date": "2024-03-04",
        "end_date": "2024-03-10",
        "status": "APPROVED",
        "total_hours": "41.5",
        "lines": [
            {
                "pay_item": "Ordinary Hours",
                "project": "Workshop",
                "description": "Servicing",
                "tracking": [{"category_id": ref("tracking_categories"), "option": "North"}],
                "hours": ["7.6", "7.6", "7.6", "7.6", "7.6", "0", "0"],
            },
            {
                "pay_item": "Overtime Hours (1.5x)",
                "project": "Workshop",
                "task": "Club fleet assembly",
                "hours": ["0", "0", "2", "0", "1.5", "0", "0"],
            },
        ],
    }


_BUILDERS: dict[str, Callable[[RefFn], Payload]] = {
    "company": _company,
    "tax_codes": _tax_code,
    "accounts": _account,
    "tracking_categories": _tracking_category,
    "contacts": _contact,
    "items": _item,
    "employees": _employee,
    "invoices": _invoice,
    "credit_notes": _credit_note,
    "purchase_orders": _purchase_order,
    "payments": _payment,
    "journals": _journal,
    "timesheets": _timesheet,
}
