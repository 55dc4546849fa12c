"""Field tables of the inventory modules (Quotes, SalesOrder, Invoice, PurchaseOrder) and of
their line items."""

from __future__ import annotations

from .fielddefs import (
    CURRENCY_SCALE,
    Field,
    ModuleDef,
    address,
    auto,
    day,
    money,
    number,
    pick,
    ref,
    standard,
    text,
)

TAX_TYPES = ("group", "individual")

# Totals every inventory document reads back; the server recomputes the computed ones from the
# lines on every save, the others are inputs to that computation.
TOTAL_FIELDS: tuple[Field, ...] = (
    money("hdnSubTotal", "Sub Total", computed=True),
    money("hdnGrandTotal", "Total", computed=True),
    money("pre_tax_total", "Pre Tax Total", computed=True),
    pick("hdnTaxType", "Tax Type", TAX_TYPES, default="group"),
    money("hdnDiscountAmount", "Discount Amount"),
    number("hdnDiscountPercent", "Discount Percent"),
    money("hdnS_H_Amount", "S&H Amount"),
    money("txtAdjustment", "Adjustment"),
)
CURRENCY_FIELDS: tuple[Field, ...] = (
    ref("currency_id", "Currency", ("Currency",)),
    number("conversion_rate", "Conversion Rate", default="1.000"),
)


def _document(*own: Field, street_mandatory: bool, tax_total: bool = False) -> tuple[Field, ...]:
    totals = TOTAL_FIELDS + ((money("txtTax", "Tax", computed=True),) if tax_total else ())
    return (
        *own,
        *CURRENCY_FIELDS,
        *address("bill", "Billing", street_mandatory=street_mandatory),
        *address("ship", "Shipping", street_mandatory=street_mandatory),
        text("terms_conditions", "Terms & Conditions", kind="text"),
        *totals,
        *standard(),
    )


QUOTES = ModuleDef(
    "Quotes",
    "Quotes",
    "Quote",
    label_fields="subject",
    inventory=True,
    number_prefix="QUO",
    number_field="quote_no",
    fields=_document(
        text("subject", "Subject", mandatory=True),
        auto("quote_no", "Quote No"),
        pick(
            "quotestage",
            "Quote Stage",
            ("Created", "Delivered", "Reviewed", "Accepted", "Rejected"),
            mandatory=True,
        ),
        ref("account_id", "Organization Name", ("Accounts",), mandatory=True),
        ref("contact_id", "Contact Name", ("Contacts",)),
        day("validtill", "Valid Till"),
        text("carrier", "Carrier"),
        text("shipping", "Shipping"),
        street_mandatory=True,
    ),
)

SALES_ORDER = ModuleDef(
    "SalesOrder",
    "Sales Order",
    "Sales Order",
    label_fields="subject",
    inventory=True,
    number_prefix="SO",
    number_field="salesorder_no",
    fields=_document(
        text("subject", "Subject", mandatory=True),
        auto("salesorder_no", "SalesOrder No"),
        ref("account_id", "Organization Name", ("Accounts",), mandatory=True),
        ref("contact_id", "Contact Name", ("Contacts",)),
        ref("quote_id", "Quote Name", ("Quotes",)),
        text("customerno", "Customer No"),
        text("vtiger_purchaseorder", "Purchase Order"),
        pick(
            "sostatus",
            "Status",
            ("Created", "Approved", "Delivered", "Cancelled"),
            default="Created",
        ),
        day("duedate", "Due Date"),
        text("carrier", "Carrier"),
        text("pending", "Pending"),
        number("exciseduty", "Excise Duty"),
        number("salescommission", "Sales Commission"),
        pick(
            "invoicestatus",
            "Invoice Status",
            ("AutoCreated", "Created", "Approved", "Sent", "Credit Invoice", "Paid"),
        ),
        pick("enable_recurring", "Enable Recurring", ("0", "1"), default="0"),
        pick(
            "recurring_frequency",
            "Frequency",
            ("--None--", "Daily", "Weekly", "Monthly", "Quarterly", "Yearly"),
        ),
        street_mandatory=True,
        tax_total=True,
    ),
)

INVOICE = ModuleDef(
    "Invoice",
    "Invoice",
    "Invoice",
    label_fields="subject",
    inventory=True,
    number_prefix="INV",
    number_field="invoice_no",
    fields=_document(
        text("subject", "Subject", mandatory=True),
        auto("invoice_no", "Invoice No"),
        ref("account_id", "Organization Name", ("Accounts",), mandatory=True),
        ref("contact_id", "Contact Name", ("Contacts",)),
        ref("salesorder_id", "Sales Order", ("SalesOrder",)),
        text("customerno", "Customer No"),
        text("vtiger_purchaseorder", "Purchase Order"),
        day("invoicedate", "Invoice Date"),
        day("duedate", "Due Date"),
        pick(
            "invoicestatus",
            "Status",
            ("AutoCreated", "Created", "Approved", "Sent", "Credit Invoice", "Paid"),
            default="Created",
        ),
        number("exciseduty", "Excise Duty"),
        number("salescommission", "Sales Commission"),
        money("received", "Received", default="0.00000000"),
        Field("balance", "Balance", "currency", computed=True, scale=CURRENCY_SCALE),
        street_mandatory=False,
    ),
)

PURCHASE_ORDER = ModuleDef(
    "PurchaseOrder",
    "Purchase Order",
    "Purchase Order",
    label_fields="subject",
    inventory=True,
    number_prefix="PO",
    number_field="purchaseorder_no",
    fields=_document(
        text("subject", "Subject", mandatory=True),
        auto("purchaseorder_no", "PurchaseOrder No"),
        ref("vendor_id", "Vendor Name", ("Vendors",), mandatory=True),
        ref("contact_id", "Contact Name", ("Contacts",)),
        text("requisition_no", "Requisition No"),
        text("tracking_no", "Tracking Number"),
        pick(
            "postatus",
            "Status",
            ("Created", "Approved", "Delivered", "Cancelled", "Received Shipment"),
            mandatory=True,
        ),
        day("duedate", "Due Date"),
        text("carrier", "Carrier"),
        street_mandatory=True,
    ),
)

INVENTORY_MODULES = (QUOTES, SALES_ORDER, INVOICE, PURCHASE_ORDER)

# Line-item fields a client may send in LineItems (VtigerLineItemOperation / inventoryproductrel).
LINE_ITEM_INPUTS: tuple[Field, ...] = (
    ref("productid", "Item Name", ("Products", "Services"), mandatory=True),
    number("quantity", "Quantity"),
    money("listprice", "List Price"),
    number("discount_percent", "Discount Percent"),
    money("discount_amount", "Discount Amount"),
    text("comment", "Comments", kind="text"),
    text("description", "Description", kind="text"),
    number("tax1", "VAT"),
    number("tax2", "Sales"),
    number("tax3", "Service"),
)
