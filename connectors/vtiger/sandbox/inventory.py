"""Inventory documents: LineItems validation and the totals the server recomputes on each save.

The arithmetic follows VtigerLineItemOperation::updateParent (vtiger 7): per line
`net = listprice * quantity - discount`; in individual tax mode each line's tax1..tax3 percent
applies to that line and is added into the subtotal; the document discount comes off the
subtotal; `pre_tax_total = subtotal - discount + S&H`; group taxes apply to
`subtotal - discount`; `hdnGrandTotal = pre_tax_total + group taxes + txtAdjustment`.
Invoices then get `balance = hdnGrandTotal - received` and turn Paid when it is 0
(modules/Invoice/InvoiceHandler.php).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import errors
from .errors import WebServiceError
from .fielddefs import CURRENCY_SCALE, ModuleDef, number
from .modules import Catalog
from .modules_inventory import LINE_ITEM_INPUTS
from .store import Record, Store
from .values import as_text, coerce, format_decimal, to_decimal

TAX_NAMES = ("tax1", "tax2", "tax3")
TAX_LABELS = {"tax1": "VAT", "tax2": "Sales", "tax3": "Service"}
ITEM_MODULES = ("Products", "Services")
HUNDRED = Decimal(100)
# How a document-level group tax percentage (tax1..tax3 on the element) is stored.
PERCENT_FIELD = number("tax", "Tax")


def money(amount: Decimal) -> str:
    """A currency amount as vtiger's decimal(25,8) columns return it."""
    return format_decimal(amount, CURRENCY_SCALE)


@dataclass
class LineTotals:
    gross: Decimal
    discount: Decimal
    net: Decimal
    taxes: dict[str, Decimal] = field(default_factory=dict)

    @property
    def tax(self) -> Decimal:
        return sum(self.taxes.values(), Decimal(0))


@dataclass
class Totals:
    mode: str
    lines: list[LineTotals]
    subtotal: Decimal
    discount: Decimal
    shipping: Decimal
    pre_tax: Decimal
    group_taxes: dict[str, Decimal]
    adjustment: Decimal
    grand: Decimal

    @property
    def tax(self) -> Decimal:
        if self.mode == "individual":
            return sum((line.tax for line in self.lines), Decimal(0))
        return sum(self.group_taxes.values(), Decimal(0))


def build_lines(catalog: Catalog, store: Store, raw: object) -> list[dict[str, str]]:
    """Validate a LineItems array and turn it into stored lines with fresh line ids."""
    if not isinstance(raw, list) or not raw:
        raise WebServiceError(errors.MANDATORY_FIELDS_MISSING, errors.MSG_LINE_ITEMS_MISSING)
    lines: list[dict[str, str]] = []
    for sequence, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise WebServiceError(errors.MANDATORY_FIELDS_MISSING, errors.MSG_LINE_ITEMS_MISSING)
        product_ref = as_text(item.get("productid")).strip()
        if not product_ref:
            raise errors.mandatory_missing("productid")
        try:
            module_name, number = catalog.split_id(product_ref)
        except WebServiceError:
            raise errors.reference_invalid("productid") from None
        product = store.live(module_name, number) if module_name in ITEM_MODULES else None
        if product is None:
            raise errors.reference_invalid("productid")
        line = {f.name: coerce(f, item.get(f.name)) for f in LINE_ITEM_INPUTS if not f.is_reference}
        if line["listprice"] == "":
            # An omitted list price falls back to the item's unit price, as in vtiger.
            line["listprice"] = product.values.get("unit_price") or money(Decimal(0))
        if line["quantity"] == "":
            line["quantity"] = "0.000"
        name_field = "productname" if module_name == "Products" else "servicename"
        line.update(
            productid=product_ref,
            sequence_no=str(sequence),
            lineitem_id=str(store.new_line_id()),
            incrementondel="1",
            entity_type=module_name,
            product_name=product.values.get(name_field, ""),
        )
        lines.append(line)
    return lines


