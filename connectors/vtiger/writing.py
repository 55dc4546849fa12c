"""Writing: one webservice call per record (vtiger has no batch operation), `revise` for
updates so fields the hub does not carry are left alone, and each result read back through
the same mapping as a pull, so the engine recognises the echo."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from hub.sdk import ConnectorError, Notes, SkipRecord, WriteOp, WriteResult

from . import documents, mapping, mapping_items
from .client import VtigerClient, code_of
from .lookups import Lookups
from .reading import Reader

PARTIES = ("Accounts", "Vendors", "Contacts")
ITEMS = ("Products", "Services")


class Writer:
    def __init__(self, api: VtigerClient, lookups: Lookups, reader: Reader) -> None:
        self.api = api
        self.lookups = lookups
        self.reader = reader
        # The run's notes, as `prepare` last received them: a write that half succeeds
        # (an organization saved, one of its people refused) says so there.
        self.notes = Notes()

    def write(self, entity: str, ops: Sequence[WriteOp]) -> list[WriteResult]:
        handler: Callable[[WriteOp], WriteResult] = {
            "contacts": self._contact,
            "items": self._item,
            "invoices": self._invoice,
            "purchase_orders": self._purchase_order,
        }[entity]
        results = []
        for op in ops:
            try:
                results.append(self._delete(op) if op.action == "delete" else handler(op))
            except SkipRecord as exc:  # vtiger refused this record: its message, and on we go
                results.append(
                    WriteResult(
                        op.record_id,
                        op.external_id,
                        error=exc.user_message,
                        field_errors=exc.field_errors,
                    )
                )
        return results

    # -- the calls -----------------------------------------------------------------------

    def _save(self, module: str, op: WriteOp, element: dict[str, Any]) -> dict[str, Any]:
        """create, or revise (partial: what the hub does not carry stays as it is)."""
        if op.action == "create" or not op.external_id:
            saved = self.api.call(
                "create", writing=True, elementType=module, element=json.dumps(element)
            )
        else:
            saved = self.api.call(
                "revise", writing=True, element=json.dumps({**element, "id": op.external_id})
            )
        self.lookups.learn(module, [saved["id"]])
        return dict(saved)

    def _delete(self, op: WriteOp) -> WriteResult:
        try:
            self.api.call("delete", writing=True, id=op.external_id)
        except SkipRecord as exc:
            if code_of(exc) != "RECORD_NOT_FOUND":  # already gone is what was asked
                raise
        return WriteResult(op.record_id, op.external_id)

    def _module(self, op: WriteOp, candidates: tuple[str, ...], wanted: str) -> str:
        """The module to write: an existing record stays in its own module."""
        if op.action == "update" and op.external_id:
            return self.lookups.module_of(op.external_id, candidates) or wanted
        return wanted

    # -- contacts ------------------------------------------------------------------------

    def _contact(self, op: WriteOp) -> WriteResult:
        data = op.data
        if data.get("kind") == "PERSON":
            wanted = "Contacts"
        elif data.get("is_supplier") and not data.get("is_customer"):
            wanted = "Vendors"  # vtiger's purchase orders go to Vendors
        else:
            wanted = "Accounts"
        module = self._module(op, PARTIES, wanted)
        if module == "Contacts":
            saved = self._save(module, op, mapping.contact_element(data))
            return WriteResult(op.record_id, saved["id"], data=mapping.contact_to_canonical(saved))
        if module == "Vendors":
            saved = self._save(module, op, mapping.vendor_element(data))
            return WriteResult(op.record_id, saved["id"], data=mapping.vendor_to_canonical(saved))
        saved = self._save(module, op, mapping.account_element(data))
        # The Account exists from here on: whatever happens to its people, its id must
        # reach the engine, or a retry would create it twice.
        kept: dict[str, dict[str, Any]] = {}
        try:
            if "people" in data:
                self._people(saved["id"], data["people"] or [], op, kept)
            else:
                kept.update((c["id"], c) for c in self.reader.people(saved["id"]))
        except ConnectorError as exc:
            self.notes.add(
                "contacts",
                op.record_id,
                f"vtiger did not take all of the organization's people ({exc.user_message}); "
                "they are sent again when the organization next changes.",
            )
        contacts = list(kept.values())
        return WriteResult(
            op.record_id, saved["id"], data=mapping.account_to_canonical(saved, contacts)
        )

    def _people(
        self,
        account_id: str,
        people: list[dict[str, Any]],
        op: WriteOp,
        kept: dict[str, dict[str, Any]],
    ) -> None:
        """An organization's people as Contacts of its Account, into `kept` as they are saved.

        Each person is matched by email, then by name, to a Contact of the Account, or to an
        individual Contact with the same email (which joins the Account); the rest are
        created. Contacts no longer among the people are left as they are (never deleted
        from here). A person vtiger refuses is noted and the others go on.
        """
        own = [] if op.action == "create" else self.reader.people(account_id)
        kept.update((c["id"], c) for c in own)
        emails = {p["email"].lower() for p in people if p.get("email")}
        loose = [
            c
            for c in (self.api.query_in("Contacts", "email", emails) if emails else [])
            if not c.get("account_id") and c["id"] not in kept
        ]
        taken: set[str] = set()
        for person in people:
            match = _match(person, own, taken) or _match(person, loose, taken, by_name=False)
            element = mapping.person_element(person, account_id)
            try:
                if match is None:
                    saved = self.api.call(
                        "create", writing=True, elementType="Contacts", element=json.dumps(element)
                    )
                else:
                    taken.add(match["id"])
                    changes = {
                        k: val for k, val in element.items() if str(match.get(k) or "") != val
                    }
                    if not changes:
                        continue
                    saved = self.api.call(
                        "revise", writing=True, element=json.dumps({**changes, "id": match["id"]})
                    )
            except SkipRecord as exc:
                name = " ".join(filter(None, mapping.split_name(person)))
                self.notes.add("contacts", op.record_id, f"{name}: vtiger said {exc.user_message}")
                continue
            kept[saved["id"]] = saved
            self.lookups.learn("Contacts", [saved["id"]])

    # -- items ---------------------------------------------------------------------------

    def _item(self, op: WriteOp) -> WriteResult:
        wanted = "Services" if op.data.get("type") == "SERVICE" else "Products"
        module = self._module(op, ITEMS, wanted)
        saved = self._save(module, op, mapping_items.item_element(op.data, module))
        data = self.reader.to_canonical(module, saved)
        return WriteResult(op.record_id, saved["id"], data=data)

    # -- documents -----------------------------------------------------------------------

    def _invoice(self, op: WriteOp) -> WriteResult:
        data = op.data
        element = documents.invoice_element(data)
        element.update(self._customer(str(data["contact_id"])))
        return self._document("Invoice", op, element)

    def _purchase_order(self, op: WriteOp) -> WriteResult:
        data = op.data
        vendor = str(data["contact_id"])
        if self.lookups.module_of(vendor, PARTIES) != "Vendors":
            raise SkipRecord(
                "vtiger sends purchase orders to Vendors, and this supplier is an organization "
                "or a person in vtiger (contacts that are suppliers only become Vendors).",
                f"purchase order contact {vendor} is not a Vendor",
            )
        element = documents.purchase_order_element(data)
        element["vendor_id"] = vendor
        return self._document("PurchaseOrder", op, element)

    def _customer(self, contact: str) -> dict[str, str]:
        """An invoice's Account (mandatory in vtiger) and, for a person, its Contact."""
        module = self.lookups.module_of(contact, PARTIES)
        if module == "Accounts":
            return {"account_id": contact}
        if module == "Contacts":
            person = self.api.retrieve(contact) or {}
            holder = person.get("account_id") or self.lookups.individuals(create=True)
            return {"account_id": str(holder), "contact_id": contact}
        raise SkipRecord(
            "vtiger invoices belong to an organization (Account); this contact is a Vendor.",
            f"invoice contact {contact} is a {module}",
        )

    def _document(self, module: str, op: WriteOp, element: dict[str, Any]) -> WriteResult:
        data = op.data
        lines = data.get("lines") or []
        fallback = None
        if any(not line.get("item_id") for line in lines):
            fallback = self.lookups.fallback_item(create=True)
        items, totals = documents.line_items(
            lines, inclusive=data.get("line_amount_type") == "INCLUSIVE", fallback_item=fallback
        )
        if data.get("currency"):
            currency = self.lookups.currency_id(str(data["currency"]), self.reader.currency)
            if currency is not None:
                element["currency_id"] = currency
        element.update(totals, hdnTaxType="individual", LineItems=items)
        saved = self._save(module, op, element)
        if "LineItems" not in saved:  # not every vtiger returns them from a save
            try:
                saved = self.api.retrieve(saved["id"]) or saved
            except ConnectorError:  # the document exists: its id must reach the engine
                pass
        result = self.reader.to_canonical(module, saved)
        return WriteResult(op.record_id, saved["id"], data=result)


def _match(
    person: dict[str, Any],
    contacts: list[dict[str, Any]],
    taken: set[str],
    *,
    by_name: bool = True,
) -> dict[str, Any] | None:
    free = [c for c in contacts if c["id"] not in taken]
    email = (person.get("email") or "").lower()
    if email:
        for contact in free:
            if (contact.get("email") or "").lower() == email:
                return contact
    if not by_name:
        return None
    first, last = mapping.split_name(person)
    for contact in free:
        if (contact.get("firstname") or "", contact.get("lastname") or "") == (first, last):
            return contact
    return None
