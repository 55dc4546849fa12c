"""Refund endpoints: list, get, create, and calculate (suggested refund transactions)."""

from __future__ import annotations

from typing import Any

from flask import Response

from . import errors
from .api import body, bp, needs, reply, respond, store
from .order_math import money_summary, totals
from .refund_data import (
    create_refund,
    line_refunds,
    render_refund,
    shipping_refund,
    suggested_amount,
)


def _order(order_id: int) -> dict[str, Any]:
    from .orders import find_order

    return find_order(order_id)


@bp.get("/orders/<int:order_id>/refunds.json")
@needs("orders")
def list_refunds(order_id: int) -> Response:
    shop, order = store(), _order(order_id)
    return respond({"refunds": [render_refund(shop, order, r) for r in order["refunds"]]})


@bp.get("/orders/<int:order_id>/refunds/<int:ident>.json")
@needs("orders")
def get_refund(order_id: int, ident: int) -> Response:
    shop, order = store(), _order(order_id)
    refund = next((r for r in order["refunds"] if r["id"] == ident), None)
    if refund is None:
        raise errors.not_found()
    return reply("refund", render_refund(shop, order, refund))


@bp.post("/orders/<int:order_id>/refunds.json")
@needs("orders")
def post_refund(order_id: int) -> Response:
    shop, order = store(), _order(order_id)
    refund = create_refund(shop, order, body("refund"))
    return reply("refund", render_refund(shop, order, refund), 201)


@bp.post("/orders/<int:order_id>/refunds/calculate.json")
@needs("orders")
def calculate(order_id: int) -> Response:
    """Suggest refund transactions for the given lines and shipping; nothing is stored."""
    shop, order = store(), _order(order_id)
    data = body("refund")
    lines = line_refunds(shop, order, data.get("refund_line_items"))
    ship, ship_tax = shipping_refund(order, data.get("shipping"))
    summary = money_summary(shop, order)
    refundable = summary["captured"] - summary["refunded"]
    amount = min(suggested_amount(order, lines, ship, ship_tax), refundable)
    parent = next(
        (
            t
            for t in reversed(shop.transactions.records.values())
            if t["order_id"] == order["id"]
            and t["kind"] in ("sale", "capture")
            and t["status"] == "success"
        ),
        None,
    )
    suggestion = (
        [
            {
                "order_id": order["id"],
                "kind": "suggested_refund",
                "gateway": parent["gateway"],
                "parent_id": parent["id"],
                "amount": amount,
                "currency": order["currency"],
                "maximum_refundable": refundable,
            }
        ]
        if parent and amount > 0
        else []
    )
    by_id = {li["id"]: li for li in order["line_items"]}
    refund = {
        "currency": order["currency"],
        "duties": [],
        "shipping": {
            "amount": ship,
            "tax": ship_tax,
            "maximum_refundable": totals(order)["total_shipping_price"],
        },
        "refund_line_items": [
            {
                **{k: v for k, v in r.items() if not k.startswith("_") and k != "id"},
                "price": by_id[r["line_item_id"]]["price"],
                "line_item": dict(by_id[r["line_item_id"]]),
            }
            for r in lines
        ],
        "transactions": suggestion,
    }
    return reply("refund", refund)
