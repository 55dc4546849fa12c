"""Connectors for the toy apps, written like real ones: only hub.sdk and schema."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields

from hub.sdk.connector import (
    Capability,
    Connector,
    Context,
    EntitySpec,
    ExternalRecord,
    Notes,
    Page,
    WebhookEvent,
    WriteOp,
    WriteResult,
)
from hub.sdk.errors import SkipRecord


class ToySettings(Schema):
    base_url = fields.Url(required=True, require_tld=False)
    max_people_note = fields.Boolean(load_default=False)


class ToyConnector(Connector):
    """A toy app sharing contacts and invoices both ways."""

    name = "toy"
    title = "Toy app"
    entities = {
        "contacts": EntitySpec(Capability.BOTH, match_on=("email", "tax_number", "name")),
        "invoices": EntitySpec(Capability.BOTH),
    }
    settings_schema = ToySettings
    batch_size = 50
    page_size = 100

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.http = self.http_client(
            str(context.settings["base_url"]),
            headers={"X-Api-Key": context.credentials.get("api_key", "")},
        )

    # -- reading -------------------------------------------------------------------------

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        since = int(cursor or 0)
        while True:
            body = self.http.request_json("GET", f"/api/{entity}", params={"since_rev": since})
            items = body["items"]
            if items:
                since = items[-1]["rev"]
            yield Page([self._external(entity, item) for item in items], since)
            if not body["more"]:
                return

    def fetch(self, entity: str, external_id: str) -> ExternalRecord | None:
        from hub.sdk.errors import SkipRecord as NotThere

        try:
            item = self.http.request_json("GET", f"/api/{entity}/{external_id}")
        except NotThere:
            return None
        return self._external(entity, item)

    def _external(self, entity: str, item: dict[str, Any]) -> ExternalRecord:
        mapper = contact_to_canonical if entity == "contacts" else invoice_to_canonical
        return ExternalRecord(
            id=item["id"],
            data={} if item.get("deleted") else mapper(item),
            updated_at=datetime.fromtimestamp(item["updated_at"], UTC),
            deleted=bool(item.get("deleted")),
            label=item.get("name") or item.get("number", ""),
        )

    # -- writing -------------------------------------------------------------------------

    def prepare(self, entity: str, data: dict[str, Any], notes: Notes, key: str) -> dict[str, Any]:
        if entity == "invoices" and not data.get("contact_id"):
            raise SkipRecord("An invoice without a contact is not sent.")
        return data

    def write(self, entity: str, ops: Sequence[WriteOp]) -> list[WriteResult]:
        mapper = contact_from_canonical if entity == "contacts" else invoice_from_canonical
        payload = [
            {
                "op": op.action,
                "id": op.external_id,
                "key": op.idempotency_key,
                "data": mapper(op.data) if op.action != "delete" else None,
            }
            for op in ops
        ]
        body = self.http.request_json("POST", f"/api/{entity}/batch", json={"ops": payload})
        results = []
        for op, result in zip(ops, body["results"], strict=True):
            if not result["ok"]:
                results.append(WriteResult(op.record_id, op.external_id, error=result["error"]))
                continue
            record = result["record"]
            data = (
                None
                if record.get("deleted")
                else (
                    contact_to_canonical(record)
                    if entity == "contacts"
                    else invoice_to_canonical(record)
                )
            )
            results.append(WriteResult(op.record_id, record["id"], data=data))
        return results

    # -- webhooks ------------------------------------------------------------------------

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> bool:
        secret = str(self.context.credentials.get("webhook_secret", "")).encode()
        expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, headers.get("X-Toy-Signature", ""))

    def parse_webhook(self, headers: Mapping[str, str], body: bytes) -> list[WebhookEvent]:
        event = json.loads(body)
        return [WebhookEvent(event["event_id"], event["resource"], event["id"], event["action"])]


class LedgerConnector(ToyConnector):
    name = "ledger"
    title = "Ledger (toy accounting app)"


class CrmConnector(ToyConnector):
    name = "crm"
    title = "CRM (toy sales app)"


# -- mapping --------------------------------------------------------------------------------


def contact_to_canonical(item: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "ORGANIZATION",
        "name": item["name"],
        "is_customer": bool(item.get("customer", True)),
    }
    data["emails"] = [{"type": "PRIMARY", "address": item["email"]}] if item.get("email") else []
    data["phones"] = [{"type": "DEFAULT", "number": item["phone"]}] if item.get("phone") else []
    data["tax_number"] = item.get("tax_no") or None
    return data


def contact_from_canonical(data: dict[str, Any]) -> dict[str, Any]:
    emails = data.get("emails") or []
    phones = data.get("phones") or []
    return {
        "name": data.get("name"),
        "customer": bool(data.get("is_customer")),
        "email": emails[0]["address"] if emails else None,
        "phone": phones[0]["number"] if phones else None,
        "tax_no": data.get("tax_number"),
    }


def invoice_to_canonical(item: dict[str, Any]) -> dict[str, Any]:
    lines = [
        {
            "description": line["description"],
            "quantity": line["qty"],
            "unit_price": line["price"],
            "line_amount": str(Decimal(line["qty"]) * Decimal(line["price"])),
        }
        for line in item["lines"]
    ]
    subtotal = sum((Decimal(line["line_amount"]) for line in lines), Decimal("0"))
    return {
        "type": "SALES",
        "number": item.get("number"),
        "contact_id": item["contact_id"],
        "issue_date": item.get("date"),
        "currency": item.get("currency", "AUD"),
        "status": item.get("status", "AUTHORISED"),
        "line_amount_type": "NONE",
        "lines": lines,
        "subtotal": str(subtotal),
        "total_tax": "0",
        "total": str(subtotal),
    }


def invoice_from_canonical(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": data.get("number"),
        "contact_id": data.get("contact_id"),
        "date": data.get("issue_date"),
        "currency": data.get("currency", "AUD"),
        "status": data.get("status", "AUTHORISED"),
        "lines": [
            {
                "description": line.get("description") or "",
                "qty": line.get("quantity", "1"),
                "price": line.get("unit_price", "0"),
            }
            for line in data.get("lines") or []
        ],
    }
