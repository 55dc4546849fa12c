"""Manual journal lines: accounts allowed, tax per line, the balance rule, ledger posting."""

from __future__ import annotations

from decimal import Decimal

from . import ledger, lines, refs, values
from .errors import Invalid
from .store import Org, Record

FORBIDDEN_SYSTEM = {"DEBTORS", "CREDITORS", "RETAINEDEARNINGS"}
ZERO = Decimal(0)


def build_line(org: Org, given: Record, amounts: str, warnings: list[str]) -> Record | None:
    """One journal line; an unknown account code drops the line with a warning."""
    amount = values.decimal(given.get("LineAmount"), "LineAmount")
    if amount is None:
        raise Invalid("LineAmount must be specified on every journal line.")
    account = None
    if given.get("AccountID"):
        account = org.accounts.get(values.an_id(given["AccountID"]) or "")
    elif given.get("AccountCode"):
        account = org.account_by_code(str(given["AccountCode"]))
    code = given.get("AccountCode") or given.get("AccountID")
    if account is None or account["Status"] != "ACTIVE":
        warnings.append(
            f"Account code ''{code}'' has been removed as it does not match a recognised account."
        )
        return None
    if account.get("SystemAccount") in FORBIDDEN_SYSTEM or account["Type"] in (
        "BANK",
        "INVENTORY",
    ):
        raise Invalid(f"Account code '{account['Code']}' cannot be used in a manual journal.")
    line: Record = {
        "LineAmount": values.money(amount),
        "AccountCode": account["Code"],
        "AccountID": account["AccountID"],
        "Description": values.text(given.get("Description"), "Description", 4000),
        "Tracking": lines.tracking(org, given.get("Tracking")),
        "IsBlank": False,
        "TaxAmount": ZERO,
    }
    tax_type = given.get("TaxType") or account.get("TaxType")
    if tax_type and amounts != "NoTax":
        rate = refs.tax_rate(org, tax_type)
        refs.check_tax_for_account(rate, account)
        fraction = refs.rate_fraction(rate)
        line["TaxType"] = rate["TaxType"]
        if amounts == "Exclusive":
            line["TaxAmount"] = values.money(line["LineAmount"] * fraction)
        else:
            line["TaxAmount"] = values.money(line["LineAmount"] * fraction / (1 + fraction))
    elif tax_type:
        line["TaxType"] = str(tax_type)
    return line


def imbalance(doc: Record) -> str | None:
    exclusive = doc["LineAmountTypes"] == "Exclusive"
    gross = [
        ln["LineAmount"] + (ln["TaxAmount"] if exclusive else ZERO) for ln in doc["JournalLines"]
    ]
    debits = sum((g for g in gross if g > 0), ZERO)
    credits = sum((g for g in gross if g < 0), ZERO)
    if debits + credits == 0:
        return None
    return (
        f"The total debits ({values.amount_text(debits)}) must equal total credits "
        f"({values.amount_text(credits)})"
    )


def post(org: Org, doc: Record) -> str:
    inclusive = doc["LineAmountTypes"] == "Inclusive"
    entries = []
    tax_total = ZERO
    for line in doc["JournalLines"]:
        account = org.accounts[line["AccountID"]]
        net = line["LineAmount"] - line["TaxAmount"] if inclusive else line["LineAmount"]
        tax_total += line["TaxAmount"]
        entries.append(
            ledger.Entry(
                account,
                net,
                line["TaxAmount"],
                line.get("TaxType"),
                line.get("Description"),
                line["Tracking"],
            )
        )
    if tax_total:
        entries.append(ledger.Entry(org.system_account("GST"), tax_total))
    return ledger.post(
        org, "MANJOURNAL", doc["ManualJournalID"], doc["Date"], doc["Narration"], entries
    )
