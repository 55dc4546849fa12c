"""vtiger Products and Services <-> canonical items.

vtiger has no purchase price, so `purchase` is never read (the hub keeps what another app
said) nor written; `discontinued` "1" means the item is active.
"""

from __future__ import annotations

from typing import Any

from . import values as v


def product_to_canonical(
    product: dict[str, Any], *, currency: str, prices_include_tax: bool
) -> dict[str, Any]:
    """A Product as a PRODUCT item; vtiger has no purchase price, so `purchase` is not carried."""
    data: dict[str, Any] = {
        "code": v.text(product.get("productcode")),
        "name": v.text(product.get("productname")),
        "description": v.text(product.get("description")),
        "type": "PRODUCT",
        "category": v.text(product.get("productcategory")),
        "unit": v.text(product.get("usageunit")),
        "status": "ACTIVE" if v.flag(product.get("discontinued")) else "ARCHIVED",
        "is_sold": True,
        "sale": _sale(product, currency, prices_include_tax),
        "quantity_on_hand": v.quantity(product.get("qtyinstock")),
    }
    return data


def service_to_canonical(
    service: dict[str, Any], *, currency: str, prices_include_tax: bool
) -> dict[str, Any]:
    """A Service as a SERVICE item (Services have no code of their own)."""
    return {
        "name": v.text(service.get("servicename")),
        "description": v.text(service.get("description")),
        "type": "SERVICE",
        "category": v.text(service.get("servicecategory")),
        "unit": v.text(service.get("service_usageunit")),
        "status": "ACTIVE" if v.flag(service.get("discontinued")) else "ARCHIVED",
        "is_sold": True,
        "sale": _sale(service, currency, prices_include_tax),
    }


def _sale(record: dict[str, Any], currency: str, inclusive: bool) -> dict[str, Any]:
    sale: dict[str, Any] = {"currency": currency, "tax_inclusive": inclusive}
    if (price := v.money(record.get("unit_price"))) is not None:
        sale["unit_price"] = price
    return sale


USAGE_UNITS = (
    "Box",
    "Carton",
    "Dozen",
    "Each",
    "Hours",
    "Impressions",
    "Lb",
    "M",
    "Pack",
    "Pages",
    "Pieces",
    "Quantity",
    "Reams",
    "Sheet",
    "Spiral Binder",
    "Sq Ft",
)
SERVICE_UNITS = ("Hours", "Days", "Incidents")


def _unit(unit: str | None, known: tuple[str, ...]) -> str:
    """vtiger's usage units are a picklist: match case-insensitively, else send as written."""
    if not unit:
        return ""
    return next((k for k in known if k.lower() == unit.lower()), unit)


def item_element(data: dict[str, Any], module: str) -> dict[str, str]:
    """The Product or Service fields a canonical item sets."""
    service = module == "Services"
    element: dict[str, str] = {"servicename" if service else "productname": _item_name(data)}
    if not service and "code" in data:
        element["productcode"] = v.out(data["code"])
    if "description" in data:
        element["description"] = v.out(data["description"])
    if "category" in data:
        element["servicecategory" if service else "productcategory"] = v.out(data["category"])
    if "unit" in data:
        units = SERVICE_UNITS if service else USAGE_UNITS
        element["service_usageunit" if service else "usageunit"] = _unit(data["unit"], units)
    if "status" in data:
        element["discontinued"] = "0" if data["status"] == "ARCHIVED" else "1"
    sale = data.get("sale") or {}
    if "unit_price" in sale:
        element["unit_price"] = v.out(sale["unit_price"])
    if not service and "quantity_on_hand" in data:
        element["qtyinstock"] = v.out(data["quantity_on_hand"])
    return element


def _item_name(data: dict[str, Any]) -> str:
    return str(data.get("name") or data.get("code") or "")
