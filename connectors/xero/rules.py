"""Xero's rules, applied before a write: each one that drops or changes data leaves a note."""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hub.sdk import Notes, SkipRecord

from . import values
from .lookups import Lookups
from .mapping_contacts import ADDRESSES_OUT, PHONES_OUT, primary_email

MAX_PERSONS = 5
ITEM_NAME = 50
ITEM_CODE = 30


def _who(person: dict[str, Any]) -> str:
    name = " ".join(p for p in (person.get("first_name"), person.get("last_name")) if p)
    return name or str(person.get("email") or "someone")


def contacts(data: dict[str, Any], notes: Notes, key: str, settings: dict[str, Any]) -> None:
    """Who is shared, at most five persons (who need the contact's email), one of a kind."""
    if data.get("kind") == "PERSON" and data.get("organization_id"):
        # A CRM keeps the people of a company as records of their own; in Xero they are the
        # company's contact persons, which it already carries. A separate Xero contact
        # for each would be a duplicate.
        raise SkipRecord(
            "Not sent to Xero as a contact of its own: this person belongs to an "
            "organization and goes to Xero as one of its contact persons."
        )
    if settings["share_contacts"] == "customers_and_suppliers" and not (
        data.get("is_customer") or data.get("is_supplier")
    ):
        raise SkipRecord(
            "Not sent to Xero: this connection shares only customers and suppliers, "
            "and this contact is neither."
        )
    people = list(data.get("people") or [])
    if people and not primary_email(data):
        notes.add(
            "contacts",
            key,
            "Xero takes contact persons only when the contact has an email address; "
            f"not sent: {', '.join(_who(p) for p in people)}.",
        )
        people = []
    elif len(people) > MAX_PERSONS:
        left = people[MAX_PERSONS:]
        notes.add(
            "contacts",
            key,
            f"Xero keeps at most {MAX_PERSONS} contact persons; these stay in the hub, unsent: "
            f"{', '.join(_who(p) for p in left)}.",
        )
        people = people[:MAX_PERSONS]
    if "people" in data:
        data["people"] = people
    _one_per_type(data, notes, key)


def _one_per_type(data: dict[str, Any], notes: Notes, key: str) -> None:
    """Xero keeps one phone of each of its types and one postal and one street address."""
    phones, dropped = [], []
    for phone in data.get("phones") or []:
        kind = phone["type"] if phone["type"] in PHONES_OUT else "DEFAULT"
        if kind in {p["type"] for p in phones}:
            dropped.append(phone["number"])
        else:
            phones.append({**phone, "type": kind})
    if dropped:
        notes.add(
            "contacts", key, f"Xero keeps one phone of each type; not sent: {', '.join(dropped)}."
        )
    if "phones" in data:
        data["phones"] = phones
    addresses, skipped = [], 0
    for address in data.get("addresses") or []:
        if address.get("type") in ADDRESSES_OUT and address["type"] not in {
            a["type"] for a in addresses
        }:
            addresses.append(address)
        else:
            skipped += 1
    if skipped:
        notes.add(
            "contacts",
            key,
            f"Xero keeps one postal (billing) and one street (shipping) address; "
            f"{skipped} other address(es) not sent.",
        )
    if "addresses" in data:
        data["addresses"] = addresses


def items(
    data: dict[str, Any], notes: Notes, key: str, settings: dict[str, Any], lk: Lookups
) -> None:
    """No stock counts, a code and a short name, tracked purchases, one price basis."""
    if data.pop("quantity_on_hand", None) is not None:
        notes.add(
            "items", key, "Quantity on hand is not sent: Xero counts stock from bills and sales."
        )
    if not data.get("code"):
        data["code"] = str(data.get("name") or "")[:ITEM_CODE]
        notes.add("items", key, f"Xero needs an item code; sent '{data['code']}' from the name.")
    if data.get("name") and len(data["name"]) > ITEM_NAME:
        notes.add("items", key, f"Xero item names have at most {ITEM_NAME} characters; shortened.")
        data["name"] = data["name"][:ITEM_NAME]
    purchase = data.get("purchase")
    if purchase and purchase.get("account_id") and data.get("inventory_asset_account_id"):
        if purchase.get("cogs_account_id"):
            notes.add(
                "items",
                key,
                "A tracked item buys into its inventory account in Xero; its purchase "
                "account is not sent.",
            )
            data["purchase"] = {**purchase, "account_id": None}
    for side in ("sale", "purchase"):
        _price_basis(data, side, notes, key, settings["prices_include_tax"], lk)


