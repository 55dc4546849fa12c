"""`/Journals`: the read-only general ledger, paged by JournalNumber offset."""

from __future__ import annotations

from flask import Response, request

from . import ledger, listing, values
from .api import Ctx, endpoint, flag
from .errors import NotFound

PAGE = 100  # Journals come at most 100 a response, oldest first


@endpoint("/Journals", ["GET"], "journals")
def list_journals(ctx: Ctx) -> Response:
    try:
        offset = max(0, int(request.args.get("offset", "0")))
    except ValueError:
        offset = 0
    payments_only = flag("paymentsOnly")
    cutoff = listing.since()
    found = []
    # JournalNumbers run 1, 2, 3... in list order, so the offset is also a list index.
    for journal in ctx.org.journals[offset:]:
        if payments_only and journal["SourceType"] not in ledger.PAYMENT_SOURCES:
            continue
        if cutoff is not None and journal["CreatedDateUTC"] <= cutoff:
            continue
        found.append(journal)
        if len(found) == PAGE:
            break
    return ctx.envelope("Journals", found)


@endpoint("/Journals/<key>", ["GET"], "journals")
def get_journal(ctx: Ctx, key: str) -> Response:
    journals = ctx.org.journals
    if key.isdigit():
        number = int(key)
        journal = journals[number - 1] if 0 < number <= len(journals) else None
    else:
        wanted = values.an_id(key)
        journal = next((j for j in journals if j["JournalID"] == wanted), None)
    if journal is None:
        raise NotFound()
    # A single journal comes without its source.
    shown = {k: v for k, v in journal.items() if k not in ("SourceID", "SourceType")}
    return ctx.envelope("Journals", [shown])
