"""Items: products and services that are sold or bought (Xero Items, vtiger Products,
Shopify variants)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from .base import CanonicalSchema, choice, flag, nested, text
from .fields import Currency, Money, Quantity, Ref

TYPES = ("PRODUCT", "SERVICE")
STATUSES = ("ACTIVE", "ARCHIVED")


class ItemSaleSchema(CanonicalSchema):
    """How the item is sold: price, and the tax code and account a sale line defaults to."""

    unit_price = Money()
    currency = Currency()
    tax_inclusive = flag(metadata={"description": "true when unit_price includes tax"})
    tax_code_id = Ref("tax_codes")
    account_id = Ref("accounts")


class ItemPurchaseSchema(ItemSaleSchema):
    """How the item is bought; tracked items post purchases to a cost-of-goods account."""

    cogs_account_id = Ref("accounts", metadata={"description": "cost of goods sold account"})


class ItemSchema(CanonicalSchema):
    """A product or service. Either `code` (the SKU) or `name` must be given."""

    code = text(255, metadata={"description": "item code or SKU"})
    name = text(255)
    description = text(metadata={"description": "sales description"})
    purchase_description = text()
    type = choice(*TYPES)
    category = text(255)
    unit = text(50, metadata={"description": "unit of measure, e.g. hours, kg"})
    barcode = text(255)
    status = choice(*STATUSES)
    is_sold = flag()
    is_purchased = flag()
    sale = nested(ItemSaleSchema)
    purchase = nested(ItemPurchaseSchema)
    is_tracked_as_inventory = flag()
    inventory_asset_account_id = Ref("accounts")
    # May go negative: shops oversell.
    quantity_on_hand = Quantity()

    @validates_schema
    def _consistent(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not (data.get("code") or data.get("name") or kwargs.get("partial")):
            raise ValidationError("An item needs a code or a name.", "name")
        for side, flag_name in (("sale", "is_sold"), ("purchase", "is_purchased")):
            if data.get(flag_name) is False and data.get(side):
                raise ValidationError(
                    f"Give no {side} details for an item with {flag_name} false.", side
                )
