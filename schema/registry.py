"""The entity registry: canonical entity name -> schema class, in dependency order."""

from __future__ import annotations

from functools import cache
from typing import Any

from .accounts import AccountSchema
from .base import CanonicalSchema
from .company import CompanySchema
from .contacts import ContactSchema
from .credit_notes import CreditNoteSchema
from .employees import EmployeeSchema
from .invoices import InvoiceSchema
from .items import ItemSchema
from .journals import JournalSchema
from .payments import PaymentSchema
from .purchase_orders import PurchaseOrderSchema
from .tax_codes import TaxCodeSchema
from .timesheets import TimesheetSchema
from .tracking_categories import TrackingCategorySchema

# Referenced entities come before the entities that reference them
# (tests check this against the references the schemas declare).
ENTITIES: dict[str, type[CanonicalSchema]] = {
    "company": CompanySchema,
    "tax_codes": TaxCodeSchema,
    "accounts": AccountSchema,
    "tracking_categories": TrackingCategorySchema,
    "contacts": ContactSchema,
    "items": ItemSchema,
    "employees": EmployeeSchema,
    "invoices": InvoiceSchema,
    "credit_notes": CreditNoteSchema,
    "purchase_orders": PurchaseOrderSchema,
    "payments": PaymentSchema,
    "journals": JournalSchema,
    "timesheets": TimesheetSchema,
}


def schema_class(entity: str) -> type[CanonicalSchema]:
    try:
        return ENTITIES[entity]
    except KeyError:
        raise KeyError(
            f"Unknown entity {entity!r}; the canonical entities are: {', '.join(ENTITIES)}."
        ) from None


@cache
def schema_for(entity: str) -> CanonicalSchema:
    """The schema instance for `entity`, shared: use it, don't change it."""
    return schema_class(entity)()


def load(entity: str, payload: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate a JSON payload and return it with Decimals and dates (ValidationError if bad)."""
    return schema_for(entity).load(payload, partial=partial)


def dump(entity: str, data: dict[str, Any]) -> dict[str, Any]:
    """Turn loaded data back into JSON-ready values (Decimals and dates as strings)."""
    return schema_for(entity).dump(data)


def validate(entity: str, payload: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Errors for a payload as marshmallow's nested messages; empty when valid."""
    return schema_for(entity).validate(payload, partial=partial)