def compute(record: Record) -> Totals:
    """The document totals from its lines and inputs (pure: nothing is written)."""
    values = record.values
    mode = (values.get("hdnTaxType") or "group").lower()
    mode = mode if mode in ("group", "individual") else "group"
    lines: list[LineTotals] = []
    subtotal = Decimal(0)
    for line in record.lines:
        gross = to_decimal(line["quantity"]) * to_decimal(line["listprice"])
        amount_off = to_decimal(line.get("discount_amount"))
        percent_off = to_decimal(line.get("discount_percent"))
        discount = amount_off if amount_off else gross * percent_off / HUNDRED
        totals = LineTotals(gross=gross, discount=discount, net=gross - discount)
        if mode == "individual":
            for name in TAX_NAMES:
                percent = to_decimal(line.get(name))
                if percent:
                    totals.taxes[name] = totals.net * percent / HUNDRED
        subtotal += totals.net + totals.tax
        lines.append(totals)
    discount_amount = to_decimal(values.get("hdnDiscountAmount"))
    if discount_amount > 0:
        discount = discount_amount
    else:
        discount = to_decimal(values.get("hdnDiscountPercent")) * subtotal / HUNDRED
    shipping = to_decimal(values.get("hdnS_H_Amount"))
    pre_tax = subtotal - discount + shipping
    group_taxes: dict[str, Decimal] = {}
    if mode == "group":
        for name in TAX_NAMES:
            percent = to_decimal(record.group_taxes.get(name))
            if percent:
                group_taxes[name] = (subtotal - discount) * percent / HUNDRED
    adjustment = to_decimal(values.get("txtAdjustment"))
    grand = pre_tax + sum(group_taxes.values(), Decimal(0)) + adjustment
    return Totals(
        mode, lines, subtotal, discount, shipping, pre_tax, group_taxes, adjustment, grand
    )


def apply_totals(module: ModuleDef, record: Record) -> None:
    """Write the recomputed totals (and the invoice balance rule) into the record."""
    totals = compute(record)
    values = record.values

    values["hdnTaxType"] = totals.mode
    values["hdnSubTotal"] = money(totals.subtotal)
    values["pre_tax_total"] = money(totals.pre_tax)
    values["hdnGrandTotal"] = money(totals.grand)
    if module.field("txtTax") is not None:
        values["txtTax"] = money(totals.tax)
    if not values.get("conversion_rate"):
        values["conversion_rate"] = "1.000"
    if module.name == "Invoice":
        # Compare what the client can see: the grand total as stored (8 places).
        received = to_decimal(values.get("received"))
        values["received"] = money(received)
        balance = to_decimal(values["hdnGrandTotal"]) - received
        values["balance"] = money(balance)
        if balance == 0:
            values["invoicestatus"] = "Paid"


def render_lines(catalog: Catalog, record: Record, parent_id: str) -> list[dict[str, object]]:
    """LineItems as retrieve returns them: every value a string; ids change on every save."""
    out: list[dict[str, object]] = []
    for line in record.lines:
        item: dict[str, object] = {"parent_id": parent_id, **line}
        item["id"] = catalog.ws_id("LineItem", int(line["lineitem_id"]))
        item["deleted"] = "0"
        out.append(item)
    return out


def final_details(record: Record) -> dict[str, object]:
    """LineItems_FinalDetails: per-line money breakdown keyed "1".."n"; "1" holds the totals."""
    totals = compute(record)

    values = record.values
    if to_decimal(values.get("hdnDiscountAmount")) > 0:
        discount_type = "amount"
    elif to_decimal(values.get("hdnDiscountPercent")):
        discount_type = "percentage"
    else:
        discount_type = "zero"
    percents = record.group_taxes if totals.mode == "group" else {}
    summary = {
        "hdnSubTotal": money(totals.subtotal),
        "discount_type_final": discount_type,
        "discount_percentage_final": values.get("hdnDiscountPercent", ""),
        "discount_amount_final": values.get("hdnDiscountAmount", ""),
        "discountTotal_final": money(totals.discount),
        "taxtype": totals.mode,
        "taxes": [
            {
                "taxname": name,
                "taxlabel": TAX_LABELS[name],
                "percentage": percents.get(name, ""),
                "amount": money(totals.group_taxes.get(name, Decimal(0))),
            }
            for name in TAX_NAMES
        ],
        "tax_totalamount": money(totals.tax),
        "shipping_handling_charge": money(totals.shipping),
        "adjustment": money(totals.adjustment),
        "preTaxTotal": money(totals.pre_tax),
        "grandTotal": values.get("hdnGrandTotal", money(totals.grand)),
    }
    details: dict[str, dict[str, object]] = {}
    for n, (line, sums) in enumerate(zip(record.lines, totals.lines, strict=True), start=1):
        details[str(n)] = {
            f"hdnProductId{n}": line["productid"],
            f"productName{n}": line["product_name"],
            f"entityType{n}": line["entity_type"],
            f"qty{n}": line["quantity"],
            f"listPrice{n}": line["listprice"],
            f"discount_percent{n}": line["discount_percent"],
            f"discount_amount{n}": line["discount_amount"],
            f"comment{n}": line["comment"],
            f"productTotal{n}": money(sums.gross),
            f"discountTotal{n}": money(sums.discount),
            f"totalAfterDiscount{n}": money(sums.net),
            f"taxTotal{n}": money(sums.tax),
            f"netPrice{n}": money(sums.net + sums.tax),
        }
    details["1"] = {**details.get("1", {}), "final_details": summary}
    return dict(details)
