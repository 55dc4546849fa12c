"""Accounts: the chart of accounts (Xero Accounts).

Types are Xero's, spelled out; each type belongs to exactly one class.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import CanonicalSchema, choice, flag, text
from .fields import Currency, Ref

CLASSES = ("ASSET", "LIABILITY", "EQUITY", "REVENUE", "EXPENSE")
TYPE_CLASS = {
    "BANK": "ASSET",
    "CURRENT_ASSET": "ASSET",
    "FIXED_ASSET": "ASSET",
    "INVENTORY": "ASSET",
    "NON_CURRENT_ASSET": "ASSET",
    "PREPAYMENT": "ASSET",
    "CURRENT_LIABILITY": "LIABILITY",
    "LIABILITY": "LIABILITY",
    "NON_CURRENT_LIABILITY": "LIABILITY",
    "PAYG_LIABILITY": "LIABILITY",
    "EQUITY": "EQUITY",
    "REVENUE": "REVENUE",
    "SALES": "REVENUE",
    "OTHER_INCOME": "REVENUE",
    "EXPENSE": "EXPENSE",
    "OVERHEADS": "EXPENSE",
    "DIRECT_COSTS": "EXPENSE",
    "DEPRECIATION": "EXPENSE",
}
BANK_ACCOUNT_TYPES = ("BANK", "CREDIT_CARD", "PAYPAL", "OTHER")
STATUSES = ("ACTIVE", "ARCHIVED", "DELETED")


class AccountSchema(CanonicalSchema):
    """A ledger account. `class` follows from `type`; bank details only on BANK accounts."""

    code = text(50)
    name = text(255, required=True)
    type = choice(*TYPE_CLASS)
    # "class" is a Python keyword: the attribute is spelled class_, the data says "class".
    class_ = choice(*CLASSES, data_key="class", attribute="class")
    description = text()
    bank_account_number = text(50)
    bank_account_type = choice(*BANK_ACCOUNT_TYPES)
    currency = Currency()
    tax_code_id = Ref("tax_codes", metadata={"description": "default tax code"})
    enable_payments = flag(metadata={"description": "payments may be made to this account"})
    system_account = text(50, metadata={"description": "the app's system role, e.g. DEBTORS"})
    reporting_code = text(50)
    status = choice(*STATUSES)

    @validates_schema
    def _consistent(self, data: dict[str, Any], **kwargs: Any) -> None:
        type_, class_ = data.get("type"), data.get("class")
        if type_ and class_ and TYPE_CLASS[type_] != class_:
            raise ValidationError(
                f"A {type_} account is of class {TYPE_CLASS[type_]}, not {class_}.", "class"
            )
        if type_ and type_ != "BANK":
            for name in ("bank_account_number", "bank_account_type"):
                if data.get(name) is not None:
                    raise ValidationError("Only a BANK account has bank details.", name)
