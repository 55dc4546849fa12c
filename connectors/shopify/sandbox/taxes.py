"""Money helpers for orders: cent rounding, exact allocation, and tax lines."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from . import errors
from .wire import CENT, money, money_set, number

ZERO = Decimal("0.00")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split `total` in proportion to weights, cents exact (the last share takes the rest)."""
    base = sum(weights, ZERO)
    if not weights:
        return []
    if base == 0:
        return [ZERO] * (len(weights) - 1) + [total]
    shares = [cents(total * w / base) for w in weights[:-1]]
    return shares + [total - sum(shares, ZERO)]


def tax_amount(base: Decimal, rate: Decimal, included: bool) -> Decimal:
    """Tax on a net amount, or the tax contained in a tax-inclusive amount."""
    return cents(base * rate / (1 + rate) if included else base * rate)


def tax_lines(items: Any, base: Decimal, included: bool, currency: str) -> list[dict]:
    lines = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            rate = number(item.get("rate", 0))
            price = (
                money(item["price"])
                if item.get("price") not in (None, "")
                else tax_amount(base, rate, included)
            )
        except ValueError:
            raise errors.invalid_field("tax_lines", "price is invalid") from None
        lines.append(
            {
                "title": item.get("title") or "Tax",
                "rate": rate,
                "price": price,
                "price_set": money_set(price, currency),
                "channel_liable": False,
            }
        )
    return lines


def spread_order_taxes(taxes: list[dict], lines: list[dict], included: bool, currency: str) -> None:
    """Order-level tax_lines are pushed down onto the taxable line items."""
    taxable = [line for line in lines if line["taxable"]]
    for tax in taxes:
        try:
            rate = number(tax.get("rate", 0))
            total = money(tax["price"]) if tax.get("price") not in (None, "") else None
        except ValueError:
            raise errors.invalid_field("tax_lines", "price is invalid") from None
        bases = [line["_net"] for line in taxable]
        shares = (
            allocate(total, bases)
            if total is not None
            else [tax_amount(b, rate, included) for b in bases]
        )
        for line, share in zip(taxable, shares, strict=True):
            line["tax_lines"].append(
                {
                    "title": tax.get("title") or "Tax",
                    "rate": rate,
                    "price": share,
                    "price_set": money_set(share, currency),
                    "channel_liable": False,
                }
            )
