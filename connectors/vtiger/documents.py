"""vtiger Invoice <-> sales invoices and PurchaseOrder <-> purchase orders, with their lines.

vtiger recomputes a document's totals from its LineItems on every save, and the hub writes
lines and lets it. Reading, the canonical totals are rebuilt from vtiger's own figures:
each line's net (quantity x list price less discount) and tax, then what vtiger keeps at
document level (discount, shipping and handling, adjustment, and the cent its rounding may
leave) as item-less lines named in `EXTRA_LINES`, so subtotal + tax = vtiger's grand total.
Written back, those lines become the document fields again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import values as v
from .mapping import ADDRESS_FIELDS, _address, _parts, _same, addresses_out

HUNDRED = Decimal(100)
TAX_FIELDS = ("tax1", "tax2", "tax3")
DISCOUNT, SHIPPING, ADJUSTMENT, ROUNDING = (
    "Discount",
    "Shipping and handling",
    "Adjustment",
    "Rounding",
)
EXTRA_LINES = (DISCOUNT, SHIPPING, ADJUSTMENT, ROUNDING)

INVOICE_STATUS_IN = {
    "AutoCreated": "DRAFT",
    "Created": "DRAFT",
    "Approved": "AUTHORISED",
    "Sent": "AUTHORISED",
    "Paid": "PAID",
    "Credit Invoice": "VOIDED",
    "Cancel": "VOIDED",
    "Cancelled": "VOIDED",
}
INVOICE_STATUS_OUT = {
    "DRAFT": "Created",
    "SUBMITTED": "Created",
    "AUTHORISED": "Approved",
    "PAID": "Paid",
    "VOIDED": "Cancel",
    "DELETED": "Cancel",
}
PO_STATUS_IN = {
    "Created": "DRAFT",
    "Approved": "AUTHORISED",
    "Delivered": "AUTHORISED",
    "Received Shipment": "BILLED",
    "Cancelled": "DELETED",
}
PO_STATUS_OUT = {
    "DRAFT": "Created",
    "SUBMITTED": "Created",
    "AUTHORISED": "Approved",
    "BILLED": "Received Shipment",
    "DELETED": "Cancelled",
}


# -- vtiger -> canonical --------------------------------------------------------------------


def _d(value: Any) -> Decimal:
    return v.decimal(value) or Decimal(0)


def lines_to_canonical(record: dict[str, Any], fallback_item: str | None) -> list[dict[str, Any]]:
    """LineItems (and the document-level amounts) as canonical lines."""
    group = (record.get("hdnTaxType") or "group").lower() != "individual"
    group_rate = _group_rate(record) if group else None
    items = sorted(
        record.get("LineItems") or [], key=lambda line: int(line.get("sequence_no") or 0)
    )
    lines: list[dict[str, Any]] = []
    net_total, tax_total = Decimal(0), Decimal(0)
    for item in items:
        quantity, price = _d(item.get("quantity")), _d(item.get("listprice"))
        gross = quantity * price
        off_amount, off_rate = _d(item.get("discount_amount")), _d(item.get("discount_percent"))
        net = gross - (off_amount if off_amount else gross * off_rate / HUNDRED)
        rate = (
            group_rate
            if group_rate is not None
            else sum((_d(item.get(name)) for name in TAX_FIELDS), Decimal(0))
        )
        tax = net * rate / HUNDRED
        line: dict[str, Any] = {
            "item_id": None
            if item.get("productid") == fallback_item
            else v.reference(item.get("productid")),
            "description": v.text(item.get("comment")),
            "quantity": v.number(quantity),
            "unit_price": v.money(price),
        }
        if off_amount:
            line["discount_amount"] = v.money(off_amount)
        elif off_rate:
            line["discount_rate"] = v.number(off_rate)
        line["tax_amount"] = v.cents(tax)
        line["line_amount"] = v.cents(net)
        lines.append(line)
        net_total += v.round_cents(net)
        tax_total += v.round_cents(tax)
    discount = _document_discount(record, items, group)
    if discount:
        discount_tax = -discount * group_rate / HUNDRED if group_rate else Decimal(0)
        lines.append(_extra(DISCOUNT, -discount, discount_tax))
        net_total -= v.round_cents(discount)
        tax_total += v.round_cents(discount_tax)
    for name, field in ((SHIPPING, "hdnS_H_Amount"), (ADJUSTMENT, "txtAdjustment")):
        amount = _d(record.get(field))
        if amount:
            lines.append(_extra(name, amount, Decimal(0)))
            net_total += v.round_cents(amount)
    grand = v.decimal(record.get("hdnGrandTotal"))
    if grand is not None and items:
        leftover = v.round_cents(grand) - net_total - tax_total
        if leftover:
            lines.append(_extra(ROUNDING, leftover, Decimal(0)))
    return lines


def _group_rate(record: dict[str, Any]) -> Decimal:
    """The document-level tax percentages of a group-tax document, summed: retrieve reports
    them in LineItems_FinalDetails (the record's own tax1..tax3 when a server puts them there)."""
    details = record.get("LineItems_FinalDetails") or {}
    first = details.get("1") if isinstance(details, dict) else None
    final = (first or {}).get("final_details") or {}
    taxes = final.get("taxes") or []
    if taxes:
        return sum((_d(tax.get("percentage")) for tax in taxes), Decimal(0))
    return sum((_d(record.get(name)) for name in TAX_FIELDS), Decimal(0))


def _document_discount(record: dict[str, Any], items: list[dict[str, Any]], group: bool) -> Decimal:
    """vtiger's document discount: an amount, or a percentage of the subtotal (which, in
    individual tax mode, already includes the lines' taxes)."""
    amount = _d(record.get("hdnDiscountAmount"))
    if amount > 0:
        return amount
    percent = _d(record.get("hdnDiscountPercent"))
    if not percent:
        return Decimal(0)
    subtotal = Decimal(0)
    for item in items:
        gross = _d(item.get("quantity")) * _d(item.get("listprice"))
        off = _d(item.get("discount_amount")) or gross * _d(item.get("discount_percent")) / HUNDRED
        net = gross - off
        rate = Decimal(0) if group else sum((_d(item.get(n)) for n in TAX_FIELDS), Decimal(0))
        subtotal += net + net * rate / HUNDRED
    return subtotal * percent / HUNDRED


def _extra(name: str, amount: Decimal, tax: Decimal) -> dict[str, Any]:
    return {
        "item_id": None,
        "description": name,
        "quantity": "1",
        "unit_price": v.cents(amount),
        "tax_amount": v.cents(tax),
        "line_amount": v.cents(amount),
    }


def _totals(data: dict[str, Any]) -> None:
    lines = data["lines"]
    subtotal = sum((Decimal(line["line_amount"]) for line in lines), Decimal(0))
    tax = sum((Decimal(line["tax_amount"]) for line in lines), Decimal(0))
    data.update(subtotal=v.cents(subtotal), total_tax=v.cents(tax), total=v.cents(subtotal + tax))


def _document(
    record: dict[str, Any], currency: str | None, fallback_item: str | None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reference": v.text(record.get("subject")),
        "currency": currency,
        "line_amount_type": "EXCLUSIVE",
        "lines": lines_to_canonical(record, fallback_item),
        "notes": v.text(record.get("description")),
    }
    rate = v.decimal(record.get("conversion_rate"))
    if rate and rate > 0:
        data["currency_rate"] = v.number(rate)
    _totals(data)
    return data


def invoice_to_canonical(
    record: dict[str, Any], *, currency: str | None, fallback_item: str | None = None
) -> dict[str, Any]:
    """A retrieved Invoice (with LineItems) as a SALES invoice; received/balance are the
    payments, since open-source vtiger has no Payments module."""
    data = {
        "type": "SALES",
        "number": v.text(record.get("invoice_no")),
        "contact_id": v.reference(record.get("account_id")),
        **_document(record, currency, fallback_item),
    }
    status = INVOICE_STATUS_IN.get(str(record.get("invoicestatus") or ""), "DRAFT")
    paid = v.round_cents(_d(record.get("received")))
    due = Decimal(data["total"]) - paid
    if status == "PAID" and due:
        status = "AUTHORISED"  # marked Paid by hand while money is still owed
    data.update(
        status=status,
        issue_date=v.date(record.get("invoicedate")),
        due_date=v.date(record.get("duedate")),
        amount_paid=v.cents(paid),
        amount_due=v.cents(due),
        billing_address=_address("BILLING", _parts(record, "bill_", _same(ADDRESS_FIELDS))),
        shipping_address=_address("SHIPPING", _parts(record, "ship_", _same(ADDRESS_FIELDS))),
        sent_to_contact=record.get("invoicestatus") == "Sent",
    )
    return data


def purchase_order_to_canonical(
    record: dict[str, Any], *, currency: str | None, fallback_item: str | None = None
) -> dict[str, Any]:
    """A retrieved PurchaseOrder (with LineItems) as a purchase order to its Vendor."""
    data = {
        "number": v.text(record.get("purchaseorder_no")),
        "contact_id": v.reference(record.get("vendor_id")),
        **_document(record, currency, fallback_item),
    }
    data.update(
        status=PO_STATUS_IN.get(str(record.get("postatus") or ""), "DRAFT"),
        delivery_date=v.date(record.get("duedate")),
        delivery_address=_address("SHIPPING", _parts(record, "ship_", _same(ADDRESS_FIELDS))),
    )
    return data


# -- canonical -> vtiger ----------------------------------------------------------------------


def effective_rate(line: dict[str, Any], inclusive: bool) -> Decimal | None:
    """The line's tax as one percentage of its net amount, from the amounts themselves.

    The hub's tax codes are not shared with vtiger; the amounts say the rate. It is kept to
    two places when that reproduces the line's tax to the cent, else to three (vtiger's).
    """
    tax, amount = v.decimal(line.get("tax_amount")), v.decimal(line.get("line_amount"))
    if not tax or amount is None:
        return None
    net = amount - tax if inclusive else amount
    if net == 0:
        return None
    exact = tax / net * HUNDRED
    for places in (Decimal("0.01"), Decimal("0.001")):
        rate = exact.quantize(places)
        if v.round_cents(net * rate / HUNDRED) == v.round_cents(tax):
            return rate
    return exact.quantize(Decimal("0.001"))


def line_items(
    lines: list[dict[str, Any]], *, inclusive: bool, fallback_item: str | None
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Canonical lines as LineItems, and the document fields the extra lines become."""
    items: list[dict[str, str]] = []
    document = {"hdnDiscountAmount": "0", "hdnS_H_Amount": "0", "txtAdjustment": "0"}
    for line in lines:
        amount = _d(line.get("line_amount"))
        if not line.get("item_id") and line.get("description") in EXTRA_LINES:
            if line["description"] == DISCOUNT and not v.decimal(line.get("tax_amount")):
                document["hdnDiscountAmount"] = str(-amount)
                continue
            if line["description"] != DISCOUNT and not v.decimal(line.get("tax_amount")):
                field = "hdnS_H_Amount" if line["description"] == SHIPPING else "txtAdjustment"
                document[field] = str(_d(document[field]) + amount)
                continue
        rate = effective_rate(line, inclusive)
        price = _d(line.get("unit_price"))
        if inclusive and rate:
            price = price * HUNDRED / (HUNDRED + rate)
        item: dict[str, str] = {
            "productid": str(line.get("item_id") or fallback_item or ""),
            "quantity": v.out(line.get("quantity") or "1"),
            "listprice": format(price.quantize(Decimal("0.00000001")).normalize(), "f"),
            "comment": v.out(line.get("description")),
            "tax1": v.out(rate) if rate else "0",
        }
        if line.get("discount_rate") is not None:
            item["discount_percent"] = v.out(line["discount_rate"])
        elif line.get("discount_amount") is not None:
            off = _d(line["discount_amount"])
            item["discount_amount"] = str(
                off * HUNDRED / (HUNDRED + rate) if inclusive and rate else off
            )
        items.append(item)
    return items, document


def _common(data: dict[str, Any]) -> dict[str, str]:
    element = {"subject": str(data.get("reference") or data.get("number") or "From the hub")}
    if "notes" in data:
        element["description"] = v.out(data["notes"])
    if data.get("currency_rate"):
        element["conversion_rate"] = v.out(data["currency_rate"])
    return element


def invoice_element(data: dict[str, Any]) -> dict[str, str]:
    """The Invoice fields of a canonical SALES invoice, less its lines and references."""
    element = _common(data)
    status = INVOICE_STATUS_OUT.get(data.get("status") or "", "Created")
    if status == "Approved" and data.get("sent_to_contact"):
        status = "Sent"
    element["invoicestatus"] = status
    for canonical, field in (("issue_date", "invoicedate"), ("due_date", "duedate")):
        if canonical in data:
            element[field] = v.out(data[canonical])
    # vtiger's balance is what is still owed: payments and allocated credit both reduce it.
    paid, credited = v.decimal(data.get("amount_paid")), v.decimal(data.get("amount_credited"))
    if paid is None and data.get("status") == "PAID":
        paid = v.decimal(data.get("total"))
    if paid is not None or credited:
        element["received"] = str((paid or Decimal(0)) + (credited or Decimal(0)))
    if "billing_address" in data or "shipping_address" in data:
        given = [
            {**address, "type": kind}
            for kind, address in (
                ("BILLING", data.get("billing_address")),
                ("SHIPPING", data.get("shipping_address")),
            )
            if address
        ]
        blocks = {"BILLING": "bill_", "SHIPPING": "ship_"}
        element.update(addresses_out(given, blocks, _same(ADDRESS_FIELDS)))
    return element


def purchase_order_element(data: dict[str, Any]) -> dict[str, str]:
    """The PurchaseOrder fields of a canonical purchase order, less lines and references.

    vtiger wants a billing and a shipping street: both take the delivery address.
    """
    element = _common(data)
    element["postatus"] = PO_STATUS_OUT.get(data.get("status") or "", "Created")
    if "delivery_date" in data:
        element["duedate"] = v.out(data["delivery_date"])
    if "delivery_address" in data:
        address = data.get("delivery_address")
        given = [{**address, "type": kind} for kind in ("BILLING", "SHIPPING")] if address else []
        blocks = {"BILLING": "bill_", "SHIPPING": "ship_"}
        element.update(addresses_out(given, blocks, _same(ADDRESS_FIELDS)))
    return element
