"""Payments, journals and the settings Xero keeps: tax rates, accounts, tracking, the company."""

from __future__ import annotations

from typing import Any

from . import values
from .lookups import Lookups
from .mapping_lines import LINE_AMOUNT_TYPES, LINE_AMOUNT_TYPES_OUT, blank, tracking_in

# Money comes in for customer payments and supplier refunds, goes out for the others.
RECEIVING = {"ACCRECPAYMENT", "APCREDITPAYMENT", "ARPREPAYMENTPAYMENT", "AROVERPAYMENTPAYMENT"}
ACCOUNT_TYPES = {
    "BANK": "BANK",
    "CURRENT": "CURRENT_ASSET",
    "FIXED": "FIXED_ASSET",
    "INVENTORY": "INVENTORY",
    "NONCURRENT": "NON_CURRENT_ASSET",
    "PREPAYMENT": "PREPAYMENT",
    "CURRLIAB": "CURRENT_LIABILITY",
    "LIABILITY": "LIABILITY",
    "TERMLIAB": "NON_CURRENT_LIABILITY",
    "PAYG": "PAYG_LIABILITY",
    "EQUITY": "EQUITY",
    "REVENUE": "REVENUE",
    "SALES": "SALES",
    "OTHERINCOME": "OTHER_INCOME",
    "EXPENSE": "EXPENSE",
    "OVERHEADS": "OVERHEADS",
    "DIRECTCOSTS": "DIRECT_COSTS",
    "DEPRECIATN": "DEPRECIATION",
}
BANK_TYPES = {"BANK": "BANK", "CREDITCARD": "CREDIT_CARD", "PAYPAL": "PAYPAL", "NONE": "OTHER"}
SOURCES = {
    **dict.fromkeys(["ACCREC", "ACCPAY"], "invoice_id"),
    **dict.fromkeys(["ACCRECCREDIT", "ACCPAYCREDIT"], "credit_note_id"),
    **dict.fromkeys(["ACCRECPAYMENT", "ACCPAYPAYMENT", "ARCREDITPAYMENT"], "payment_id"),
    "APCREDITPAYMENT": "payment_id",
}
# Xero's organisation time zones (Windows names) that the canonical IANA field can carry.
TIMEZONES = {
    "AUSEASTERNSTANDARDTIME": "Australia/Sydney",
    "EAUSTRALIASTANDARDTIME": "Australia/Brisbane",
    "CENAUSTRALIASTANDARDTIME": "Australia/Adelaide",
    "WAUSTRALIASTANDARDTIME": "Australia/Perth",
    "TASMANIASTANDARDTIME": "Australia/Hobart",
    "NEWZEALANDSTANDARDTIME": "Pacific/Auckland",
    "GMTSTANDARDTIME": "Europe/London",
    "EASTERNSTANDARDTIME": "America/New_York",
    "PACIFICSTANDARDTIME": "America/Los_Angeles",
}


def payment_in(payment: dict[str, Any]) -> dict[str, Any]:
    document = payment.get("Invoice") or payment.get("CreditNote") or {}
    key = "invoice_id" if payment.get("Invoice") else "credit_note_id"
    document_id = document.get("InvoiceID") or document.get("CreditNoteID")
    amount = values.money(payment.get("Amount"))
    return {
        "type": "RECEIVE" if payment.get("PaymentType") in RECEIVING else "SPEND",
        "date": values.parse_day(payment.get("Date")),
        "status": payment.get("Status"),
        "account_id": (payment.get("Account") or {}).get("AccountID"),
        "contact_id": (document.get("Contact") or {}).get("ContactID"),
        "currency": blank(document.get("CurrencyCode")),
        "currency_rate": values.number(payment.get("CurrencyRate")),
        "amount": amount,
        "bank_amount": values.money(payment.get("BankAmount")),
        "reference": blank(payment.get("Reference")),
        "is_reconciled": bool(payment.get("IsReconciled")),
        "lines": [{key: document_id, "amount": amount}] if document_id else [],
    }


def payment_out(data: dict[str, Any], fallback_account: str | None) -> dict[str, Any]:
    line = (data.get("lines") or [{}])[0]
    body: dict[str, Any] = {
        "Date": data["date"],
        "Amount": values.dec(data.get("amount") or line.get("amount")),
    }
    if line.get("invoice_id"):
        body["Invoice"] = {"InvoiceID": line["invoice_id"]}
    elif line.get("credit_note_id"):
        body["CreditNote"] = {"CreditNoteID": line["credit_note_id"]}
    body["Account"] = (
        {"AccountID": data["account_id"]} if data.get("account_id") else {"Code": fallback_account}
    )
    if data.get("reference"):
        body["Reference"] = data["reference"]
    rate = values.dec(data.get("currency_rate"))
    if rate is not None and rate != 1:
        body["CurrencyRate"] = rate
    if data.get("is_reconciled") is not None:
        body["IsReconciled"] = bool(data["is_reconciled"])
    return body


