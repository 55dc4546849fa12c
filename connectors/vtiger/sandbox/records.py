"""create / retrieve / update / revise / delete, with vtiger's checks in vtiger's order."""

from __future__ import annotations

from typing import Any

from . import errors, inventory
from .errors import WebServiceError
from .fielddefs import Field, ModuleDef
from .state import Sandbox
from .store import Record
from .values import as_text, coerce, utcnow


def render(sb: Sandbox, record: Record) -> dict[str, Any]:
    """A record as query and sync return it: module fields, then `id`; all strings."""
    module = sb.catalog.modules[record.module]
    out: dict[str, Any] = {}
    values = record.values
    for f in module.fields:
        value = values.get(f.name, "")
        out[f.name] = _render_reference(sb, value) if f.is_reference else value
    out["id"] = sb.catalog.ws_id(record.module, record.number)
    return out


def render_full(sb: Sandbox, record: Record) -> dict[str, Any]:
    """A record as retrieve (and create/update/revise) return it: inventory adds its lines."""
    out = render(sb, record)
    if sb.catalog.modules[record.module].inventory:
        lines = inventory.render_lines(sb.catalog, record, out["id"])
        out["LineItems"] = lines
        # vtiger 7 copies the first line's item to the top level of a retrieved document.
        out["productid"] = lines[0]["productid"] if lines else ""
        out["LineItems_FinalDetails"] = inventory.final_details(record)
    return out


def _render_reference(sb: Sandbox, value: str) -> str | None:
    if not value:
        return ""
    prefix, _, number = value.partition("x")
    name = sb.catalog.by_prefix.get(int(prefix))
    if name is None or name not in sb.catalog.modules:
        return None
    # A reference whose target is gone (deleted or never existed) reads back as null.
    return value if sb.store.live(name, int(number)) is not None else None


def load(sb: Sandbox, ws_id: object) -> Record:
    """The live record an id names, or vtiger's error for a bad, foreign or missing id."""
    name, number = sb.catalog.split_id(ws_id)
    module = sb.catalog.modules.get(name)
    if module is None:
        raise errors.denied()
    record = sb.store.crm.get(number) if module.crm else sb.store.get(name, number)
    if record is None or record.deleted:
        raise WebServiceError(errors.RECORD_NOT_FOUND, errors.MSG_NOT_FOUND)
    if record.module != name:
        raise WebServiceError(errors.INVALID_ID_ATTRIBUTE, errors.MSG_BAD_ID)
    return record


def _check_reference(sb: Sandbox, f: Field, raw: str) -> str:
    try:
        target, number = sb.catalog.split_id(raw)
    except WebServiceError as exc:
        if exc.code == errors.ACCESS_DENIED:
            raise
        raise errors.reference_invalid(f.name) from None
    if target not in f.refers_to:
        raise errors.reference_invalid(f.name)
    return f"{sb.catalog.prefix(target)}x{number}"


def _check_owner(sb: Sandbox, raw: str) -> int:
    try:
        name, number = sb.catalog.split_id(raw)
    except WebServiceError:
        raise errors.denied(errors.MSG_CANNOT_ASSIGN) from None
    user = sb.store.get("Users", number) if name == "Users" else None
    if user is None or user.values.get("status") != "Active":
        raise errors.denied(errors.MSG_CANNOT_ASSIGN)
    return number


def _checked_values(
    sb: Sandbox, module: ModuleDef, element: dict[str, Any], mode: str
) -> dict[str, str]:
    """Validate an element and return the stored strings it sets (all fields unless revise)."""
    references: dict[str, str] = {}
    for f in module.fields:
        if f.type == "reference" and not f.computed and f.name in element:
            raw = as_text(element[f.name]).strip()
            references[f.name] = _check_reference(sb, f, raw) if raw else ""
    for f in module.fields:
        if not f.mandatory or (mode == "revise" and f.name not in element):
            continue
        # "0" is a value; only a missing key, null or "" count as missing.
        if f.name not in element or as_text(element[f.name]) == "":
            raise errors.mandatory_missing(f.name)
    out: dict[str, str] = {}
    owner = element.get("assigned_user_id")
    if owner is not None and as_text(owner) != "":
        out["assigned_user_id"] = sb.user_ws_id(_check_owner(sb, as_text(owner).strip()))
    for f in module.fields:
        if f.computed or f.name == "assigned_user_id":
            continue
        if f.name in references:
            out[f.name] = references[f.name]
        elif f.name in element:
            out[f.name] = coerce(f, element[f.name])
        elif mode == "create":
            out[f.name] = f.default if f.default is not None else ""
        elif mode == "update":
            # update replaces the whole record: what the element leaves out is cleared.
            out[f.name] = "0" if f.type == "boolean" else ""
    return out


