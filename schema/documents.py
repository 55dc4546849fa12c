"""What invoices, credit notes and purchase orders share: lines, currency and totals.

Amounts follow Xero's model, which the other apps map onto:

- `line_amount` is quantity x unit_price less discount, as the app computed it;
  with `line_amount_type` INCLUSIVE it includes tax, otherwise it does not;
- `total_tax` is the sum of the lines' `tax_amount` (tax is rounded per line);
- `subtotal` is net of tax: the sum of line amounts, less `total_tax` when INCLUSIVE;
- `total` = `subtotal` + `total_tax`; a NONE document carries no tax.

Each rule is checked only when every figure it needs is present.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import (
    NON_NEGATIVE,
    PERCENTAGE,
    POSITIVE,
    CanonicalSchema,
    choice,
    date,
    fmt,
    many,
    only_one,
    text,
    total_of,
)
from .common import TrackingSchema
from .fields import Currency, Money, Percent, Quantity, Ref

LINE_AMOUNT_TYPES = ("EXCLUSIVE", "INCLUSIVE", "NONE")


class DocumentLineSchema(CanonicalSchema):
    """One line of an invoice, credit note or purchase order. A line may be text only."""

    item_id = Ref("items")
    description = text()
    quantity = Quantity(validate=NON_NEGATIVE)
    unit_price = Money()
    discount_rate = Percent(validate=PERCENTAGE)
    discount_amount = Money(validate=NON_NEGATIVE)
    account_id = Ref("accounts")
    tax_code_id = Ref("tax_codes")
    tax_amount = Money()
    line_amount = Money()
    tracking = many(TrackingSchema)

    @validates_schema
    def _one_discount(self, data: dict[str, Any], **kwargs: Any) -> None:
        only_one(data, "discount_rate", "discount_amount")


class DocumentSchema(CanonicalSchema):
    """Fields and checks common to every commercial document."""

    number = text(255)
    reference = text(255)
    contact_id = Ref("contacts")
    issue_date = date()
    currency = Currency()
    currency_rate = Quantity(
        validate=POSITIVE,
        metadata={"description": "exchange rate to the base currency, as the app states it"},
    )
    line_amount_type = choice(*LINE_AMOUNT_TYPES)
    lines = many(DocumentLineSchema)
    subtotal = Money()
    total_discount = Money()
    total_tax = Money()
    total = Money()
    notes = text()

    @validates_schema
    def _totals(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        kind = data.get("line_amount_type")
        subtotal, tax, total = data.get("subtotal"), data.get("total_tax"), data.get("total")
        if kind == "NONE" and tax:
            errors["total_tax"] = [f"Must be 0 when line_amount_type is NONE, got {fmt(tax)}."]
        lines = data.get("lines")
        if lines:
            line_tax = total_of(lines, "tax_amount")
            if line_tax is not None and tax is not None and line_tax != tax:
                errors["total_tax"] = [
                    f"Must equal the sum of the lines' tax_amount ({fmt(line_tax)}), "
                    f"got {fmt(tax)}."
                ]
            line_sum = total_of(lines, "line_amount")
            inclusive = kind == "INCLUSIVE"
            if line_sum is not None and subtotal is not None and (tax is not None or not inclusive):
                expected = line_sum - tax if inclusive else line_sum
                if expected != subtotal:
                    how = "the sum of line amounts" + (" less total_tax" if inclusive else "")
                    errors["subtotal"] = [
                        f"Must equal {how} ({fmt(expected)}), got {fmt(subtotal)}."
                    ]
        if None not in (subtotal, tax, total) and subtotal + tax != total:
            errors["total"] = [
                f"Must equal subtotal + total_tax ({fmt(subtotal + tax)}), got {fmt(total)}."
            ]
        if errors:
            raise ValidationError(errors)
