"""Customer records: validation, addresses, uniqueness indexes and order statistics."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from . import errors
from .store import ShopStore
from .wire import gid, split_tags, utcnow

ZERO = Decimal("0.00")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,}$")
EDITABLE = ("email", "first_name", "last_name", "phone", "note", "state", "currency",
            "verified_email", "tax_exempt", "tax_exemptions", "multipass_identifier")  # fmt: skip
ADDRESS_KEYS = ("first_name", "last_name", "company", "address1", "address2", "city",
                "province", "province_code", "country", "country_code", "zip", "phone")  # fmt: skip


def _consent(value: Any, default_state: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return {
            "state": value.get("state", default_state),
            "opt_in_level": value.get("opt_in_level", "single_opt_in"),
            "consent_updated_at": value.get("consent_updated_at"),
        }
    return {"state": default_state, "opt_in_level": "single_opt_in", "consent_updated_at": None}


def _addresses(
    shop: ShopStore, customer_id: int, items: list[Any], old: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Replace the address list, keeping ids of addresses sent back with their id."""
    known = {a["id"] for a in old}
    result = []
    for item in (i for i in items if isinstance(i, dict)):
        ident = item.get("id") if item.get("id") in known else shop.new_id()
        address = {"id": ident, "customer_id": customer_id}
        address.update({k: item.get(k) for k in ADDRESS_KEYS})
        address["default"] = bool(item.get("default"))
        result.append(address)
    if result and not any(a["default"] for a in result):
        result[0]["default"] = True
    return result


def validate(shop: ShopStore, record: dict[str, Any]) -> None:
    """Shopify's 422 rules: a reachable identity, valid and unique email and phone."""
    problems: dict[str, list[str]] = {}
    email, phone = record.get("email") or "", str(record.get("phone") or "").strip()
    if not (email or phone or record.get("first_name") or record.get("last_name")):
        problems["base"] = ["Customer must have a name, phone number or email address"]
    if email and not _EMAIL.match(email):
        problems["email"] = ["is invalid"]
    elif email and shop.emails.get(email, record["id"]) != record["id"]:
        problems["email"] = ["has already been taken"]
    if phone and not _PHONE.match(phone):
        problems["phone"] = ["is invalid"]
    elif phone and shop.phones.get(phone, record["id"]) != record["id"]:
        problems["phone"] = ["has already been taken"]
    if problems:
        raise errors.invalid(problems)


def _index(shop: ShopStore, record: dict[str, Any], present: bool) -> None:
    for index, value in ((shop.emails, record.get("email")), (shop.phones, record.get("phone"))):
        if value and present:
            index[str(value).strip()] = record["id"]
        elif value and index.get(str(value).strip()) == record["id"]:
            del index[str(value).strip()]


def apply(shop: ShopStore, record: dict[str, Any], data: dict[str, Any]) -> None:
    """Copy the editable fields of a request body onto a record (read-only ones are ignored)."""
    for key in EDITABLE:
        if key in data:
            record[key] = data[key]
    if record.get("email"):
        record["email"] = str(record["email"]).strip().lower()
    if "tags" in data:
        record["tags"] = split_tags(data["tags"])
    if "email_marketing_consent" in data or "accepts_marketing" in data:
        legacy = "subscribed" if data.get("accepts_marketing") else "not_subscribed"
        record["email_marketing_consent"] = _consent(data.get("email_marketing_consent"), legacy)
    if "sms_marketing_consent" in data:
        record["sms_marketing_consent"] = _consent(data["sms_marketing_consent"], "not_subscribed")
    if isinstance(data.get("addresses"), list):
        record["addresses"] = _addresses(
            shop, record["id"], data["addresses"], record.get("addresses", [])
        )


def create_customer(shop: ShopStore, data: dict[str, Any]) -> dict[str, Any]:
    now = utcnow()
    record: dict[str, Any] = {
        "id": shop.new_id(), "email": None, "first_name": None, "last_name": None,
        "phone": None, "state": "disabled", "tags": "", "currency": shop.currency,
        "note": None, "verified_email": True, "tax_exempt": False, "tax_exemptions": [],
        "multipass_identifier": None, "addresses": [], "created_at": now, "updated_at": now,
        "email_marketing_consent": _consent(None, "not_subscribed"),
        "sms_marketing_consent": None, "orders_count": 0, "total_spent": ZERO,
        "last_order_id": None, "last_order_name": None,
    }  # fmt: skip
    apply(shop, record, data)
    validate(shop, record)
    shop.customers.add(record)
    _index(shop, record, True)
    shop.emit("customers/create", lambda: render_customer(record))
    return record


def update_customer(shop: ShopStore, record: dict[str, Any], data: dict[str, Any]) -> None:
    candidate = dict(record)
    apply(shop, candidate, data)
    validate(shop, candidate)
    _index(shop, record, False)
    record.update(candidate)
    _index(shop, record, True)
    record["updated_at"] = utcnow()
    shop.emit("customers/update", lambda: render_customer(record))


def delete_customer(shop: ShopStore, record: dict[str, Any]) -> None:
    if shop.customer_orders.get(record["id"]):
        raise errors.invalid_field(
            "base",
            "Error deleting customer. Customer can’t be deleted because they have existing orders",
        )
    shop.customers.remove(record["id"])
    _index(shop, record, False)
    payload = {"id": record["id"], "admin_graphql_api_id": gid("Customer", record["id"])}
    shop.emit("customers/delete", payload)


def find_by_email(shop: ShopStore, email: str) -> int | None:
    return shop.emails.get(email.strip().lower())


def render_customer(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    out["addresses"] = [dict(a) for a in record["addresses"]]
    default = next((a for a in out["addresses"] if a["default"]), None)
    out["default_address"] = dict(default) if default else None
    out["admin_graphql_api_id"] = gid("Customer", record["id"])
    return out


def refresh_stats(shop: ShopStore, order: dict[str, Any], removed: bool = False) -> None:
    """Keep orders_count / total_spent / last order in step after an order's money changes.

    total_spent moves by the change in this order's net payments, so the cost does not grow
    with the customer's order count.
    """
    from .order_math import money_summary

    record = shop.customers.get(order["customer_id"]) if order["customer_id"] else None
    if record is None:
        return
    net = ZERO if removed else money_summary(shop, order)["net_paid"]
    record["total_spent"] += net - order.get("_net_paid", ZERO)
    order["_net_paid"] = net
    ids = shop.customer_orders.get(record["id"], [])
    last = shop.orders.get(ids[-1]) if ids else None
    record["orders_count"] = len(ids)
    record["last_order_id"] = last["id"] if last else None
    record["last_order_name"] = last["name"] if last else None
    record["updated_at"] = utcnow()