def _element(raw: object) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    if raw is None or raw == "":
        return {}
    # Zend_Json decoded something that is not an object: PHP fails further on.
    raise WebServiceError(errors.INTERNAL_SERVER_ERROR, errors.MSG_INTERNAL)


def _writable(module: ModuleDef) -> None:
    if not module.writable:
        raise errors.denied(errors.MSG_WRITE_DENIED)


def _group_taxes(element: dict[str, Any]) -> dict[str, str]:
    taxes: dict[str, str] = {}
    for name in inventory.TAX_NAMES:
        if name in element:
            taxes[name] = coerce(inventory.PERCENT_FIELD, element[name])
    return taxes


def create(sb: Sandbox, user_id: int, element_type: str | None, raw: object) -> dict[str, Any]:
    module = sb.catalog.get(element_type)
    _writable(module)
    element = dict(_element(raw))
    if as_text(element.get("assigned_user_id")) == "":
        element["assigned_user_id"] = sb.user_ws_id(user_id)  # as the web UI defaults it
    values = _checked_values(sb, module, element, "create")
    if module.inventory and not values.get("currency_id"):
        values["currency_id"] = sb.catalog.ws_id("Currency", 1)  # the base currency
    lines: list[dict[str, str]] = []
    if module.inventory:
        lines = inventory.build_lines(sb.catalog, sb.store, element.get("LineItems"))
    now = utcnow()
    record = Record(
        module.name,
        sb.store.new_crmid(),
        values,
        created=now,
        modified=now,
        lines=lines,
        group_taxes=_group_taxes(element),
    )
    values[module.number_field] = sb.store.next_number(module)
    values["createdtime"] = values["modifiedtime"] = sb.stamp(now)
    values["modifiedby"] = sb.user_ws_id(user_id)
    record.owner = int(values["assigned_user_id"].partition("x")[2])
    if module.inventory:
        inventory.apply_totals(module, record)
    sb.store.add(record)
    return render_full(sb, record)


def retrieve(sb: Sandbox, ws_id: object) -> dict[str, Any]:
    return render_full(sb, load(sb, ws_id))


def save(sb: Sandbox, user_id: int, raw: object, mode: str) -> dict[str, Any]:
    """update (mode "update": the whole record) and revise (mode "revise": only given fields)."""
    element = _element(raw)
    record = load(sb, element.get("id"))
    module = sb.catalog.modules[record.module]
    _writable(module)
    values = _checked_values(sb, module, element, mode)
    lines = record.lines
    if module.inventory and (mode == "update" or element.get("LineItems")):
        lines = inventory.build_lines(sb.catalog, sb.store, element.get("LineItems"))
    taxes = _group_taxes(element)
    record.values.update(values)
    record.lines = lines
    record.group_taxes = taxes if mode == "update" else {**record.group_taxes, **taxes}
    record.owner = int(record.values["assigned_user_id"].partition("x")[2])
    now = utcnow()
    sb.store.touch(record, now)
    record.values["modifiedtime"] = sb.stamp(now)
    record.values["modifiedby"] = sb.user_ws_id(user_id)
    if module.inventory:
        inventory.apply_totals(module, record)
    return render_full(sb, record)


def delete(sb: Sandbox, user_id: int, ws_id: object) -> dict[str, str]:
    """Soft delete: the row stays, flagged, with a fresh modifiedtime so sync reports it."""
    record = load(sb, ws_id)
    _writable(sb.catalog.modules[record.module])
    record.deleted = True
    record.lines = []
    now = utcnow()
    sb.store.touch(record, now)
    record.values["modifiedtime"] = sb.stamp(now)
    record.values["modifiedby"] = sb.user_ws_id(user_id)
    return {"status": "successful"}