def _price_basis(
    data: dict[str, Any], side: str, notes: Notes, key: str, inclusive: bool, lk: Lookups
) -> None:
    """Xero's item prices are all tax inclusive or all exclusive (a connection setting)."""
    details = data.get(side)
    if not details or details.get("tax_inclusive") in (None, inclusive):
        return
    price = values.dec(details.get("unit_price"))
    rate = lk.tax_rates().get(str(details.get("tax_code_id") or ""), {}).get("EffectiveRate")
    factor = 1 + Decimal(str(rate or 0)) / 100
    if price is not None and factor != 1:
        changed = price * factor if inclusive else price / factor
        changed = changed.quantize(values.UNIT4, rounding=ROUND_HALF_UP)
        basis = "include" if inclusive else "exclude"
        notes.add(
            "items",
            key,
            f"Xero's item prices {basis} tax here: the {side} price {values.unit_price(price)} "
            f"was sent as {values.unit_price(changed)}.",
        )
        details = {**details, "unit_price": values.unit_price(changed)}
    data[side] = {**details, "tax_inclusive": inclusive}


def documents(
    entity: str,
    data: dict[str, Any],
    notes: Notes,
    key: str,
    settings: dict[str, Any],
    lk: Lookups,
) -> None:
    """Invoices, credit notes and purchase orders."""
    label = {"invoices": "invoice", "credit_notes": "credit note"}.get(entity, "purchase order")
    if not data.get("contact_id"):
        article = "An" if label[0] in "aeiou" else "A"
        raise SkipRecord(f"{article} {label} without a contact is not sent to Xero.")
    pushed = settings["push_documents"]
    if entity == "purchase_orders" and pushed == "invoices":
        raise SkipRecord("Not sent: this connection pushes only invoices to Xero.")
    if entity != "purchase_orders" and pushed == "purchase_orders":
        raise SkipRecord("Not sent: this connection pushes only purchase orders to Xero.")
    sales = data.get("type") == "SALES"
    if sales and settings["invoice_numbering"] == "xero" and data.get("number"):
        if data.get("reference") and data["reference"] != data["number"]:
            notes.add(
                entity,
                key,
                f"Xero numbers this {label}; the source number {data['number']} is its "
                f"Reference, replacing '{data['reference']}'.",
            )
        data["reference"] = data.pop("number")
    lines = [dict(line) for line in data.get("lines") or []]
    _line_defaults(entity, lines, sales, notes, key, settings, lk, data)
    # Xero takes discounts only on sales invoices (and purchase orders): fold them in.
    if entity == "credit_notes" or (entity == "invoices" and not sales):
        for number, line in enumerate(lines, 1):
            if line.get("discount_rate") or line.get("discount_amount"):
                _fold_discount(line)
                notes.add(
                    entity,
                    key,
                    f"Line {number}: Xero takes no discount here; the discount is in the "
                    "unit price.",
                )
    if "lines" in data:
        data["lines"] = lines


def _line_defaults(
    entity: str,
    lines: list[dict[str, Any]],
    sales: bool,
    notes: Notes,
    key: str,
    settings: dict[str, Any],
    lk: Lookups,
    data: dict[str, Any],
) -> None:
    account = settings["default_sales_account"]
    tax = settings["default_tax_type"]
    for number, line in enumerate(lines, 1):
        has_amount = line.get("unit_price") is not None or line.get("line_amount") is not None
        if sales and has_amount and not line.get("account_id") and not _sells_into(lk, line):
            account_id = lk.account_id(account)
            if account_id:
                line["account_id"] = account_id
                notes.add(
                    entity,
                    key,
                    f"Line {number} had no account; sent with the default sales account {account}.",
                )
        if (
            tax
            and has_amount
            and not line.get("tax_code_id")
            and data.get("line_amount_type") != "NONE"
        ):
            line["tax_code_id"] = tax
            notes.add(entity, key, f"Line {number} had no tax; sent with the default tax {tax}.")


