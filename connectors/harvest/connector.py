"""Harvest (time tracking, API v2): users as employees both ways, time entries as timesheets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hub.sdk import (
    Capability,
    Connector,
    Context,
    EntitySpec,
    ExternalRecord,
    Notes,
    Page,
    SkipRecord,
    WriteOp,
    WriteResult,
)

from . import mapping
from .client import HarvestClient
from .settings import HarvestSettings, PayPeriods
from .timesheets import TimesheetReader


class HarvestConnector(Connector):
    """Key-based: a personal access token and the account id, kept as credentials."""

    name = "harvest"
    title = "Harvest"
    description = "People and the hours they track in Harvest, for payroll timesheets."
    entities = {
        "employees": EntitySpec(Capability.BOTH, match_on=("email",), label="Users"),
        "timesheets": EntitySpec(
            Capability.PULL,
            label="Time entries, per person and pay period",
            widgets=("timesheets",),
        ),
    }
    settings_schema = HarvestSettings
    auth = "keys"
    sandbox = "connectors.harvest.sandbox"
    sandbox_port = 5104
    batch_size = 50  # Harvest writes one user a call; this only sizes the engine's batches
    page_size = 2000
    # Harvest allows 100 calls per 15 seconds per token: 400 a minute, kept under.
    calls_per_minute = 360

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.client = HarvestClient(self, context.settings, context.credentials)
        self.periods = PayPeriods.from_settings(context.settings)
        self.timesheets = TimesheetReader(
            self.client,
            self.periods,
            context.settings.get("pay_item"),
            int(context.settings.get("lookback_days", 14)),
        )

    # -- reading -------------------------------------------------------------------------

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        if entity == "timesheets":
            yield from self.timesheets.read(cursor)
            return
        if entity != "employees":
            raise KeyError(entity)
        params = {"updated_since": cursor} if cursor else {}
        newest = cursor
        # Users come newest-created first, not by update: only the last page moves the cursor.
        for users, last in self.client.pages("/users", "users", params):
            for user in users:
                if newest is None or user["updated_at"] > newest:
                    newest = user["updated_at"]
            yield Page([self._employee(u) for u in users], newest if last else cursor)

    def _employee(self, user: dict[str, Any]) -> ExternalRecord:
        return ExternalRecord(
            str(user["id"]),
            mapping.employee(user),
            updated_at=mapping.timestamp(user["updated_at"]),
            label=f"{user['first_name']} {user['last_name']}",
        )

    def fetch(self, entity: str, external_id: str) -> ExternalRecord | None:
        if entity == "timesheets":
            return self.timesheets.fetch(external_id)
        if entity == "employees":
            user = self.client.get(f"/users/{external_id}")
            return self._employee(user) if user else None
        return None

    # -- writing -------------------------------------------------------------------------

    def prepare(self, entity: str, data: dict[str, Any], notes: Notes, key: str) -> dict[str, Any]:
        if entity != "employees":
            return data
        if not data.get("email"):
            raise SkipRecord(
                "Harvest needs an email address for every user; this employee has none."
            )
        return mapping.one_phone(data, notes, key)

    def write(self, entity: str, ops: Sequence[WriteOp]) -> list[WriteResult]:
        if entity != "employees":
            raise KeyError(entity)
        return [self._write_user(op) for op in ops]

    def _write_user(self, op: WriteOp) -> WriteResult:
        try:
            if op.action == "delete":
                # A deleted employee is archived: Harvest keeps the hours they tracked.
                self.client.call("PATCH", f"/users/{op.external_id}", json={"is_active": False})
                return WriteResult(op.record_id, op.external_id)
            payload = mapping.user_payload(op.data)
            if op.action == "create":
                user = self.client.call("POST", "/users", json=payload)
            else:
                user = self.client.call("PATCH", f"/users/{op.external_id}", json=payload)
        except SkipRecord as refused:
            message = refused.user_message
            if op.action == "create" and "already been taken" in message:
                message += (
                    f" Harvest already has a user with the email {op.data.get('email')}; "
                    "link the two in the connection's matching review."
                )
            return WriteResult(
                op.record_id, op.external_id, error=message, field_errors=refused.field_errors
            )
        return WriteResult(op.record_id, str(user["id"]), data=mapping.employee(user))
