"""Payroll AU through the Xero connector: whether it is on, employees and timesheets both ways.

Payroll is off (nothing read or written, one note on the run) when the credentials lack
payroll scopes, the organisation is not Australian, or Xero refuses payroll (401/403).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from hub.sdk import ConnectorError, ExternalRecord, Notes, Page, SkipRecord, WriteOp, WriteResult

from . import mapping_payroll as mapping
from . import payroll_journals, reading, values
from .client import XeroClient, messages
from .reading import Listing

PAYROLL_PATH = "/payroll.xro/1.0"
ENTITIES = ("employees", "timesheets")
NEEDED_SCOPES = {"employees": "payroll.employees", "timesheets": "payroll.timesheets"}
LISTINGS = {
    "employees": Listing("/Employees", "Employees", "EmployeeID"),
    "timesheets": Listing("/Timesheets", "Timesheets", "TimesheetID"),
}
RECONNECT = "Payroll is off for this connection: reconnect and allow payroll access."


def unavailable(country: str) -> str:
    return (
        "Payroll is off for this connection: Xero payroll is not available for "
        f"organisations in {country}."
    )


class Payroll:
    """One connection's payroll: `off` says why it is not shared (None: it is)."""

    def __init__(
        self,
        client: XeroClient,
        accounting: XeroClient,
        credentials: Mapping[str, Any],
        settings: Mapping[str, Any],
    ) -> None:
        self.client, self.accounting, self.settings = client, accounting, settings
        self.credentials = credentials
        self._off: str | None | bool = False  # False: not worked out yet
        self._rates: dict[str, dict[str, Any]] | None = None
        self._calendars: dict[str, str] | None = None
        self.pending_notes: list[tuple[str, str]] = []

    # -- is payroll on? ------------------------------------------------------------------

    def off(self) -> str | None:
        if self._off is False:
            self._off = self._work_out_off()
        return self._off or None

    def _work_out_off(self) -> str | None:
        granted = str(self.credentials.get("scope") or "").split()
        if granted and not any(s.startswith("payroll.") for s in granted):
            return RECONNECT  # Xero would answer 401 AuthorizationUnsuccessful anyway
        body = self.accounting.get("/Organisation")
        country = str((body.get("Organisations") or [{}])[0].get("CountryCode") or "")
        if country and country != "AU":  # US keeps only the legacy subset, which is not shared
            return unavailable(country)
        return None

    def refused(self, exc: ConnectorError) -> str:
        """Payroll off for the rest of the run after Xero refused it."""
        self._off = RECONNECT if exc.status == 401 else f"Payroll is off: {exc.user_message}"
        return self._off

    def guard(self, entity: str) -> bool:
        """True when payroll is on; otherwise the reason waits to be noted on the run."""
        reason = self.off()
        if reason is not None and (entity, reason) not in self.pending_notes:
            self.pending_notes.append((entity, reason))
        return reason is None

    def flush_notes(self, notes: Notes) -> None:
        for entity, reason in self.pending_notes:
            notes.add(entity, "payroll", reason)
        self.pending_notes.clear()

    # -- lookups -------------------------------------------------------------------------

    def rates(self) -> dict[str, dict[str, Any]]:
        """Earnings rates by id."""
        if self._rates is None:
            body = self.client.get("/PayItems")
            items = body.get("PayItems") or {}
            if isinstance(items, list):  # an envelope holding one PayItems object
                items = items[0] if items else {}
            self._rates = {r["EarningsRateID"]: r for r in items.get("EarningsRates") or []}
        return self._rates

    def rate_ids(self) -> dict[str, str]:
        """Earnings rate ids by name; "" is the first ordinary-time rate."""
        found = {r["Name"]: rid for rid, r in self.rates().items()}
        ordinary = [
            rid
            for rid, r in self.rates().items()
            if r.get("EarningsType") == "ORDINARYTIMEEARNINGS"
        ]
        if ordinary:
            found[""] = ordinary[0]
        return found

    def calendars(self) -> dict[str, str]:
        """Calendar types by PayrollCalendarID."""
        if self._calendars is None:
            rows = self.client.get("/PayrollCalendars").get("PayrollCalendars") or []
            self._calendars = {r["PayrollCalendarID"]: r["CalendarType"] for r in rows}
        return self._calendars

    def employee(self, employee_id: str) -> dict[str, Any] | None:
        body = self.client.get(f"/Employees/{employee_id}", missing_ok=True)
        rows = (body or {}).get("Employees") or []
        return rows[0] if rows else None

    # -- reading -------------------------------------------------------------------------

    def external(self, entity: str, row: dict[str, Any]) -> ExternalRecord:
        if entity == "employees":
            calendar = self.calendars().get(row.get("PayrollCalendarID") or "")
            data = mapping.employee_in(row, self.rates(), calendar)
            label = f"{row.get('FirstName', '')} {row.get('LastName', '')}".strip()
        else:
            names = {rid: r["Name"] for rid, r in self.rates().items()}
            data = mapping.timesheet_in(row, names)
            label = f"{data['start_date']} – {data['end_date']}"
        stamp = values.parse_instant(row.get("UpdatedDateUTC"))
        return ExternalRecord(str(row[LISTINGS[entity].id_field]), data, stamp, label=label)

    def read(self, entity: str, cursor: Any) -> Iterator[Page]:
        if not self.guard(entity):
            return
        state = dict(cursor or {})
        try:
            for batch in reading.read(self.client, LISTINGS[entity], state.get("read")):
                rows = batch.rows
                if entity == "employees":  # the list leaves the pay template out
                    rows = [self.employee(r["EmployeeID"]) or r for r in rows]
                state["read"] = batch.cursor
                yield Page([self.external(entity, r) for r in rows], dict(state))
            if entity == "timesheets" and self.settings.get("payroll_journals"):
                problems: list[str] = []
                done = payroll_journals.send(
                    self.client, self.accounting, self.settings, state, problems
                )
                self.pending_notes += [("journals", problem) for problem in problems]
                yield Page([], {**state, "journalled": done})
        except ConnectorError as exc:
            if exc.status not in (401, 403):
                raise
            self.pending_notes.append((entity, self.refused(exc)))

    def fetch(self, entity: str, external_id: str) -> ExternalRecord | None:
        if self.off() is not None:
            return None
        if entity == "employees":
            row = self.employee(external_id)
            return self.external(entity, row) if row else None
        body = self.client.get(f"/Timesheets/{external_id}", missing_ok=True)
        row = (body or {}).get("Timesheet")
        return self.external(entity, row) if row else None

    # -- writing -------------------------------------------------------------------------

    def prepare(self, entity: str, data: dict[str, Any], notes: Notes, key: str) -> dict[str, Any]:
        self.flush_notes(notes)
        reason = self.off()
        if reason is not None:
            raise SkipRecord(reason)
        if entity == "employees" and not data.get("birth_date"):
            # Xero payroll requires one; a person from a time tracker waits for it.
            raise SkipRecord("Xero payroll needs a date of birth to add this employee.")
        return data

    def write(self, entity: str, ops: Sequence[WriteOp], notes: Notes | None) -> list[WriteResult]:
        build: Callable[[WriteOp], dict[str, Any]]
        if entity == "employees":
            build = self._employee_body
        else:
            build = lambda op: self._timesheet_body(op, notes or Notes())  # noqa: E731
        return [self._write_one(entity, op, build) for op in ops]

    def _employee_body(self, op: WriteOp) -> dict[str, Any]:
        data = {k: v for k, v in op.data.items() if not (k == "birth_date" and v is None)}
        body = mapping.employee_out(data, self.rate_ids())
        if op.external_id:
            return {**body, "EmployeeID": op.external_id}
        if not data.get("birth_date"):
            raise SkipRecord("Xero payroll needs a date of birth to add an employee.")
        wanted = mapping.FREQUENCIES_OUT.get(op.data.get("pay_frequency") or "")
        calendars = self.calendars()
        matching = [cid for cid, kind in calendars.items() if kind == wanted] or list(calendars)
        if matching:  # timesheets need a calendar; the first one when none fits
            body["PayrollCalendarID"] = matching[0]
        if self.rate_ids().get(""):
            body["OrdinaryEarningsRateID"] = self.rate_ids()[""]
        return body

    def _timesheet_body(self, op: WriteOp, notes: Notes) -> dict[str, Any]:
        employee = self.employee(str(op.data["employee_id"])) or {}
        ordinary = employee.get("OrdinaryEarningsRateID") or self.rate_ids().get("")
        if not ordinary:
            raise SkipRecord("The employee has no ordinary earnings rate in Xero.")
        body = mapping.timesheet_out(op.data, self.rate_ids(), ordinary, notes, op.record_id)
        return {**body, "TimesheetID": op.external_id} if op.external_id else body

    def _write_one(
        self, entity: str, op: WriteOp, build: Callable[[WriteOp], dict[str, Any]]
    ) -> WriteResult:
        spec = LISTINGS[entity]
        try:
            if op.action == "delete":
                return self._delete(entity, op)
            body = build(op)
            answer = self.client.send(
                "POST", spec.path, [body], [op.idempotency_key or op.record_id]
            )
        except SkipRecord as exc:
            return WriteResult(op.record_id, op.external_id, error=exc.user_message)
        element = (answer or {}).get(spec.plural) or [{}]
        found = messages(element[0])
        if found:
            return WriteResult(op.record_id, op.external_id, error="; ".join(found))
        saved = element[0]
        if entity == "employees":
            saved = self.employee(saved[spec.id_field]) or saved
        record = self.external(entity, saved)
        return WriteResult(op.record_id, record.id, data=record.data)

    def _delete(self, entity: str, op: WriteOp) -> WriteResult:
        """Xero payroll deletes nothing: an employee is terminated, a timesheet rejected."""
        if entity == "employees":
            return WriteResult(
                op.record_id,
                op.external_id,
                error="Xero payroll keeps employees: terminate instead.",
            )
        body = [{"TimesheetID": op.external_id, "Status": "REJECTED"}]
        self.client.send("POST", f"/Timesheets/{op.external_id}", body, [op.idempotency_key])
        return WriteResult(op.record_id, op.external_id)
