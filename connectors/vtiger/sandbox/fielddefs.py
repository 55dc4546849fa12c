"""Field definitions: one frozen dataclass per field and small builders for the module tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# Decimal places vtiger's columns keep, which is how the values read back:
# currency columns are decimal(25,8), quantities and percentages decimal(25,3) / (7,3).
CURRENCY_SCALE = 8
QUANTITY_SCALE = 3

NUMERIC_TYPES = frozenset({"currency", "double", "integer"})


@dataclass(frozen=True)
class Field:
    """One module field, as `describe` reports it and as records store it."""

    name: str
    label: str
    type: str
    mandatory: bool = False
    refers_to: tuple[str, ...] = ()
    picklist: tuple[str, ...] = ()
    default: str | None = None
    editable: bool = True
    # Server-managed: ignored on write (auto numbers, times, recomputed totals).
    computed: bool = False
    scale: int = 0

    @property
    def is_reference(self) -> bool:
        return self.type in ("reference", "owner")

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    def describe(self) -> dict[str, object]:
        type_info: dict[str, object] = {"name": self.type}
        if self.type == "reference":
            type_info["refersTo"] = list(self.refers_to)
        if self.type == "picklist":
            type_info["picklistValues"] = [{"label": v, "value": v} for v in self.picklist]
            type_info["defaultValue"] = self.default or (self.picklist[0] if self.picklist else "")
        out: dict[str, object] = {
            "name": self.name,
            "label": self.label,
            "mandatory": self.mandatory,
            "type": type_info,
            "nullable": not self.mandatory,
            "editable": self.editable and not self.computed,
        }
        if self.default is not None:
            out["default"] = self.default
        return out


@dataclass(frozen=True)
class ModuleDef:
    """One webservice entity type: its fields and how the sandbox treats it."""

    name: str
    label: str
    singular: str
    fields: tuple[Field, ...]
    label_fields: str
    is_entity: bool = True
    writable: bool = True
    inventory: bool = False
    # Auto-number prefix (ACC, CON, INV, ...) and the field that carries it.
    number_prefix: str = ""
    number_field: str = ""
    # CRM entities share one crmid sequence; Users and Currency have their own tables.
    crm: bool = True

    def field(self, name: str) -> Field | None:
        return self.field_map.get(name)

    @cached_property
    def field_map(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}


def text(name: str, label: str, *, mandatory: bool = False, kind: str = "string") -> Field:
    return Field(name, label, kind, mandatory=mandatory)


def pick(
    name: str,
    label: str,
    values: tuple[str, ...],
    *,
    default: str | None = None,
    mandatory: bool = False,
) -> Field:
    return Field(name, label, "picklist", mandatory=mandatory, picklist=values, default=default)


def money(name: str, label: str, *, computed: bool = False, default: str | None = None) -> Field:
    return Field(name, label, "currency", computed=computed, scale=CURRENCY_SCALE, default=default)


def number(
    name: str, label: str, *, scale: int = QUANTITY_SCALE, default: str | None = None
) -> Field:
    return Field(name, label, "double", scale=scale, default=default)


def integer(name: str, label: str) -> Field:
    return Field(name, label, "integer")


def flag(name: str, label: str, *, default: str = "0") -> Field:
    return Field(name, label, "boolean", default=default)


def day(name: str, label: str) -> Field:
    return Field(name, label, "date")


def ref(name: str, label: str, targets: tuple[str, ...], *, mandatory: bool = False) -> Field:
    return Field(name, label, "reference", mandatory=mandatory, refers_to=targets)


def auto(name: str, label: str) -> Field:
    """An auto-numbered field such as account_no (ACC1, ACC2, ...)."""
    return Field(name, label, "string", editable=False, computed=True)


def standard() -> list[Field]:
    """Fields every CRM entity carries (owner, times, who modified it, description)."""
    return [
        Field("assigned_user_id", "Assigned To", "owner", mandatory=True, refers_to=("Users",)),
        Field("createdtime", "Created Time", "datetime", editable=False, computed=True),
        Field("modifiedtime", "Modified Time", "datetime", editable=False, computed=True),
        Field(
            "modifiedby",
            "Last Modified By",
            "reference",
            refers_to=("Users",),
            editable=False,
            computed=True,
        ),
        text("description", "Description", kind="text"),
    ]


def address(prefix: str, label: str, *, street_mandatory: bool = False) -> list[Field]:
    """bill_* / ship_* address blocks of organisations and inventory documents."""
    return [
        text(f"{prefix}_street", f"{label} Address", mandatory=street_mandatory, kind="text"),
        text(f"{prefix}_pobox", f"{label} PO Box"),
        text(f"{prefix}_city", f"{label} City"),
        text(f"{prefix}_state", f"{label} State"),
        text(f"{prefix}_code", f"{label} Postal Code"),
        text(f"{prefix}_country", f"{label} Country"),
    ]


def person_address(prefix: str, label: str) -> list[Field]:
    """mailing* / other* address blocks of contacts (vtiger names them without underscores)."""
    zip_name = f"{prefix}zip"
    return [
        text(f"{prefix}street", f"{label} Street", kind="text"),
        text(f"{prefix}pobox", f"{label} Po Box"),
        text(f"{prefix}city", f"{label} City"),
        text(f"{prefix}state", f"{label} State"),
        text(zip_name, f"{label} Zip"),
        text(f"{prefix}country", f"{label} Country"),
    ]