def _sells_into(lk: Lookups, line: dict[str, Any]) -> bool:
    """Whether the line's item names a sales account Xero can book the line to: an item
    from a CRM or shop has none, and Xero then insists on an account on the line."""
    if not line.get("item_id"):
        return False
    item = lk.items().get(str(line["item_id"])) or {}
    return bool((item.get("SalesDetails") or {}).get("AccountCode"))


def _fold_discount(line: dict[str, Any]) -> None:
    amount = values.dec(line.get("line_amount"))
    quantity = values.dec(line.get("quantity")) or Decimal(1)
    if amount is not None and quantity:
        line["unit_price"] = values.unit_price(amount / quantity)
    line["discount_rate"] = line["discount_amount"] = None


def payments(
    data: dict[str, Any], notes: Notes, key: str, settings: dict[str, Any], lk: Lookups
) -> None:
    """One document per payment, and a bank account: its own or the connection's."""
    lines = data.get("lines") or []
    if not lines:
        raise SkipRecord("A payment must pay an invoice or a credit note to reach Xero.")
    if len(lines) > 1:
        raise SkipRecord(
            f"Xero records one payment per document; this payment covers {len(lines)} "
            "documents and is not sent."
        )
    if data.get("type") == "SPEND" and lines[0].get("invoice_id"):
        _refund(data, notes, key, lk)
    if not data.get("account_id"):
        if not settings["payment_account"]:
            raise SkipRecord(
                "Held: this payment names no bank account and the connection has no payment "
                "account set. Its invoice stays AUTHORISED in Xero until a payment account "
                "is chosen in the connection's settings."
            )
        notes.add(
            "payments",
            key,
            f"No bank account on the payment; sent to the payment account "
            f"{settings['payment_account']}.",
        )


def _refund(data: dict[str, Any], notes: Notes, key: str, lk: Lookups) -> None:
    """Money paid back on a sales invoice (a shop's refund): Xero takes no refund on an
    invoice, only on a credit note, so it is paid out against the customer's open credit."""
    line = data["lines"][0]
    body = lk.client.get(f"/Invoices/{line['invoice_id']}", missing_ok=True) or {}
    invoice = (body.get("Invoices") or [{}])[0]
    if invoice.get("Type") != "ACCREC":
        return  # a bill's payment: money out is what Xero expects
    amount = values.dec(line.get("amount")) or Decimal(0)
    contact = (invoice.get("Contact") or {}).get("ContactID")
    where = f'Contact.ContactID==guid("{contact}") AND Status=="AUTHORISED"'
    open_credit = lk.client.get("/CreditNotes", {"where": where}).get("CreditNotes") or []
    credit = next(
        (c for c in open_credit if (values.dec(c.get("RemainingCredit")) or 0) >= amount), None
    )
    if credit is None:
        raise SkipRecord(
            "Held: Xero takes no refund on a sales invoice, and the customer has no credit "
            "note with that much credit left to pay it out from; sent once the credit note is."
        )
    data["lines"] = [{"credit_note_id": credit["CreditNoteID"], "amount": line.get("amount")}]
    notes.add(
        "payments",
        key,
        f"Xero takes no refund on a sales invoice: the {values.money(amount)} paid back was "
        f"sent as a refund of credit note {credit.get('CreditNoteNumber') or ''}.",
    )


def journals(data: dict[str, Any]) -> None:
    """Only manual journals go to Xero; the general ledger is Xero's own."""
    if data.get("source") != "MANUAL":
        raise SkipRecord("Xero's generated journals are read-only; only manual journals are sent.")


def apply(
    entity: str,
    data: dict[str, Any],
    notes: Notes,
    key: str,
    settings: dict[str, Any],
    lk: Lookups,
) -> dict[str, Any]:
    """The data to write, after the entity's rules (the input is left as it was)."""
    data = copy.deepcopy(data)
    if entity == "contacts":
        contacts(data, notes, key, settings)
    elif entity == "items":
        items(data, notes, key, settings, lk)
    elif entity in ("invoices", "credit_notes", "purchase_orders"):
        documents(entity, data, notes, key, settings, lk)
    elif entity == "payments":
        payments(data, notes, key, settings, lk)
    elif entity == "journals":
        journals(data)
    return data
