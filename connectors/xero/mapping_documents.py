"""Invoices (ACCREC / ACCPAY), credit notes and purchase orders <-> canonical documents."""

from __future__ import annotations

from typing import Any

from . import values
from .lookups import Lookups
from .mapping_lines import blank, common_in, common_out

INVOICE_TYPES = {"ACCREC": "SALES", "ACCPAY": "PURCHASE"}
INVOICE_TYPES_OUT = {v: k for k, v in INVOICE_TYPES.items()}
CREDIT_TYPES = {"ACCRECCREDIT": "SALES", "ACCPAYCREDIT": "PURCHASE"}
CREDIT_TYPES_OUT = {v: k for k, v in CREDIT_TYPES.items()}
OPEN_STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED")


def invoice_in(doc: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    purchase = doc.get("Type") == "ACCPAY"
    expected = doc.get("PlannedPaymentDate" if purchase else "ExpectedPaymentDate")
    return {
        "type": INVOICE_TYPES[doc["Type"]],
        "number": blank(doc.get("InvoiceNumber")),
        **common_in(doc, lk),
        "status": doc.get("Status"),
        "due_date": values.parse_day(doc.get("DueDate")),
        "expected_payment_date": values.parse_day(expected),
        "amount_due": values.money(doc.get("AmountDue") or 0),
        "amount_paid": values.money(doc.get("AmountPaid") or 0),
        "amount_credited": values.money(doc.get("AmountCredited") or 0),
        "fully_paid_on_date": values.parse_day(doc.get("FullyPaidOnDate")),
        "sent_to_contact": bool(doc.get("SentToContact")),
        "url": blank(doc.get("Url")),
    }


def credit_note_in(doc: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    return {
        "type": CREDIT_TYPES[doc["Type"]],
        "number": blank(doc.get("CreditNoteNumber")),
        **common_in(doc, lk),
        "status": doc.get("Status"),
        "due_date": values.parse_day(doc.get("DueDate")),
        "remaining_credit": values.money(doc.get("RemainingCredit") or 0),
        "allocations": [
            {
                "invoice_id": allocation["Invoice"]["InvoiceID"],
                "amount": values.money(allocation["Amount"]),
                "date": values.parse_day(allocation.get("Date")),
            }
            for allocation in doc.get("Allocations") or []
            if not allocation.get("IsDeleted")
        ],
    }


def _address_text(address: dict[str, Any] | None) -> str:
    """Xero keeps a purchase order's delivery address as one text."""
    if not address:
        return ""
    place = " ".join(p for p in (address.get("city"), address.get("region")) if p)
    place = " ".join(p for p in (place, address.get("postal_code")) if p)
    parts = [*(address.get("lines") or []), place, address.get("country") or ""]
    return "\n".join(p for p in parts if p)[:500]


def purchase_order_in(doc: dict[str, Any], lk: Lookups) -> dict[str, Any]:
    address = blank(doc.get("DeliveryAddress"))
    return {
        "number": blank(doc.get("PurchaseOrderNumber")),
        **common_in(doc, lk),
        "status": doc.get("Status"),
        "delivery_date": values.parse_day(doc.get("DeliveryDate")),
        "expected_arrival_date": values.parse_day(doc.get("ExpectedArrivalDate")),
        "delivery_address": (
            {"type": "SHIPPING", "lines": address.splitlines()} if address else None
        ),
        "attention_to": blank(doc.get("AttentionTo")),
        "telephone": blank(doc.get("Telephone")),
        "delivery_instructions": blank(doc.get("DeliveryInstructions")),
        "sent_to_contact": bool(doc.get("SentToContact")),
    }


def invoice_out(
    data: dict[str, Any], lk: Lookups, current: dict[str, Any] | None
) -> dict[str, Any]:
    body = common_out(data, lk, (current or {}).get("LineItems"))
    body["Type"] = INVOICE_TYPES_OUT[data["type"]]
    if data.get("number"):
        body["InvoiceNumber"] = data["number"]
    if data.get("due_date"):
        body["DueDate"] = data["due_date"]
    if data.get("expected_payment_date"):
        key = "PlannedPaymentDate" if data["type"] == "PURCHASE" else "ExpectedPaymentDate"
        body[key] = data["expected_payment_date"]
    if "url" in data and data["url"]:
        body["Url"] = data["url"]
    return body


def credit_note_out(
    data: dict[str, Any], lk: Lookups, current: dict[str, Any] | None
) -> dict[str, Any]:
    body = common_out(data, lk, (current or {}).get("LineItems"))
    body["Type"] = CREDIT_TYPES_OUT[data["type"]]
    if data.get("number"):
        body["CreditNoteNumber"] = data["number"]
    if data.get("due_date"):
        body["DueDate"] = data["due_date"]
    return body


def purchase_order_out(
    data: dict[str, Any], lk: Lookups, current: dict[str, Any] | None
) -> dict[str, Any]:
    body = common_out(data, lk, (current or {}).get("LineItems"))
    if data.get("number"):
        body["PurchaseOrderNumber"] = data["number"]
    for key, field in (
        ("delivery_date", "DeliveryDate"),
        ("expected_arrival_date", "ExpectedArrivalDate"),
    ):
        if data.get(key):
            body[field] = data[key]
    if "delivery_address" in data:
        body["DeliveryAddress"] = _address_text(data["delivery_address"])
    for key, field in (
        ("attention_to", "AttentionTo"),
        ("telephone", "Telephone"),
        ("delivery_instructions", "DeliveryInstructions"),
    ):
        if key in data:
            body[field] = data[key] or ""
    return body


def status_for_create(wanted: str | None, cap: str) -> str:
    """The lower of the source's open status and the connection's setting."""
    if wanted not in OPEN_STATUSES:
        wanted = "AUTHORISED"  # PAID (by a payment) and BILLED start as approved documents
    return OPEN_STATUSES[min(OPEN_STATUSES.index(wanted), OPEN_STATUSES.index(cap))]


def status_for_update(wanted: str | None, current: str, cap: str) -> str | None:
    """The status to send on an update, or None to leave Xero's as it is."""
    if wanted == "BILLED" and current == "AUTHORISED":  # a purchase order was billed
        return "BILLED"
    if wanted in ("VOIDED", "DELETED"):
        return "VOIDED" if current in ("AUTHORISED", "BILLED") else "DELETED"
    if wanted is None or current not in ("DRAFT", "SUBMITTED"):
        return None
    target = status_for_create(wanted, cap)
    if OPEN_STATUSES.index(target) > OPEN_STATUSES.index(current):
        return target
    return None
