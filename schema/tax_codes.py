"""Tax codes: the tax rates documents apply (Xero TaxRates, vtiger taxes, Shopify tax lines)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import PERCENTAGE, CanonicalSchema, choice, flag, fmt, many, text, total_of
from .fields import Percent

STATUSES = ("ACTIVE", "ARCHIVED", "DELETED", "PENDING")


class TaxComponentSchema(CanonicalSchema):
    """One tax making up the code, e.g. GST and PST in Canada."""

    name = text(255, required=True)
    rate = Percent(required=True, validate=PERCENTAGE)
    is_compound = flag(metadata={"description": "charged on the amount plus the other taxes"})
    is_non_recoverable = flag()


class TaxCodeSchema(CanonicalSchema):
    """A tax code. Without compound components, `rate` is the sum of the components' rates."""

    name = text(255, required=True)
    code = text(50, metadata={"description": "the app's code, e.g. Xero TaxType OUTPUT"})
    rate = Percent(validate=PERCENTAGE, metadata={"description": "effective rate, percent"})
    components = many(TaxComponentSchema)
    applies_to_sales = flag()
    applies_to_purchases = flag()
    status = choice(*STATUSES)

    @validates_schema
    def _rate(self, data: dict[str, Any], **kwargs: Any) -> None:
        components, rate = data.get("components"), data.get("rate")
        if not components or rate is None or any(c.get("is_compound") for c in components):
            return
        total = total_of(components, "rate")
        if total is not None and total != rate:
            raise ValidationError(
                f"Must equal the sum of the components' rates ({fmt(total)}), got {fmt(rate)}.",
                "rate",
            )
