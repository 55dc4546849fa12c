"""First connection of an app that already holds data: match before creating anything.

Contacts match by email, tax number or normalised name; items by code. Each suggestion
keeps its reason; the user accepts it, picks another record or asks for a new one; no two
app records may link to one hub record; nothing of the entity syncs until it is confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hub.models import Connection, Link, Match, Record
from hub.sync.context import SyncContext

SUFFIXES = re.compile(r"\b(pty|ltd|limited|inc|llc|gmbh|co|corp|company|the)\b")


def normalise_name(name: str) -> str:
    text = re.sub(r"[^a-z0-9 ]", " ", name.lower())
    return " ".join(SUFFIXES.sub(" ", text).split())


def _emails(data: dict[str, Any]) -> set[str]:
    found = {e.get("address", "") for e in data.get("emails") or []}
    found |= {p.get("email", "") for p in data.get("people") or []}
    found.add(data.get("email") or "")  # employees carry one email of their own
    return {e.strip().lower() for e in found if e}


KEYS: dict[str, Callable[[dict[str, Any]], set[str]]] = {
    "email": _emails,
    "tax_number": lambda d: (
        {re.sub(r"\W", "", d["tax_number"]).lower()} if d.get("tax_number") else set()
    ),
    "name": lambda d: {normalise_name(d["name"])} if d.get("name") else set(),
    "code": lambda d: {d["code"].strip().lower()} if d.get("code") else set(),
}


def _kinded(data: dict[str, Any], value: str) -> str:
    """Contacts match only contacts of the same kind: a person is no twin of a company
    whose people list carries their email."""
    kind = data.get("kind")
    return f"{kind}:{value}" if kind else value


class MatchingError(ValueError):
    pass


def needs_review(connection: Connection, entity: str) -> bool:
    return connection.matching.get(entity) != "confirmed"


def _set_state(connection: Connection, entity: str, state: str) -> None:
    connection.matching = {**connection.matching, entity: state}


def suggest(ctx: SyncContext, entity: str) -> str:
    """Build the suggestion list for an entity; returns "confirmed" when there is nothing
    to review (no hub records, or no app records), else "review"."""
    conn = ctx.connection
    if conn.matching.get(entity) in ("confirmed", "review"):
        return conn.matching[entity]
    spec = ctx.connector.entities.get(entity)
    unlinked = select(Record.id, Record.data).where(
        Record.org_id == conn.org_id,
        Record.entity == entity,
        Record.deleted.is_(False),
        Record.id.not_in(select(Link.record_id).where(Link.connection_id == conn.id)),
    )
    if (
        spec is None
        or not ctx.pulls(entity)
        or ctx.session.execute(unlinked.limit(1)).first() is None
    ):
        _set_state(conn, entity, "confirmed")
        return "confirmed"
    index: dict[tuple[str, str], list[str]] | None = None
    count = 0
    for page in ctx.connector.read(entity, None):
        for item in page.records:
            if item.deleted:
                continue
            if index is None:  # built only once the app turns out to hold records
                index = _index(ctx, unlinked, spec.match_on)
            count += 1
            record_id, reason = _best(spec.match_on, item.data, index)
            ctx.session.add(
                Match(
                    org_id=conn.org_id,
                    connection_id=conn.id,
                    entity=entity,
                    external_id=item.id,
                    external_label=item.label or item.data.get("name", ""),
                    external_data=item.data,
                    record_id=record_id,
                    reason=reason,
                    decision="suggested" if record_id else "create_new",
                )
            )
        ctx.session.flush()
    state = "review" if count else "confirmed"
    _set_state(conn, entity, state)
    ctx.session.commit()
    return state


def _index(
    ctx: SyncContext, unlinked: Any, keys: Iterable[str]
) -> dict[tuple[str, str], list[str]]:
    """Match keys of the hub's unlinked records, streamed: never every record in memory."""
    index: dict[tuple[str, str], list[str]] = {}
    for record_id, data in ctx.session.execute(unlinked.execution_options(yield_per=1000)):
        for key in keys:
            for value in KEYS[key](data):
                index.setdefault((key, _kinded(data, value)), []).append(record_id)
    return index


def _best(
    keys: Iterable[str], data: dict[str, Any], index: dict[tuple[str, str], list[str]]
) -> tuple[str | None, str | None]:
    for key in keys:
        for value in sorted(KEYS[key](data)):
            hits = index.get((key, _kinded(data, value)))
            if hits:
                return hits[0], f"same {key.replace('_', ' ')}: {value}"
    return None, None


def flagged(session: Session, connection: Connection, entity: str) -> dict[str, list[str]]:
    """Hub records chosen by more than one app record: record id -> the match ids."""
    chosen: dict[str, list[str]] = {}
    for match in _matches(session, connection, entity):
        if match.record_id and match.decision != "create_new":
            chosen.setdefault(match.record_id, []).append(match.id)
    return {rid: ids for rid, ids in chosen.items() if len(ids) > 1}


def decide(
    session: Session,
    connection: Connection,
    match_id: str,
    decision: str,
    record_id: str | None = None,
) -> Match:
    """Store the user's decision: accept (this or another hub record) or create new."""
    match = session.get(Match, match_id)
    if match is None or match.connection_id != connection.id:
        raise MatchingError("No such suggestion.")
    if decision == "create_new":
        match.decision, match.record_id = "create_new", None
        return match
    if decision != "accept":
        raise MatchingError("Decision must be accept or create_new.")
    target = record_id or match.record_id
    row = session.get(Record, target) if target else None
    if row is None or row.org_id != connection.org_id or row.entity != match.entity:
        raise MatchingError(f"No {match.entity} record with id {target}.")
    already = session.scalar(
        select(Link).where(Link.connection_id == connection.id, Link.record_id == target)
    )
    if already is not None:
        raise MatchingError("That hub record is already linked to another app record.")
    match.record_id, match.decision = target, "accepted"
    return match


def confirm(session: Session, connection: Connection, entity: str) -> int:
    """Link the accepted pairs and open the entity to syncing; returns links made."""
    clashes = flagged(session, connection, entity)
    if clashes:
        raise MatchingError(
            f"{len(clashes)} hub record(s) are selected by more than one app record; "
            "pick another record or create new for each flagged row first."
        )
    made = 0
    for match in _matches(session, connection, entity):
        if match.record_id and match.decision in ("suggested", "accepted"):
            session.add(
                Link(
                    org_id=connection.org_id,
                    connection_id=connection.id,
                    connector=connection.connector,
                    entity=entity,
                    record_id=match.record_id,
                    external_id=match.external_id,
                    snapshot=None,
                    hash=None,
                    synced_version=0,
                )
            )
            made += 1
    session.execute(
        delete(Match).where(Match.connection_id == connection.id, Match.entity == entity)
    )
    _set_state(connection, entity, "confirmed")
    session.flush()
    return made


def _matches(session: Session, connection: Connection, entity: str) -> list[Match]:
    return list(
        session.scalars(
            select(Match)
            .where(Match.connection_id == connection.id, Match.entity == entity)
            .order_by(Match.id)
        )
    )
