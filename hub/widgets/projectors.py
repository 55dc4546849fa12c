"""Row builders: one canonical record in, the typed rows its projection tables hold out.

Pure functions over the stored (JSON-ready) data, where amounts are decimal strings and
dates ISO strings. Rows are tuples in the order of `COLUMNS[table]` with values in the
backend's storage form (`codec.py`): the store's hook writes them with one executemany per
table, so building a row must cost little.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hub.widgets.codec import Codec
from schema.accounts import TYPE_CLASS

Row = tuple[Any, ...]
Rows = dict[str, list[Row]]
Builder = Callable[[Codec, str, str, dict[str, Any]], Rows]

COLUMNS: dict[str, tuple[str, ...]] = {
    "invoice_docs": (
        "record_id org_id kind type status contact_id number issue_date due_date currency "
        "subtotal total_tax total amount_due amount_paid amount_credited"
    ).split(),
    "invoice_lines": (
        "record_id line_no org_id kind type status issue_date currency item_id account_id "
        "quantity net_amount tax_amount"
    ).split(),
    "credit_allocations": "record_id line_no org_id date invoice_id amount".split(),
    "journal_lines": "record_id line_no org_id source date account_id amount".split(),
    "payment_lines": (
        "record_id line_no org_id type status date account_id currency invoice_id "
        "credit_note_id amount"
    ).split(),
    "timesheet_lines": "record_id line_no date org_id employee_id status pay_item hours".split(),
    "ledger_accounts": "record_id org_id code name type class system_account status".split(),
    "employee_docs": (
        "record_id org_id name number job_title status start_date termination_date"
    ).split(),
    "salary_lines": (
        "record_id line_no org_id pay_item annual_amount rate_per_hour currency effective_from"
    ).split(),
}
# Journals that post to the ledger. A DRAFT, VOIDED, DELETED or ARCHIVED manual journal
# does not; generated journals carry no status and always do.
POSTED_JOURNALS = frozenset({None, "POSTED"})
WEEKS_PER_YEAR = Decimal(52)


def _document(kind: str) -> Builder:
    """Invoices and credit notes share lines and totals; `kind` tells them apart."""
    due_key = "amount_due" if kind == "invoice" else "remaining_credit"

    def build(codec: Codec, org_id: str, record_id: str, data: dict[str, Any]) -> Rows:
        money, get = codec.money, data.get
        type_, status, issued, currency = (
            data["type"],
            get("status"),
            get("issue_date"),
            get("currency"),
        )
        doc = (
            record_id,
            org_id,
            kind,
            type_,
            status,
            get("contact_id"),
            get("number"),
            issued,
            get("due_date"),
            currency,
            money(get("subtotal")),
            money(get("total_tax")),
            money(get("total")),
            money(get(due_key)),
            money(get("amount_paid")),
            money(get("amount_credited")),
        )
        inclusive = get("line_amount_type") == "INCLUSIVE"
        lines = []
        for line_no, line in enumerate(get("lines") or ()):
            amount, quantity, tax = (
                line.get("line_amount"),
                line.get("quantity"),
                line.get("tax_amount"),
            )
            if amount is None and quantity is None:
                continue  # a text line: nothing to add up
            if inclusive and amount is not None and tax is not None:
                net = codec.num(amount) - codec.num(tax)
            else:
                net = money(amount)
            lines.append(
                (
                    record_id,
                    line_no,
                    org_id,
                    kind,
                    type_,
                    status,
                    issued,
                    currency,
                    line.get("item_id"),
                    line.get("account_id"),
                    money(quantity),
                    net,
                    money(tax),
                )
            )
        rows: Rows = {"invoice_docs": [doc], "invoice_lines": lines}
        if kind == "credit_note" and status not in ("VOIDED", "DELETED"):
            rows["credit_allocations"] = [
                (record_id, n, org_id, a["date"], a["invoice_id"], money(a["amount"]))
                for n, a in enumerate(get("allocations") or ())
            ]
        return rows

    return build


def journal(codec: Codec, org_id: str, record_id: str, data: dict[str, Any]) -> Rows:
    if data.get("status") not in POSTED_JOURNALS:
        return {}
    day, source = data["date"], data["source"]
    rows = []
    for n, line in enumerate(data["lines"]):
        amount = codec.num(line["amount"])
        if amount:  # a zero line moves no balance
            rows.append((record_id, n, org_id, source, day, line["account_id"], amount))
    return {"journal_lines": rows}


def payment(codec: Codec, org_id: str, record_id: str, data: dict[str, Any]) -> Rows:
    if data.get("status") == "DELETED":
        return {}
    lines = data.get("lines") or ()
    if not lines and data.get("amount") is not None:
        lines = ({"amount": data["amount"]},)  # money moved, applied to no document
    get = data.get
    return {
        "payment_lines": [
            (
                record_id,
                n,
                org_id,
                get("type"),
                get("status"),
                data["date"],
                get("account_id"),
                get("currency"),
                line.get("invoice_id"),
                line.get("credit_note_id"),
                codec.money(line["amount"]),
            )
            for n, line in enumerate(lines)
        ]
    }


def timesheet(codec: Codec, org_id: str, record_id: str, data: dict[str, Any]) -> Rows:
    start = date.fromisoformat(data["start_date"])
    employee_id, status = data["employee_id"], data.get("status")
    rows = []
    for line_no, line in enumerate(data.get("lines") or ()):
        for offset, hours in enumerate(line.get("hours") or ()):
            value = codec.num(hours)
            if value:
                day = (start + timedelta(days=offset)).isoformat()
                rows.append(
                    (
                        record_id,
                        line_no,
                        day,
                        org_id,
                        employee_id,
                        status,
                        line.get("pay_item"),
                        value,
                    )
                )
    return {"timesheet_lines": rows}


def account(codec: Codec, org_id: str, record_id: str, data: dict[str, Any]) -> Rows:
    get = data.get
    row = (
        record_id,
        org_id,
        get("code"),
        data["name"],
        get("type"),
        get("class") or TYPE_CLASS.get(get("type")),  # the type decides it when unsaid
        get("system_account"),
        get("status"),
    )
    return {"ledger_accounts": [row]}


def employee(codec: Codec, org_id: str, record_id: str, data: dict[str, Any]) -> Rows:
    get = data.get
    name = " ".join(p for p in (get("first_name"), get("last_name")) if p)
    doc = (
        record_id,
        org_id,
        name,
        get("employee_number"),
        get("job_title"),
        get("status"),
        get("start_date"),
        get("termination_date"),
    )
    salaries = []
    for n, line in enumerate(get("salary") or ()):
        annual = line.get("annual_amount")
        hourly, weekly = line.get("rate_per_hour"), line.get("hours_per_week")
        if annual is not None:
            stored = codec.money(annual)
        elif hourly is not None and weekly is not None:
            stored = codec.from_decimal(Decimal(hourly) * Decimal(weekly) * WEEKS_PER_YEAR)
        else:
            stored = None
        # A later line for the same pay item replaces an earlier one.
        pay_item = line.get("pay_item") or line.get("name") or f"line {n + 1}"
        salaries.append(
            (
                record_id,
                n,
                org_id,
                pay_item,
                stored,
                codec.money(hourly),
                line.get("currency"),
                line.get("effective_from"),
            )
        )
    return {"employee_docs": [doc], "salary_lines": salaries}


# Entity -> (builder, every table the entity's rows live in).
PROJECTORS: dict[str, tuple[Builder, tuple[str, ...]]] = {
    "invoices": (_document("invoice"), ("invoice_docs", "invoice_lines")),
    "credit_notes": (
        _document("credit_note"),
        ("invoice_docs", "invoice_lines", "credit_allocations"),
    ),
    "journals": (journal, ("journal_lines",)),
    "payments": (payment, ("payment_lines",)),
    "timesheets": (timesheet, ("timesheet_lines",)),
    "accounts": (account, ("ledger_accounts",)),
    "employees": (employee, ("employee_docs", "salary_lines")),
}
