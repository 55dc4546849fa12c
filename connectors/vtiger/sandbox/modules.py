"""The module catalogue: entity-type prefixes, webservice ids, listtypes and describe."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from . import errors
from .errors import WebServiceError
from .fielddefs import Field, ModuleDef
from .modules_crm import ACCOUNTS, CONTACTS, CURRENCY, USERS, VENDORS
from .modules_inventory import INVENTORY_MODULES
from .modules_items import PRODUCTS, SERVICES

# vtiger_ws_entity ids of a typical vtiger 6/7 install. Clients must read describe.idPrefix;
# the sandbox lets config override these to prove they do.
DEFAULT_PREFIXES: dict[str, int] = {
    "Campaigns": 1,
    "Vendors": 2,
    "Faq": 3,
    "Quotes": 4,
    "PurchaseOrder": 5,
    "SalesOrder": 6,
    "Invoice": 7,
    "PriceBooks": 8,
    "Calendar": 9,
    "Leads": 10,
    "Accounts": 11,
    "Contacts": 12,
    "Potentials": 13,
    "Products": 14,
    "Documents": 15,
    "Emails": 16,
    "HelpDesk": 17,
    "Events": 18,
    "Users": 19,
    "Groups": 20,
    "Currency": 21,
    "DocumentFolders": 22,
    "CompanyDetails": 23,
    "Services": 25,
    "LineItem": 33,
    "Tax": 34,
    "ProductTaxes": 35,
}

# Order of `listtypes` (vtiger lists modules in tabsequence order).
MODULES: tuple[ModuleDef, ...] = (
    ACCOUNTS,
    CONTACTS,
    PRODUCTS,
    SERVICES,
    VENDORS,
    *INVENTORY_MODULES,
    USERS,
    CURRENCY,
)

_WS_ID = re.compile(r"^(\d+)x(\d+)$")


class Catalog:
    """The emulated modules and the prefix table of this sandbox instance."""

    def __init__(self, prefixes: Mapping[str, int] | None = None) -> None:
        overrides = {name: int(p) for name, p in (prefixes or {}).items()}
        taken = set(overrides.values())
        if len(taken) != len(overrides):
            raise ValueError("id prefixes must be unique")
        # An override takes its number away from whichever default module held it.
        kept = {n: p for n, p in DEFAULT_PREFIXES.items() if n not in overrides and p not in taken}
        self.prefixes = {**kept, **overrides}
        self.by_prefix = {p: name for name, p in self.prefixes.items()}
        self.modules = {m.name: m for m in MODULES}
        missing = [name for name in (*self.modules, "LineItem") if name not in self.prefixes]
        if missing:
            raise ValueError(f"id prefix overrides leave no prefix for {', '.join(missing)}")
        self._lower = {name.lower(): m for name, m in self.modules.items()}

    def get(self, name: str | None) -> ModuleDef:
        """The module an `elementType` names (case-sensitive, like vtws_listtypes)."""
        module = self.modules.get(name or "")
        if module is None:
            raise errors.denied()
        return module

    def from_query_name(self, name: str) -> ModuleDef:
        """Query FROM names are looked up in SQL, so they match case-insensitively."""
        module = self._lower.get(name.lower())
        if module is None:
            raise errors.denied("Permission to perform the operation is denied for name")
        return module

    def prefix(self, module: str) -> int:
        return self.prefixes[module]

    def ws_id(self, module: str, number: int) -> str:
        return f"{self.prefixes[module]}x{number}"

    def split_id(self, value: object) -> tuple[str, int]:
        """Split `11x34` into (module name, 34); any module in the prefix table is known."""
        match = _WS_ID.match(str(value or "").strip())
        if not match:
            raise WebServiceError(errors.INVALID_ID_ATTRIBUTE, errors.MSG_BAD_ID)
        name = self.by_prefix.get(int(match.group(1)))
        if name is None:
            raise errors.denied(errors.MSG_DENIED_FOR_ID)
        return name, int(match.group(2))

    def listtypes(self, field_types: Iterable[str] | None = None) -> dict[str, object]:
        wanted = {t.lower() for t in field_types} if field_types else None
        types: list[str] = []
        information: dict[str, dict[str, object]] = {}
        for module in MODULES:
            if wanted is not None and not any(f.type in wanted for f in module.fields):
                continue
            types.append(module.name)
            information[module.name] = {
                "isEntity": module.is_entity,
                "label": module.label,
                "singular": module.singular,
            }
        return {"types": types, "information": information}

    def describe(self, name: str | None) -> dict[str, object]:
        module = self.get(name)
        fields = [f.describe() for f in module.fields]
        fields.append(_ID_FIELD)
        return {
            "label": module.label,
            "name": module.name,
            "createable": module.writable,
            "updateable": module.writable,
            "deleteable": module.writable,
            "retrieveable": True,
            "fields": fields,
            "idPrefix": str(self.prefixes[module.name]),
            "isEntity": module.is_entity,
            "labelFields": module.label_fields,
        }


_ID_FIELD: dict[str, object] = {
    "name": "id",
    "label": "id",
    "mandatory": False,
    "type": {"name": "autogenerated"},
    "nullable": False,
    "editable": False,
}


def mandatory_fields(module: ModuleDef) -> list[Field]:
    return [f for f in module.fields if f.mandatory]
