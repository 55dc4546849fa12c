"""`/Payments`: pay approved invoices or refund credit notes; delete by status."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from . import dates, documents, ledger, listing, refs, values, writes
from .api import Ctx, endpoint
from .doc_kinds import CREDIT_NOTE, INVOICE, ZERO, Kind, outstanding, settle
from .errors import Invalid, NotFound
from .store import Org, Record

FIELDS = frozenset(
    "PaymentID Date Amount BankAmount Reference CurrencyRate PaymentType Status UpdatedDateUTC "
    "IsReconciled HasAccount Account Invoice CreditNote BatchPaymentID".split()
)
LISTING = listing.Listing("Payment", "Payments", FIELDS)
PAYMENT_TYPES = {
    "ACCREC": "ACCRECPAYMENT",
    "ACCPAY": "ACCPAYPAYMENT",
    "ACCRECCREDIT": "ARCREDITPAYMENT",
    "ACCPAYCREDIT": "APCREDITPAYMENT",
}
NOT_AUTHORISED = "Payments can only be made against Authorised documents."
TOO_MUCH = "Payment amount exceeds the amount outstanding on this document"


def _document(org: Org, element: Record) -> tuple[Kind, Record]:
    for kind, key in ((INVOICE, "Invoice"), (CREDIT_NOTE, "CreditNote")):
        given = element.get(key) if isinstance(element.get(key), dict) else {}
        number = given.get(kind.number_field) or element.get(kind.number_field)
        if not given.get(kind.id_field) and not number:
            continue
        try:
            return kind, documents.find(kind, org, given.get(kind.id_field) or str(number))
        except NotFound as error:
            raise Invalid(f"{kind.label} could not be found") from error
    raise Invalid("An Invoice or Credit Note must be specified for the payment.")


def _account(org: Org, element: Record) -> Record:
    given = element.get("Account") if isinstance(element.get("Account"), dict) else {}
    account_id, code = given.get("AccountID"), given.get("Code") or element.get("Code")
    if not account_id and not code:
        raise Invalid("Account could not be found")
    found = org.accounts.get(values.an_id(account_id) or "") if account_id else None
    found = found or org.account_by_code(code)
    if found is None or found["Status"] != "ACTIVE":
        raise Invalid("Account could not be found")
    if found["Type"] != "BANK" and not found.get("EnablePaymentsToAccount"):
        raise Invalid("Account type is invalid for making a payment to/from")
    return found


def _check(org: Org, element: Record) -> tuple[Kind, Record, Record, Any, Any]:
    errors: list[str] = []
    found: list[Any] = []
    for read in (lambda: _document(org, element), lambda: _account(org, element)):
        try:
            found.append(read())
        except Invalid as error:
            errors.extend(error.messages)
            found.append(None)
    amount = when = None
    try:
        amount = values.decimal(element.get("Amount"), "Amount")
        when = values.a_date(element.get("Date"), "Date") or dates.today()
    except Invalid as error:
        errors.extend(error.messages)
    if found[0] is not None:
        kind, doc = found[0]
        if doc["Status"] != "AUTHORISED":
            errors.append(NOT_AUTHORISED)
        elif amount is None or amount <= 0:
            errors.append("Payment amount must be greater than zero.")
        elif amount > outstanding(doc):
            errors.append(TOO_MUCH)
        lock = org.lock_date()
        if when is not None and lock is not None and when <= lock:
            errors.append(
                f"The payment date cannot be before the period lock date, currently "
                f"set at {dates.lock_date_text(lock)}"
            )
    if errors:
        raise Invalid(*errors)
    (kind, doc), account = found
    return kind, doc, account, values.money(amount), when  # type: ignore[arg-type]


def _touch_document(org: Org, kind: Kind, doc: Record, when: Any) -> None:
    settle(kind, doc, when)
    doc["UpdatedDateUTC"] = dates.now()
    org.put(kind.records(org), doc[kind.id_field], doc)
    data = None if kind is INVOICE else {"Type": doc["Type"], "Status": doc["Status"]}
    org.emit(org, kind.category, "UPDATE", doc[kind.id_field], data)


def create(org: Org, element: Record) -> Record:
    if values.an_id(element.get("PaymentID")):
        raise Invalid("Payments cannot be edited. Delete the payment and create a new one.")
    kind, doc, account, amount, when = _check(org, element)
    rate = values.decimal(element.get("CurrencyRate"), "CurrencyRate") or doc["CurrencyRate"]
    payment = {
        "PaymentID": org.new_id(),
        "Date": when,
        "Amount": amount,
        "BankAmount": values.decimal(element.get("BankAmount"), "BankAmount") or amount,
        "Reference": values.text(element.get("Reference"), "Reference", 255),
        "CurrencyRate": rate,
        "PaymentType": PAYMENT_TYPES[doc["Type"]],
        "Status": "AUTHORISED",
        "IsReconciled": bool(values.boolean(element.get("IsReconciled"), "IsReconciled")),
        "HasAccount": True,
        "UpdatedDateUTC": dates.now(),
        "_account_id": account["AccountID"],
        "_kind": kind.collection,
        "_document_id": doc[kind.id_field],
    }
    payment["_journal"] = ledger.post_payment(org, payment, account)
    org.put(org.payments, payment["PaymentID"], payment)
    doc["_paid"] = doc.get("_paid", ZERO) + amount
    doc["_payments"].append(payment["PaymentID"])
    _touch_document(org, kind, doc, when)
    return view(org, payment)


def delete(org: Org, payment: Record, element: Record) -> Record:
    if str(element.get("Status", "")).upper() != "DELETED" or payment["Status"] == "DELETED":
        raise Invalid("Payments cannot be edited. Only a Status of DELETED can be set.")
    kind = INVOICE if payment["_kind"] == "invoices" else CREDIT_NOTE
    doc = kind.records(org)[payment["_document_id"]]
    payment["Status"] = "DELETED"
    payment["UpdatedDateUTC"] = dates.now()
    org.put(org.payments, payment["PaymentID"], payment)
    ledger.reverse(org, payment["_journal"])
    doc["_paid"] = doc["_paid"] - payment["Amount"]
    _touch_document(org, kind, doc, None)
    return view(org, payment)


def view(org: Org, payment: Record) -> Record:
    out = {k: v for k, v in payment.items() if k[:1] != "_"}
    account = org.accounts[payment["_account_id"]]
    out["Account"] = {"AccountID": account["AccountID"], "Code": account.get("Code")}
    out["UpdatedDateUTCString"] = dates.utc_string(payment["UpdatedDateUTC"])
    out["HasValidationErrors"] = False
    kind = INVOICE if payment["_kind"] == "invoices" else CREDIT_NOTE
    doc = kind.records(org)[payment["_document_id"]]
    out["Invoice" if kind is INVOICE else "CreditNote"] = {
        kind.id_field: doc[kind.id_field],
        kind.number_field: doc.get(kind.number_field),
        "Type": doc["Type"],
        "Contact": refs.contact_summary(org, doc["_contact_id"]),
        "CurrencyCode": doc["CurrencyCode"],
    }
    return out


def _get(org: Org) -> listing.Getter:
    def get(record: Record, name: str) -> Any:
        if name in ("Invoice", "CreditNote", "Account"):
            return view(org, record).get(name)
        return record.get(name)

    return get


@endpoint("/Payments", ["GET"], "payments")
def list_payments(ctx: Ctx) -> Response:
    page, pagination = listing.select(ctx.state, LISTING, ctx.org.payments.values(), _get(ctx.org))
    return ctx.envelope("Payments", [view(ctx.org, p) for p in page], pagination)


def _find(org: Org, payment_id: str) -> Record:
    payment = org.payments.get(values.an_id(payment_id) or "")
    if payment is None:
        raise NotFound()
    return payment


@endpoint("/Payments/<payment_id>", ["GET"], "payments")
def get_payment(ctx: Ctx, payment_id: str) -> Response:
    return ctx.envelope("Payments", [view(ctx.org, _find(ctx.org, payment_id))])


@endpoint("/Payments", ["PUT", "POST"], "payments")
def create_payments(ctx: Ctx) -> Response:
    # PUT takes many (with summarizeErrors); POST creates a single, possibly bare, payment.
    items = writes.elements("Payments")
    if request.method == "POST":
        items = items[:1]
    flag = "HasValidationErrors"
    return writes.run(ctx, "Payments", items, lambda e: create(ctx.org, e), "PaymentID", flag)


@endpoint("/Payments/<payment_id>", ["POST"], "payments")
def delete_payment(ctx: Ctx, payment_id: str) -> Response:
    payment = _find(ctx.org, payment_id)
    items = writes.elements("Payments")[:1]
    flag = "HasValidationErrors"
    return writes.run(
        ctx, "Payments", items, lambda e: delete(ctx.org, payment, e), "PaymentID", flag
    )
