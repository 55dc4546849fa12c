"""Reading changes: `updated_at_min` windows resumed by `since_id`, and the order pages that
invoices, credit notes and payments share.

A cursor is `{"since": <updated_at_min>}` between runs. Inside a read it also holds `after`
(the last id read: pages come in id order because `since_id` is always sent) and `until`
(Shopify's clock when the read began, less an overlap): a read resumed after a crash goes on
from `after` in the same window, and the next window starts at `until`, so a record changed
while earlier pages were being read is caught next time rather than skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from hub.sdk.connector import ExternalRecord, Page

from .client import MAX_LIMIT, ShopifyClient
from .mapping_common import company_id, instant, iso, pair
from .mapping_contacts import (
    company_to_contact,
    customer_company,
    customer_id,
    customer_label,
    customer_to_contact,
)
from .mapping_items import product_items
from .mapping_money import credit_notes, has_payments, payment_label, transaction_to_payment
from .mapping_orders import order_label, order_to_invoice


@dataclass
class Window:
    since: str | None = None
    after: int = 0
    until: str | None = None

    @classmethod
    def of(cls, cursor: Any) -> Window:
        if isinstance(cursor, dict):
            return cls(cursor.get("since"), int(cursor.get("after") or 0), cursor.get("until"))
        return cls(str(cursor) if cursor else None)

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": MAX_LIMIT, "since_id": self.after}
        if self.since:
            params["updated_at_min"] = self.since
        return params

    def cursor(self, last_id: int, more: bool) -> dict[str, Any]:
        if more:
            return {"since": self.since, "after": last_id, "until": self.until}
        return {"since": self.until}


def window_pages(
    client: ShopifyClient,
    path: str,
    root: str,
    cursor: Any,
    overlap: timedelta,
    **extra: Any,
) -> Iterator[tuple[list[dict[str, Any]], dict[str, Any]]]:
    """Each page of records changed in the cursor's window, with the cursor past it."""
    window = Window.of(cursor)
    for records, more in client.pages(path, root, {**window.params(), **extra}):
        if window.until is None:
            window.until = iso(client.now() - overlap)
        last = max((int(r["id"]) for r in records), default=window.after)
        yield records, window.cursor(last, more)


@dataclass
class OrderPage:
    cursor: dict[str, Any]
    invoices: list[ExternalRecord] = field(default_factory=list)
    credit_notes: list[ExternalRecord] = field(default_factory=list)
    paid_orders: list[str] = field(default_factory=list)


def map_order(order: dict[str, Any]) -> tuple[ExternalRecord, list[ExternalRecord]]:
    """An order's invoice and its refunds' credit notes."""
    changed = instant(order.get("updated_at"))
    invoice = ExternalRecord(
        str(order["id"]), order_to_invoice(order), changed, label=order_label(order)
    )
    credits = [
        ExternalRecord(ident, data, changed, label=label)
        for ident, data, label in credit_notes(order)
    ]
    return invoice, credits


class Reader:
    """The connector's reads, with what one run can reuse: the shop, SKUs, order pages."""

    def __init__(self, client: ShopifyClient, overlap: timedelta) -> None:
        self.client = client
        self.overlap = overlap
        self._shop: dict[str, Any] | None = None
        self.skus: dict[str, str] = {}  # SKU -> variant id, from every product read
        # The order pages of the last complete read, for the next entity over the same
        # window: credit notes and payments then cost no further list calls.
        self._orders_key: str | None = None
        self._orders: list[OrderPage] = []

    def shop(self) -> dict[str, Any]:
        if self._shop is None:
            self._shop = self.client.get("shop.json", "shop")
        return self._shop

    # -- contacts ------------------------------------------------------------------------

    def contacts(self, cursor: Any) -> Iterator[Page]:
        companies: set[str] = set()
        before = cursor
        for customers, after in window_pages(
            self.client, "customers.json", "customers", cursor, self.overlap
        ):
            # The organizations named on this page go first, in a page of their own that
            # does not move the cursor, so the people's references find them stored.
            names = {n for c in customers if (n := customer_company(c))} - companies
            if names:
                companies |= names
                yield Page([company_record(n) for n in sorted(names)], before)
            yield Page([customer_record(c) for c in customers], after)
            before = after

    # -- items ---------------------------------------------------------------------------

    def items(self, cursor: Any) -> Iterator[Page]:
        for products, after in window_pages(
            self.client, "products.json", "products", cursor, self.overlap
        ):
            yield Page([r for p in products for r in self.product_records(p)], after)

    def product_records(self, product: dict[str, Any]) -> list[ExternalRecord]:
        changed = instant(product.get("updated_at"))
        records = []
        for ident, data, label in product_items(product, self.shop()):
            if data.get("code"):
                self.skus[str(data["code"])] = ident
            records.append(ExternalRecord(ident, data, changed, label=label))
        return records

    # -- orders and their money ----------------------------------------------------------

    def order_pages(self, cursor: Any, *, fresh: bool = False) -> Iterator[OrderPage]:
        """Pages of changed orders; unless `fresh`, replayed from the last complete read of
        the same window (without its invoices, which only the invoice read wants)."""
        key = json.dumps(cursor, sort_keys=True, default=str)
        if key == self._orders_key and not fresh:
            yield from self._orders
            return
        self._orders_key, kept = None, []
        for orders, after in window_pages(
            self.client, "orders.json", "orders", cursor, self.overlap, status="any"
        ):
            page = OrderPage(after)
            for order in orders:
                invoice, credits = map_order(order)
                page.invoices.append(invoice)
                page.credit_notes.extend(credits)
                if has_payments(order):
                    page.paid_orders.append(str(order["id"]))
            kept.append(OrderPage(after, [], page.credit_notes, page.paid_orders))
            yield page
        self._orders_key, self._orders = key, kept

    def invoices(self, cursor: Any) -> Iterator[Page]:
        for page in self.order_pages(cursor, fresh=True):
            yield Page(page.invoices, page.cursor)

    def credit_notes(self, cursor: Any) -> Iterator[Page]:
        for page in self.order_pages(cursor):
            yield Page(page.credit_notes, page.cursor)

    def payments(self, cursor: Any) -> Iterator[Page]:
        for page in self.order_pages(cursor):
            records = []
            for order_id in page.paid_orders:
                # Transactions have no updated_at filter: read per changed order.
                transactions = self.client.get(
                    f"orders/{order_id}/transactions.json", "transactions"
                )
                records += payment_records(order_id, transactions)
            yield Page(records, page.cursor)


def customer_record(customer: dict[str, Any]) -> ExternalRecord:
    return ExternalRecord(
        customer_id(customer),
        customer_to_contact(customer),
        instant(customer.get("updated_at")),
        label=customer_label(customer),
    )


def company_record(name: str) -> ExternalRecord:
    return ExternalRecord(company_id(name), company_to_contact(name), None, label=name)


def payment_records(order_id: str, transactions: list[dict[str, Any]]) -> list[ExternalRecord]:
    records = []
    for transaction in transactions:
        data = transaction_to_payment({"order_id": order_id, **transaction})
        if data is not None:
            records.append(
                ExternalRecord(
                    pair(order_id, transaction["id"]),
                    data,
                    instant(transaction.get("processed_at") or transaction.get("created_at")),
                    label=payment_label(transaction),
                )
            )
    return records
