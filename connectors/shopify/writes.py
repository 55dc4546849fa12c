"""Writing customers and items to Shopify, one call per change, creates safe to retry.

Shopify takes no idempotency key, so a create first looks for what an earlier attempt may
already have made: a customer by email, a variant by SKU (those read this run, then the
product whose handle the item's name gives). A found record is updated instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hub.sdk.connector import Notes, WriteOp, WriteResult
from hub.sdk.errors import SkipRecord

from .client import ShopifyClient
from .mapping_common import COMPANY, company_id, company_name
from .mapping_contacts import company_to_contact, contact_to_customer, customer_to_contact
from .mapping_items import (
    changed,
    handle_for,
    product_body,
    product_title,
    variant_body,
    variant_to_item,
)
from .reads import Reader


def each(ops: Sequence[WriteOp], write: Callable[[WriteOp], WriteResult]) -> list[WriteResult]:
    """One result per op; Shopify's refusal of one record (4xx) does not stop the others."""
    results = []
    for op in ops:
        try:
            results.append(write(op))
        except SkipRecord as exc:
            results.append(
                WriteResult(
                    op.record_id,
                    op.external_id,
                    error=exc.user_message,
                    field_errors=exc.field_errors,
                )
            )
    return results


class Writer:
    def __init__(self, client: ShopifyClient, reader: Reader) -> None:
        self.client = client
        self.reader = reader
        self.notes: Notes | None = None  # the run's notes, handed over by prepare()
        self._companies: dict[str, str] = {}  # company id -> hub record written this run

    # -- contacts ------------------------------------------------------------------------

    def contact(self, op: WriteOp) -> WriteResult:
        if op.data.get("kind") == "ORGANIZATION" or (op.external_id or "").startswith(COMPANY):
            return self._company(op)
        if op.action == "delete":
            self.client.request("DELETE", f"customers/{op.external_id}.json", accept_status=(404,))
            return WriteResult(op.record_id, op.external_id)
        body = contact_to_customer(op.data)
        target = op.external_id if op.action == "update" else self._customer_by_email(body)
        if target:
            customer = self._update_customer(target, body)
        else:
            customer = self.client.call(
                "POST", "customers.json", "customer", json={"customer": body}
            )
        return WriteResult(op.record_id, str(customer["id"]), data=customer_to_contact(customer))

    def _company(self, op: WriteOp) -> WriteResult:
        """Organizations live on their people's addresses: nothing to call, a link to keep."""
        if op.action == "delete":
            return WriteResult(op.record_id, op.external_id)
        name = company_name(op.data.get("name"))
        if name is None:
            return WriteResult(op.record_id, error="An organization needs a name.")
        ident = company_id(name)
        if self._companies.setdefault(ident, op.record_id) != op.record_id:
            return WriteResult(
                op.record_id,
                error=f"Another organization named {name} is already shared with Shopify.",
            )
        return WriteResult(op.record_id, ident, data=company_to_contact(name))

    def _customer_by_email(self, body: dict[str, Any]) -> str | None:
        email = str(body.get("email") or "").strip().lower()
        if not email:
            return None
        found = self.client.get("customers/search.json", "customers", query=f"email:{email}")
        match = next((c for c in found if str(c.get("email") or "").lower() == email), None)
        return str(match["id"]) if match else None

    def _update_customer(self, ident: str, body: dict[str, Any]) -> dict[str, Any]:
        if "addresses" in body:
            # Sending an address back with its id updates it rather than adding another.
            current = self.client.find(f"customers/{ident}.json", "customer")
            if current is None:
                raise SkipRecord("Shopify no longer has this customer.", status=404)
            ids = [a.get("id") for a in current.get("addresses") or []]
            body = {
                **body,
                "addresses": [
                    {**a, "id": ids[i]} if i < len(ids) else a
                    for i, a in enumerate(body["addresses"])
                ],
            }
        return self.client.call(
            "PUT", f"customers/{ident}.json", "customer", json={"customer": body}
        )

    # -- items ---------------------------------------------------------------------------

    def item(self, op: WriteOp) -> WriteResult:
        if op.action == "delete":
            self._delete_variant(str(op.external_id))
            return WriteResult(op.record_id, op.external_id)
        if op.action == "update" and op.external_id:
            return self._update_variant(op, op.external_id)
        existing = self._variant_for(op.data)
        if existing is not None:
            return self._update_variant(op, existing)
        body = {**product_body(op.data), "variants": [variant_body(op.data)]}
        product = self.client.call("POST", "products.json", "product", json={"product": body})
        return self._result(op, product, product["variants"][0])

    def _variant_for(self, data: dict[str, Any]) -> str | None:
        """A variant an earlier attempt made for this item: same SKU, and the product its
        name would have been given (no SKU: its only variant has none either)."""
        code = str(data.get("code") or "")
        if code and code in self.reader.skus:
            return self.reader.skus[code]
        title = str(data.get("name") or code)
        if not handle_for(title):
            return None
        products = self.client.get("products.json", "products", handle=handle_for(title))
        for product in products:
            for variant in product.get("variants") or []:
                if str(variant.get("sku") or "") == code:
                    return str(variant["id"])
        return None

    def _update_variant(self, op: WriteOp, ident: str) -> WriteResult:
        body = {"id": int(ident), **variant_body(op.data)}
        variant = self.client.call(
            "PUT", f"variants/{ident}.json", "variant", json={"variant": body}
        )
        product_id = variant["product_id"]
        product = self.client.get(f"products/{product_id}.json", "product")
        wanted = changed(product, product_body(op.data, product_title(op.data, variant)))
        if wanted and len(product.get("variants") or []) > 1:
            # Name, description, category and status belong to the whole product: one of its
            # variants does not get to change them for the others.
            if self.notes is not None:
                self.notes.add(
                    "items",
                    op.record_id,
                    f"{', '.join(sorted(wanted))} not changed in Shopify: the product "
                    f"{product.get('title')} has other variants that share it.",
                )
        elif wanted:
            product = self.client.call(
                "PUT",
                f"products/{product_id}.json",
                "product",
                json={"product": {"id": product_id, **wanted}},
            )
        current = next(v for v in product["variants"] if str(v["id"]) == ident)
        return self._result(op, product, current)

    def _delete_variant(self, ident: str) -> None:
        variant = self.client.find(f"variants/{ident}.json", "variant")
        if variant is None:
            return  # already gone
        product_id = variant["product_id"]
        response = self.client.request(
            "DELETE", f"products/{product_id}/variants/{ident}.json", accept_status=(404, 422)
        )
        if response.status_code == 422:
            # A product keeps at least one variant: archive it (its orders keep their history).
            self.client.call(
                "PUT",
                f"products/{product_id}.json",
                "product",
                json={"product": {"id": product_id, "status": "archived"}},
            )

    def _result(self, op: WriteOp, product: dict[str, Any], variant: dict[str, Any]) -> WriteResult:
        data = variant_to_item(product, variant, self.reader.shop())
        if data.get("code"):
            self.reader.skus[str(data["code"])] = str(variant["id"])
        return WriteResult(op.record_id, str(variant["id"]), data=data)
