"""Batched writes: up to 50 elements a call, `summarizeErrors=false`, one result per element.

Creates go by PUT (create only: a duplicate name or number is refused, never merged into
someone else's record); updates by POST with the record's id. Every call carries an
Idempotency-Key made from the ops' keys, so a retried call after a lost answer is replayed
by Xero instead of applied twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hub.sdk import SkipRecord, StopRun, WriteOp, WriteResult

from .client import XeroClient, messages

Build = Callable[[WriteOp], dict[str, Any]]
Read = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Resource:
    """Where one entity is written in Xero."""

    path: str
    plural: str
    id_field: str
    params: tuple[tuple[str, str], ...] = ()


def failed(element: dict[str, Any]) -> str | None:
    """Xero's own message for an element it refused, or None when it was saved."""
    found = messages(element)
    if element.get("StatusAttributeString") == "ERROR" or found:
        return "; ".join(found) or "Xero refused the record without saying why."
    return None


def send_batch(
    client: XeroClient,
    resource: Resource,
    method: str,
    ops: Sequence[WriteOp],
    build: Build,
    read: Read,
) -> list[WriteResult]:
    """One PUT or POST of many elements; each op gets its element's result, in order."""
    results: list[WriteResult] = []
    sent: list[tuple[WriteOp, dict[str, Any]]] = []
    for op in ops:
        try:
            sent.append((op, build(op)))
        except SkipRecord as exc:  # this one cannot be expressed in Xero's terms
            results.append(WriteResult(op.record_id, op.external_id, error=exc.user_message))
    if not sent:
        return results
    params = {"summarizeErrors": "false", **dict(resource.params)}
    body = {resource.plural: [element for _, element in sent]}
    try:
        answer = client.send(
            method, resource.path, body, [op.idempotency_key for op, _ in sent], params
        )
    except SkipRecord as exc:  # Xero refused the whole call: every element shares the reason
        return results + [
            WriteResult(op.record_id, op.external_id, error=exc.user_message) for op, _ in sent
        ]
    elements = list((answer or {}).get(resource.plural) or [])
    if len(elements) != len(sent):
        raise StopRun(
            "Xero's answer to a batch write did not have one result per record.",
            f"{method} {resource.path}: sent {len(sent)}, got {len(elements)}",
        )
    for (op, _), element in zip(sent, elements, strict=True):
        results.append(result_for(op, element, resource, read))
    return results


def result_for(op: WriteOp, element: dict[str, Any], resource: Resource, read: Read) -> WriteResult:
    error = failed(element)
    if error is not None:
        return WriteResult(op.record_id, op.external_id, error=error)
    return WriteResult(op.record_id, str(element[resource.id_field]), data=read(element))


def upsert(
    client: XeroClient,
    resource: Resource,
    ops: Sequence[WriteOp],
    build: Build,
    read: Read,
    batch_size: int = 50,
) -> list[WriteResult]:
    """Creates by PUT and updates (and status-only deletes) by POST, in batches."""
    results: list[WriteResult] = []
    creates = [op for op in ops if op.action == "create"]
    updates = [op for op in ops if op.action != "create"]
    for method, group in (("PUT", creates), ("POST", updates)):
        for start in range(0, len(group), batch_size):
            chunk = group[start : start + batch_size]
            results += send_batch(client, resource, method, chunk, build, read)
    return results


def delete_each(
    client: XeroClient, ops: Sequence[WriteOp], path: Callable[[WriteOp], str]
) -> list[WriteResult]:
    """HTTP DELETE, one record a call (Items): 204 is done, 404 was already gone."""
    results = []
    for op in ops:
        try:
            client.send("DELETE", path(op), None, [op.idempotency_key])
        except SkipRecord as exc:
            if exc.status != 404:
                results.append(WriteResult(op.record_id, op.external_id, error=exc.user_message))
                continue
        results.append(WriteResult(op.record_id, op.external_id))
    return results


def with_id(body: dict[str, Any], id_field: str, op: WriteOp) -> dict[str, Any]:
    """An update names the record it changes."""
    if op.action != "create" and op.external_id:
        body[id_field] = op.external_id
    return body
