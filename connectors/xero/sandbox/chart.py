"""Per-country defaults: organisation settings, tax rates and Xero's default chart."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# Account Type -> read-only Class (the reference's inferred mapping).
ACCOUNT_CLASS = {
    **dict.fromkeys(["BANK", "CURRENT", "FIXED", "INVENTORY", "NONCURRENT", "PREPAYMENT"], "ASSET"),
    **dict.fromkeys(["CURRLIAB", "LIABILITY", "TERMLIAB", "PAYG"], "LIABILITY"),
    "EQUITY": "EQUITY",
    **dict.fromkeys(["REVENUE", "SALES", "OTHERINCOME"], "REVENUE"),
    **dict.fromkeys(["EXPENSE", "OVERHEADS", "DIRECTCOSTS", "DEPRECIATN"], "EXPENSE"),
}

COUNTRIES: dict[str, dict[str, Any]] = {
    "AU": {
        "Version": "AU",
        "CountryCode": "AU",
        "BaseCurrency": "AUD",
        "Timezone": "AUSEASTERNSTANDARDTIME",
        "SalesTaxBasis": "ACCRUALS",
        "SalesTaxPeriod": "QUARTERLY1",
        "FinancialYearEndDay": 30,
        "FinancialYearEndMonth": 6,
        "tax_label": "GST",
        "taxes": {"sales": "OUTPUT", "purchases": "INPUT", "none": "BASEXCLUDED"},
    },
    "NZ": {
        "Version": "NZ",
        "CountryCode": "NZ",
        "BaseCurrency": "NZD",
        "Timezone": "NEWZEALANDSTANDARDTIME",
        "SalesTaxBasis": "INVOICE",
        "SalesTaxPeriod": "TWOMONTHS",
        "FinancialYearEndDay": 31,
        "FinancialYearEndMonth": 3,
        "tax_label": "GST",
        "taxes": {"sales": "OUTPUT2", "purchases": "INPUT2", "none": "NONE"},
    },
    "UK": {
        "Version": "UK",
        "CountryCode": "GB",
        "BaseCurrency": "GBP",
        "Timezone": "GMTSTANDARDTIME",
        "SalesTaxBasis": "ACCRUAL",
        "SalesTaxPeriod": "QUARTERLY",
        "FinancialYearEndDay": 31,
        "FinancialYearEndMonth": 3,
        "tax_label": "VAT",
        "taxes": {"sales": "OUTPUT2", "purchases": "INPUT2", "none": "NONE"},
    },
    "US": {
        "Version": "US",
        "CountryCode": "US",
        "BaseCurrency": "USD",
        "Timezone": "EASTERNSTANDARDTIME",
        "SalesTaxBasis": "ACCRUAL",
        "SalesTaxPeriod": "MONTHLY",
        "FinancialYearEndDay": 31,
        "FinancialYearEndMonth": 12,
        "tax_label": "Sales Tax",
        "taxes": {"sales": "TAX001", "purchases": "INPUT", "none": "NONE"},
    },
}
COUNTRY_ALIASES = {"GB": "UK"}

# (TaxType, Name, [(component, rate)], ReportTaxType, side) where side says which
# account classes may use it: "sales", "purchases" or "any".
_RATES: dict[str, list[tuple[str, str, list[tuple[str, str]], str, str]]] = {
    "AU": [
        ("OUTPUT", "GST on Income", [("GST", "10")], "OUTPUT", "sales"),
        ("INPUT", "GST on Expenses", [("GST", "10")], "INPUT", "purchases"),
        ("EXEMPTOUTPUT", "GST Free Income", [("GST", "0")], "EXEMPTOUTPUT", "sales"),
        ("EXEMPTEXPENSES", "GST Free Expenses", [("GST", "0")], "EXEMPTEXPENSES", "purchases"),
        ("BASEXCLUDED", "BAS Excluded", [("GST", "0")], "BASEXCLUDED", "any"),
        ("GSTONIMPORTS", "GST on Imports", [("GST", "0")], "GSTONIMPORTS", "purchases"),
        ("INPUTTAXED", "Input Taxed", [("GST", "0")], "INPUTTAXED", "any"),
    ],
    "NZ": [
        ("OUTPUT2", "GST on Income", [("GST", "15")], "OUTPUT", "sales"),
        ("INPUT2", "GST on Expenses", [("GST", "15")], "INPUT", "purchases"),
        ("ZERORATED", "Zero Rated", [("GST", "0")], "ZERORATEDOUTPUT", "sales"),
        ("NONE", "No GST", [("GST", "0")], "NONE", "any"),
        ("GSTONIMPORTS", "GST on Imports", [("GST", "0")], "GSTONIMPORTS", "purchases"),
    ],
    "UK": [
        ("OUTPUT2", "20% (VAT on Income)", [("VAT", "20")], "OUTPUT", "sales"),
        ("INPUT2", "20% (VAT on Expenses)", [("VAT", "20")], "INPUT", "purchases"),
        ("RROUTPUT", "5% (VAT on Income)", [("VAT", "5")], "OUTPUT", "sales"),
        ("RRINPUT", "5% (VAT on Expenses)", [("VAT", "5")], "INPUT", "purchases"),
        ("ZERORATEDOUTPUT", "Zero Rated Income", [("VAT", "0")], "ZERORATEDOUTPUT", "sales"),
        ("ZERORATEDINPUT", "Zero Rated Expenses", [("VAT", "0")], "ZERORATEDINPUT", "purchases"),
        ("EXEMPTOUTPUT", "Exempt Income", [("VAT", "0")], "EXEMPTOUTPUT", "sales"),
        ("EXEMPTINPUT", "Exempt Expenses", [("VAT", "0")], "EXEMPTINPUT", "purchases"),
        ("NONE", "No VAT", [("VAT", "0")], "NONE", "any"),
    ],
    "US": [
        ("TAX001", "Sales Tax", [("State", "6.25"), ("City", "2")], "USSALESTAX", "sales"),
        ("INPUT", "Tax on Purchases", [("Tax", "0")], "INPUT", "purchases"),
        ("NONE", "Tax Exempt", [("Tax", "0")], "NONE", "any"),
    ],
}

# (Code, Name, Type, tax: "sales" | "purchases" | "none", SystemAccount or None)
_ACCOUNTS: list[tuple[str, str, str, str, str | None]] = [
    ("090", "Business Bank Account", "BANK", "none", None),
    ("091", "Business Savings Account", "BANK", "none", None),
    ("200", "Sales", "REVENUE", "sales", None),
    ("260", "Other Revenue", "REVENUE", "sales", None),
    ("270", "Interest Income", "REVENUE", "none", None),
    ("300", "Purchases", "DIRECTCOSTS", "purchases", None),
    ("310", "Cost of Goods Sold", "DIRECTCOSTS", "purchases", None),
    ("400", "Advertising", "OVERHEADS", "purchases", None),
    ("404", "Bank Fees", "OVERHEADS", "none", None),
    ("408", "Cleaning", "OVERHEADS", "purchases", None),
    ("412", "Consulting & Accounting", "EXPENSE", "purchases", None),
    ("416", "Depreciation", "DEPRECIATN", "none", None),
    ("420", "Entertainment", "OVERHEADS", "none", None),
    ("425", "Freight & Courier", "OVERHEADS", "purchases", None),
    ("429", "General Expenses", "OVERHEADS", "purchases", None),
    ("433", "Insurance", "OVERHEADS", "purchases", None),
    ("437", "Interest Expense", "OVERHEADS", "none", None),
    ("441", "Legal expenses", "OVERHEADS", "purchases", None),
    ("445", "Light, Power, Heating", "OVERHEADS", "purchases", None),
    ("449", "Motor Vehicle Expenses", "OVERHEADS", "purchases", None),
    ("453", "Office Expenses", "OVERHEADS", "purchases", None),
    ("461", "Printing & Stationery", "OVERHEADS", "purchases", None),
    ("469", "Rent", "OVERHEADS", "purchases", None),
    ("473", "Repairs and Maintenance", "OVERHEADS", "purchases", None),
    ("477", "Wages and Salaries", "EXPENSE", "none", None),
    ("485", "Subscriptions", "OVERHEADS", "purchases", None),
    ("489", "Telephone & Internet", "OVERHEADS", "purchases", None),
    ("493", "Travel - National", "OVERHEADS", "purchases", None),
    ("494", "Travel - International", "OVERHEADS", "none", None),
    ("497", "Bank Revaluations", "OVERHEADS", "none", "BANKCURRENCYGAIN"),
    ("498", "Unrealised Currency Gains", "OVERHEADS", "none", "UNREALISEDCURRENCYGAIN"),
    ("499", "Realised Currency Gains", "OVERHEADS", "none", "REALISEDCURRENCYGAIN"),
    ("505", "Income Tax Expense", "EXPENSE", "none", None),
    ("610", "Accounts Receivable", "CURRENT", "none", "DEBTORS"),
    ("620", "Prepayments", "CURRENT", "none", None),
    ("630", "Inventory", "INVENTORY", "none", None),
    ("710", "Office Equipment", "FIXED", "purchases", None),
    ("711", "Less Accumulated Depreciation on Office Equipment", "FIXED", "none", None),
    ("720", "Computer Equipment", "FIXED", "purchases", None),
    ("721", "Less Accumulated Depreciation on Computer Equipment", "FIXED", "none", None),
    ("800", "Accounts Payable", "CURRLIAB", "none", "CREDITORS"),
    ("801", "Unpaid Expense Claims", "CURRLIAB", "none", "UNPAIDEXPCLM"),
    ("820", "{tax}", "CURRLIAB", "none", "GST"),
    ("825", "Employee Tax Payable", "CURRLIAB", "none", None),
    ("830", "Income Tax Payable", "CURRLIAB", "none", None),
    ("840", "Historical Adjustment", "CURRLIAB", "none", "HISTORICAL"),
    ("850", "Suspense", "CURRLIAB", "none", None),
    ("860", "Rounding", "CURRLIAB", "none", "ROUNDING"),
    ("877", "Tracking Transfers", "CURRLIAB", "none", "TRACKINGTRANSFERS"),
    ("880", "Owner A Drawings", "EQUITY", "none", None),
    ("881", "Owner A Funds Introduced", "EQUITY", "none", None),
    ("900", "Loan", "TERMLIAB", "none", None),
    ("960", "Retained Earnings", "EQUITY", "none", "RETAINEDEARNINGS"),
    ("970", "Owner A Share Capital", "EQUITY", "none", None),
]

BANK_NUMBERS = {"090": "120-100-12345678", "091": "120-100-87654321"}


def country_key(country: str) -> str:
    key = COUNTRY_ALIASES.get(country.upper(), country.upper())
    if key not in COUNTRIES:
        raise ValueError(f"unsupported country {country!r}: use AU, NZ, UK or US")
    return key


def tax_rates(country: str) -> list[dict[str, Any]]:
    """The country's system tax rates, as stored records."""
    rates = []
    for tax_type, name, parts, report, side in _RATES[country_key(country)]:
        components = [
            {"Name": part, "Rate": Decimal(rate), "IsCompound": False, "IsNonRecoverable": False}
            for part, rate in parts
        ]
        total = sum((c["Rate"] for c in components), Decimal(0)).quantize(Decimal("0.0001"))
        rates.append(
            {
                "Name": name,
                "TaxType": tax_type,
                "TaxComponents": components,
                "Status": "ACTIVE",
                "ReportTaxType": report,
                "CanApplyToAssets": True,
                "CanApplyToEquity": True,
                "CanApplyToExpenses": side != "sales",
                "CanApplyToLiabilities": True,
                "CanApplyToRevenue": side != "purchases",
                "DisplayTaxRate": total,
                "EffectiveRate": total,
                "_system": True,
            }
        )
    return rates


def accounts(country: str) -> list[dict[str, Any]]:
    """Xero's default chart for the country, as stored records (without ids)."""
    profile = COUNTRIES[country_key(country)]
    result = []
    for code, name, kind, tax, system in _ACCOUNTS:
        account: dict[str, Any] = {
            "Code": code,
            "Name": name.format(tax=profile["tax_label"]),
            "Type": kind,
            "Status": "ACTIVE",
            "TaxType": profile["taxes"][tax],
            "Class": ACCOUNT_CLASS[kind],
            "EnablePaymentsToAccount": False,
            "ShowInExpenseClaims": ACCOUNT_CLASS[kind] == "EXPENSE",
            "HasAttachments": False,
            "AddToWatchlist": False,
        }
        if system:
            account["SystemAccount"] = system
        if kind == "BANK":
            account.update(
                BankAccountNumber=BANK_NUMBERS[code],
                BankAccountType="BANK",
                CurrencyCode=profile["BaseCurrency"],
            )
        result.append(account)
    return result