def _journal_line(line: dict[str, Any], amount_key: str, lk: Lookups) -> dict[str, Any]:
    account_id = line.get("AccountID") or lk.account_id(line.get("AccountCode"))
    return {
        "account_id": account_id,
        "description": blank(line.get("Description")),
        "amount": values.money(line.get(amount_key) or 0),
        "tax_code_id": blank(line.get("TaxType")),
        "tax_amount": values.money(line.get("TaxAmount") or 0),
        "tracking": tracking_in(line.get("TrackingCategories") or line.get("Tracking")),
    }


def journal_in(journal: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    """A journal of Xero's general ledger (generated, read-only)."""
    data: dict[str, Any] = {
        "source": "GENERATED",
        "source_type": blank(journal.get("SourceType")),
        "number": str(journal["JournalNumber"]),
        "reference": blank(journal.get("Reference")),
        "date": values.parse_day(journal.get("JournalDate")),
        "lines": [_journal_line(line, "NetAmount", lk) for line in journal["JournalLines"]],
    }
    source = SOURCES.get(str(journal.get("SourceType")))
    if source and journal.get("SourceID"):
        data[source] = journal["SourceID"]
    return data


def manual_journal_in(journal: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    return {
        "source": "MANUAL",
        "date": values.parse_day(journal.get("Date")),
        "narration": blank(journal.get("Narration")),
        "status": journal.get("Status"),
        "line_amount_type": LINE_AMOUNT_TYPES.get(str(journal.get("LineAmountTypes")), "NONE"),
        "show_on_cash_basis_reports": bool(journal.get("ShowOnCashBasisReports", True)),
        "lines": [_journal_line(line, "LineAmount", lk) for line in journal["JournalLines"]],
    }


def manual_journal_out(data: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Narration": data.get("narration") or data.get("reference") or "Journal from the hub",
        "Date": data["date"],
        "LineAmountTypes": LINE_AMOUNT_TYPES_OUT[data.get("line_amount_type") or "NONE"],
        "JournalLines": [
            {
                "LineAmount": values.dec(line["amount"]),
                "AccountID": line["account_id"],
                "Description": line.get("description") or "",
                **({"TaxType": line["tax_code_id"]} if line.get("tax_code_id") else {}),
                **(
                    {"Tracking": [lk.tracking_entry(t["category_id"], t["option"]) for t in tr]}
                    if (tr := line.get("tracking"))
                    else {}
                ),
            }
            for line in data["lines"]
        ],
    }
    if data.get("show_on_cash_basis_reports") is not None:
        body["ShowOnCashBasisReports"] = bool(data["show_on_cash_basis_reports"])
    return body


def tax_rate_in(rate: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": rate["Name"],
        "code": rate["TaxType"],
        "rate": values.number(rate.get("EffectiveRate") or 0),
        "components": [
            {
                "name": part["Name"],
                "rate": values.number(part.get("Rate") or 0),
                "is_compound": bool(part.get("IsCompound")),
                "is_non_recoverable": bool(part.get("IsNonRecoverable")),
            }
            for part in rate.get("TaxComponents") or []
        ],
        "applies_to_sales": bool(rate.get("CanApplyToRevenue")),
        "applies_to_purchases": bool(rate.get("CanApplyToExpenses")),
        "status": rate.get("Status"),
    }


def account_in(account: dict[str, Any]) -> dict[str, Any]:
    bank = account.get("Type") == "BANK"
    return {
        "code": blank(account.get("Code")),
        "name": account["Name"],
        "type": ACCOUNT_TYPES.get(str(account.get("Type"))),
        "class": account.get("Class"),
        "description": None if bank else blank(account.get("Description")),
        "bank_account_number": blank(account.get("BankAccountNumber")) if bank else None,
        "bank_account_type": BANK_TYPES.get(str(account.get("BankAccountType"))) if bank else None,
        "currency": blank(account.get("CurrencyCode")),
        "tax_code_id": blank(account.get("TaxType")),
        "enable_payments": bool(account.get("EnablePaymentsToAccount")),
        "system_account": blank(account.get("SystemAccount")),
        "reporting_code": blank(account.get("ReportingCode")),
        "status": account.get("Status"),
    }


def tracking_category_in(category: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": category["Name"],
        "status": "ARCHIVED" if category.get("Status") == "ARCHIVED" else "ACTIVE",
        "options": [
            {"name": option["Name"], "status": option.get("Status") or "ACTIVE"}
            for option in category.get("Options") or []
            if option.get("Status") in ("ACTIVE", "ARCHIVED", None)
        ],
    }


def company_in(org: dict[str, Any]) -> dict[str, Any]:
    day, month = org.get("FinancialYearEndDay"), org.get("FinancialYearEndMonth")
    data: dict[str, Any] = {
        "name": org["Name"],
        "legal_name": blank(org.get("LegalName")),
        "base_currency": blank(org.get("BaseCurrency")),
        "country_code": blank(org.get("CountryCode")),
        "tax_number": blank(org.get("TaxNumber")),
        "registration_number": blank(org.get("RegistrationNumber")),
        "financial_year_end": {"day": int(day), "month": int(month)} if day and month else None,
        "period_lock_date": values.parse_day(org.get("PeriodLockDate")),
    }
    zone = TIMEZONES.get(str(org.get("Timezone") or "").upper())
    if zone:
        data["timezone"] = zone
    return data
