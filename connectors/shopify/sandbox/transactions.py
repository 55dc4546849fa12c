"""Order transactions: authorization, capture, sale, void, refund; they drive financial_status."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import Response, jsonify, request

from . import errors
from .api import body, bp, needs, reply, respond, store
from .customer_data import refresh_stats
from .order_math import financial_status, money_summary, render_order, totals, transactions_of
from .store import ShopStore
from .wire import gid, money, pick_fields, utcnow

KINDS = ("authorization", "capture", "sale", "void", "refund")
STATUSES = ("pending", "failure", "success", "error")
ZERO = Decimal("0.00")


def _latest(txns: list[dict[str, Any]], kinds: tuple[str, ...]) -> dict[str, Any] | None:
    return next(
        (t for t in reversed(txns) if t["kind"] in kinds and t["status"] == "success"), None
    )


def _amount(data: dict[str, Any], default: Decimal) -> Decimal:
    try:
        amount = money(data.get("amount"), default)
    except ValueError:
        raise errors.invalid_field("amount", "is not a number") from None
    if amount <= 0:
        raise errors.invalid_field("amount", "must be greater than 0")
    return amount


def new_transaction(
    shop: ShopStore, order: dict[str, Any], data: dict[str, Any], created_at: datetime | None = None
) -> dict[str, Any]:
    """Validate and store one transaction (no webhooks; callers announce the change)."""
    kind = data.get("kind")
    if kind not in KINDS:
        raise errors.invalid_field("kind", "is not included in the list")
    status = data.get("status") or "success"
    if status not in STATUSES:
        raise errors.invalid_field("status", "is not included in the list")
    txns = transactions_of(shop, order)
    summary = money_summary(shop, order)
    parent = None
    if data.get("parent_id"):
        parent = next((t for t in txns if str(t["id"]) == str(data["parent_id"])), None)
        if parent is None:
            raise errors.invalid_field("parent_id", "is invalid")
    outstanding = totals(order)["current_total_price"] - summary["captured"]
    if kind in ("capture", "void"):
        voided = {t["parent_id"] for t in txns if t["kind"] == "void"}
        parent = parent or _latest([t for t in txns if t["id"] not in voided], ("authorization",))
        if parent is None or parent["kind"] != "authorization" or parent["id"] in voided:
            raise errors.invalid_field("base", "No capturable transaction was found")
        captured = sum(
            (
                t["amount"]
                for t in txns
                if t["parent_id"] == parent["id"]
                and t["kind"] == "capture"
                and t["status"] == "success"
            ),
            ZERO,
        )
        amount = _amount(
            data, parent["amount"] - captured if kind == "capture" else parent["amount"]
        )
        if kind == "capture" and amount > parent["amount"] - captured:
            raise errors.invalid_field(
                "amount", "must be less than or equal to the capturable amount"
            )
    elif kind == "refund":
        parent = parent or _latest(txns, ("capture", "sale"))
        refundable = summary["captured"] - summary["refunded"]
        amount = _amount(data, refundable)
        if parent is None or amount > refundable:
            raise errors.invalid_field(
                "base",
                f"Refund amount must be less than or equal to "
                f"the refundable amount of {refundable:.2f}",
            )
    else:
        amount = _amount(data, max(outstanding, ZERO))
    now = created_at or utcnow()
    ident = shop.new_id()
    record = {
        "id": ident,
        "order_id": order["id"],
        "kind": kind,
        "status": status,
        "amount": amount,
        "currency": data.get("currency") or order["currency"],
        "gateway": data.get("gateway") or (parent or {}).get("gateway") or "manual",
        "message": data.get("message"),
        "created_at": now,
        "processed_at": now,
        "test": bool(data.get("test", False)),
        "parent_id": parent["id"] if parent else None,
        "authorization": data.get("authorization")
        or (secrets.token_hex(6) if kind == "authorization" else None),
        "location_id": None,
        "user_id": None,
        "device_id": None,
        "error_code": data.get("error_code") if status != "success" else None,
        "source_name": data.get("source_name") or "web",
        "receipt": data.get("receipt") or {},
        "payment_id": f"c{order['id']}.{len(txns) + 1}",
        "currency_exchange_adjustment": None,
        "admin_graphql_api_id": gid("OrderTransaction", ident),
    }
    shop.transactions.add(record)
    shop.order_transactions.setdefault(order["id"], []).append(ident)
    if record["gateway"] not in order["payment_gateway_names"]:
        order["payment_gateway_names"].append(record["gateway"])
    return record


def settle(
    shop: ShopStore, order: dict[str, Any], data: dict[str, Any], emit_order: bool = True
) -> dict[str, Any]:
    """Add a transaction and move the order's financial_status, announcing both."""
    before = order["financial_status"]
    record = new_transaction(shop, order, data)
    order["financial_status"] = financial_status(shop, order)
    order["updated_at"] = utcnow()
    refresh_stats(shop, order)
    shop.emit("order_transactions/create", lambda: dict(record))
    if emit_order:
        shop.emit("orders/updated", lambda: render_order(shop, order))
    if order["financial_status"] == "paid" and before != "paid":
        shop.emit("orders/paid", lambda: render_order(shop, order))
    return record


def _order(order_id: int) -> dict[str, Any]:
    from .orders import find_order

    return find_order(order_id)


@bp.get("/orders/<int:order_id>/transactions.json")
@needs("orders")
def list_transactions(order_id: int) -> Response:
    # Only since_id and fields are honoured here; other filters are ignored, like Shopify.
    txns = transactions_of(store(), _order(order_id))
    since = request.args.get("since_id", type=int)
    if since is not None:
        txns = [t for t in txns if t["id"] > since]
    fields = [f for f in (request.args.get("fields") or "").split(",") if f]
    return respond({"transactions": [pick_fields(t, fields) for t in txns]})


@bp.get("/orders/<int:order_id>/transactions/count.json")
@needs("orders")
def count_transactions(order_id: int) -> Response:
    return jsonify({"count": len(transactions_of(store(), _order(order_id)))})


@bp.get("/orders/<int:order_id>/transactions/<int:ident>.json")
@needs("orders")
def get_transaction(order_id: int, ident: int) -> Response:
    txn = store().transactions.get(ident)
    if txn is None or txn["order_id"] != _order(order_id)["id"]:
        raise errors.not_found()
    return reply("transaction", txn)


@bp.post("/orders/<int:order_id>/transactions.json")
@needs("orders")
def post_transaction(order_id: int) -> Response:
    shop = store()
    record = settle(shop, _order(order_id), body("transaction"))
    return reply("transaction", record, 201)
