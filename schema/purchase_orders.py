"""Purchase orders: orders to suppliers, before any bill (Xero PurchaseOrders, vtiger
PurchaseOrder). They post nothing to the ledger."""

from __future__ import annotations

from typing import Any

from marshmallow import validates_schema

from .base import check_order, choice, date, flag, nested, text
from .common import AddressSchema
from .documents import DocumentSchema

STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED", "BILLED", "DELETED")


class PurchaseOrderSchema(DocumentSchema):
    """A purchase order to a supplier contact; `issue_date` is the order date."""

    status = choice(*STATUSES)
    delivery_date = date()
    expected_arrival_date = date()
    delivery_address = nested(AddressSchema)
    attention_to = text(255)
    telephone = text(50)
    delivery_instructions = text(500)
    sent_to_contact = flag()

    @validates_schema
    def _dates(self, data: dict[str, Any], **kwargs: Any) -> None:
        check_order(data, "issue_date", "delivery_date")
        check_order(data, "issue_date", "expected_arrival_date")
