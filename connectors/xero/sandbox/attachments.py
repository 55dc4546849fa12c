"""Attachments on invoices, credit notes, contacts, purchase orders and manual journals."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from flask import Response, request

from . import documents, purchaseorders, values
from .api import Ctx, endpoint, flag
from .doc_kinds import CREDIT_NOTE, INVOICE
from .errors import NotFound, validation_message
from .store import Org, Record, state_of


def _manual_journal(org: Org, key: str) -> Record:
    found = org.manual_journals.get(values.an_id(key) or "")
    if found is None:
        raise NotFound()
    return found


def _contact(org: Org, key: str) -> Record:
    found = org.contacts.get(values.an_id(key) or "")
    if found is None:
        raise NotFound()
    return found


# Path segment -> (how to find the owner, its id field, whether IncludeOnline applies).
OWNERS: dict[str, tuple[Callable[[Org, str], Record], str, bool]] = {
    "Invoices": (lambda org, key: documents.find(INVOICE, org, key), "InvoiceID", True),
    "CreditNotes": (lambda org, key: documents.find(CREDIT_NOTE, org, key), "CreditNoteID", True),
    "Contacts": (_contact, "ContactID", False),
    "PurchaseOrders": (purchaseorders.find, "PurchaseOrderID", False),
    "ManualJournals": (_manual_journal, "ManualJournalID", False),
}


def _owner(ctx: Ctx, plural: str, key: str) -> tuple[Record, str]:
    find, id_field, _online = OWNERS[plural]
    owner = find(ctx.org, key)
    return owner, owner[id_field]


def _shown(attachment: Record) -> Record:
    return {k: v for k, v in attachment.items() if k[:1] != "_"}


def _find(ctx: Ctx, owner_id: str, name: str) -> Record:
    wanted_id = values.an_id(name)
    for attachment in ctx.org.attachments.get(owner_id, []):
        if attachment["AttachmentID"] == wanted_id or attachment["FileName"] == name:
            return attachment
    raise NotFound()


def list_attachments(ctx: Ctx, plural: str, key: str) -> Response:
    _owner_record, owner_id = _owner(ctx, plural, key)
    found = [_shown(a) for a in ctx.org.attachments.get(owner_id, [])]
    return ctx.envelope("Attachments", found)


def get_attachment(ctx: Ctx, plural: str, key: str, name: str) -> Response:
    _owner_record, owner_id = _owner(ctx, plural, key)
    attachment = _find(ctx, owner_id, name)
    return Response(
        attachment["_content"],
        content_type=attachment["MimeType"],
        headers={"Content-Disposition": f'attachment; filename="{attachment["FileName"]}"'},
    )


def put_attachment(ctx: Ctx, plural: str, key: str, name: str) -> Response:
    """PUT adds a file and POST replaces one of the same name; both take the raw bytes."""
    owner, owner_id = _owner(ctx, plural, key)
    content = request.get_data()
    limit = state_of().config["attachment_max_bytes"]
    if not content:
        raise validation_message("The attachment has no content.")
    if len(content) > limit:
        return Response("Request Entity Too Large", status=413, content_type="text/plain")
    kind = request.content_type or ""
    mime = mimetypes.guess_type(name)[0] or (
        kind if kind and kind != "application/octet-stream" else "application/octet-stream"
    )
    held = ctx.org.attachments.setdefault(owner_id, [])
    existing = next((a for a in held if a["FileName"] == name), None)
    attachment: Record = existing or {"AttachmentID": ctx.org.new_id(), "FileName": name}
    base = (ctx.state.config.get("public_url") or "").rstrip("/")
    attachment.update(
        Url=f"{base}/api.xro/2.0/{plural}/{owner_id}/Attachments/{name}",
        MimeType=mime,
        ContentLength=len(content),
        _content=content,
    )
    if OWNERS[plural][2]:
        attachment["IncludeOnline"] = flag("IncludeOnline")
    if existing is None:
        held.append(attachment)
    owner["HasAttachments"] = True
    return ctx.envelope("Attachments", [_shown(attachment)])


def _register() -> None:
    for plural in OWNERS:
        base = f"/{plural}/<key>/Attachments"

        def bound(handler: Callable[..., Response], p: str = plural) -> Callable[..., Response]:
            def view(ctx: Ctx, **kwargs: Any) -> Response:
                return handler(ctx, p, **kwargs)

            view.__name__ = f"{handler.__name__}_{p.lower()}"
            return view

        endpoint(base, ["GET"], "attachments")(bound(list_attachments))
        endpoint(f"{base}/<name>", ["GET"], "attachments")(bound(get_attachment))
        endpoint(f"{base}/<name>", ["PUT", "POST"], "attachments")(bound(put_attachment))


_register()
