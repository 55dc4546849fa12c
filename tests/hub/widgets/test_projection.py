"""The typed projections follow the store: created, replaced, deleted, rebuilt, one transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, select

from hub.db import Database
from hub.models.widgets import (
    InvoiceDoc,
    InvoiceLine,
    JournalDay,
    JournalLine,
    SalesMonth,
    TimesheetLine,
)
from hub.store import Store
from hub.widgets.projection import rebuild
from schema.samples import sample


def _journal(account_a: str, account_b: str, day: str, amount: str) -> dict[str, Any]:
    return {
        "source": "GENERATED",
        "date": day,
        "lines": [
            {"account_id": account_a, "amount": amount},
            {"account_id": account_b, "amount": f"-{amount}"},
        ],
    }


def _days(db: Database, org: str) -> dict[tuple[str, str], tuple[Decimal, int]]:
    with db.session() as session:
        rows = session.execute(
            select(
                JournalDay.account_id, JournalDay.date, JournalDay.amount, JournalDay.lines
            ).where(JournalDay.org_id == org)
        )
        return {(a, d.isoformat()): (amount, n) for a, d, amount, n in rows}


def test_invoice_rows_follow_every_write(db: Database, make_org: Any) -> None:
    org, _ = make_org()
    with db.session() as session:
        row = Store(session, org).create("invoices", sample("invoices"))
        record_id = row.id
    with db.session() as session:
        doc = session.get(InvoiceDoc, record_id)
        assert doc is not None
        assert (doc.total, doc.amount_due, doc.issue_date.isoformat()) == (
            Decimal("2903.84"),
            Decimal("1903.84"),
            "2024-03-04",
        )
        lines = session.scalars(select(InvoiceLine).where(InvoiceLine.record_id == record_id))
        assert sorted(line.net_amount for line in lines) == [
            Decimal("120.00"),
            Decimal("269.85"),
            Decimal("2250.00"),
        ]

    changed = sample("invoices")
    changed["lines"] = changed["lines"][:1]
    changed.update(subtotal="2250.00", total_tax="225.00", total="2475.00", amount_due="1475.00")
    with db.session() as session:
        Store(session, org).replace("invoices", record_id, changed)
    with db.session() as session:
        assert session.get(InvoiceDoc, record_id).total == Decimal("2475.00")
        lines = list(session.scalars(select(InvoiceLine).where(InvoiceLine.record_id == record_id)))
        assert [line.quantity for line in lines] == [Decimal(2)]

    with db.session() as session:
        Store(session, org).delete("invoices", record_id)
    with db.session() as session:
        assert session.get(InvoiceDoc, record_id) is None
        assert not session.scalars(
            select(InvoiceLine).where(InvoiceLine.record_id == record_id)
        ).all()


def test_inclusive_lines_are_projected_net_of_tax(db: Database, make_org: Any) -> None:
    org, _ = make_org()
    invoice = sample("invoices")
    invoice.update(line_amount_type="INCLUSIVE", lines=invoice["lines"][2:])
    invoice["lines"][0].update(line_amount="132.00", tax_amount="12.00")
    invoice.update(subtotal="120.00", total_tax="12.00", total="132.00", amount_paid="0.00")
    invoice.update(amount_due="132.00", total_discount="0.00")
    with db.session() as session:
        record_id = Store(session, org).create("invoices", invoice).id
    with db.session() as session:
        line = session.scalars(select(InvoiceLine).where(InvoiceLine.record_id == record_id)).one()
        assert (line.net_amount, line.tax_amount) == (Decimal("120.00"), Decimal("12.00"))


def test_journal_days_move_with_journals(db: Database, make_org: Any) -> None:
    org, _ = make_org()
    bank, sales = "a" * 8 + "-0000-7000-8000-000000000001", "a" * 8 + "-0000-7000-8000-000000000002"
    with db.session() as session:
        store = Store(session, org)
        written = store.write_many(
            "journals",
            [
                (None, _journal(bank, sales, "2024-03-01", "100.10")),
                (None, _journal(bank, sales, "2024-03-01", "0.20")),
                (None, _journal(bank, sales, "2024-03-02", "5.00")),
            ],
            origin="test",
        )
    assert _days(db, org) == {
        (bank, "2024-03-01"): (Decimal("100.30"), 2),
        (sales, "2024-03-01"): (Decimal("-100.30"), 2),
        (bank, "2024-03-02"): (Decimal("5.00"), 1),
        (sales, "2024-03-02"): (Decimal("-5.00"), 1),
    }
    first, _, third = (w.record_id for w in written)
    with db.session() as session:
        store = Store(session, org)
        store.replace("journals", first, _journal(bank, sales, "2024-03-02", "1.00"))
        store.delete("journals", third)
    assert _days(db, org) == {
        (bank, "2024-03-01"): (Decimal("0.20"), 1),
        (sales, "2024-03-01"): (Decimal("-0.20"), 1),
        (bank, "2024-03-02"): (Decimal("1.00"), 1),
        (sales, "2024-03-02"): (Decimal("-1.00"), 1),
    }
    # A draft manual journal posts nothing; posting it later does.
    draft = {**_journal(bank, sales, "2024-03-05", "7.00"), "source": "MANUAL", "status": "DRAFT"}
    with db.session() as session:
        draft_id = Store(session, org).create("journals", draft).id
    assert (bank, "2024-03-05") not in _days(db, org)
    with db.session() as session:
        Store(session, org).replace("journals", draft_id, {**draft, "status": "POSTED"})
    assert _days(db, org)[(bank, "2024-03-05")] == (Decimal("7.00"), 1)

    before = _days(db, org)
    with db.session() as session:
        assert rebuild(session, [org]) == 3
    assert _days(db, org) == before


def test_a_failed_write_leaves_no_projection(db: Database, make_org: Any) -> None:
    org, _ = make_org()
    with pytest.raises(RuntimeError), db.session() as session:
        Store(session, org).create("journals", _journal("x" * 36, "y" * 36, "2024-01-01", "3"))
        raise RuntimeError("the request fails after the write")
    with db.session() as session:
        assert session.scalars(select(JournalLine).where(JournalLine.org_id == org)).all() == []


def test_timesheets_keep_the_days_worked(db: Database, make_org: Any) -> None:
    org, _ = make_org()
    with db.session() as session:
        record_id = Store(session, org).create("timesheets", sample("timesheets")).id
    with db.session() as session:
        rows = session.execute(
            select(TimesheetLine.date, TimesheetLine.hours).where(
                TimesheetLine.record_id == record_id
            )
        ).all()
    hours: dict[str, Decimal] = {}
    for day, value in rows:
        hours[day.isoformat()] = hours.get(day.isoformat(), Decimal(0)) + value
    assert hours == {
        "2024-03-04": Decimal("7.6"),
        "2024-03-05": Decimal("7.6"),
        "2024-03-06": Decimal("9.6"),
        "2024-03-07": Decimal("7.6"),
        "2024-03-08": Decimal("9.1"),
    }


def test_the_rebuild_command_restores_lost_projections(
    app: Any, db: Database, make_org: Any
) -> None:
    from click.testing import CliRunner

    from hub.widgets.cli import widgets

    org, _ = make_org()
    with db.session() as session:
        record_id = Store(session, org).create("invoices", sample("invoices")).id
        session.execute(delete(InvoiceDoc))  # as before the widgets' migration
    result = CliRunner().invoke(widgets, ["rebuild", "--org", org], obj=app)
    assert result.exit_code == 0, result.output
    assert "1 records projected" in result.output
    with db.session() as session:
        assert session.get(InvoiceDoc, record_id).total == Decimal("2903.84")


def test_monthly_sales_follow_the_invoices_approval(db: Database, make_org: Any) -> None:
    org, _ = make_org()
    invoice = sample("invoices", {"items": "0" * 8 + "-0000-7000-8000-000000000009"})

    def months() -> list[tuple[str, Decimal, Decimal, int]]:
        with db.session() as session:
            rows = session.execute(
                select(
                    SalesMonth.month, SalesMonth.quantity, SalesMonth.net_amount, SalesMonth.lines
                ).where(SalesMonth.org_id == org)
            )
            return [(m.isoformat(), q, n, c) for m, q, n, c in rows]

    with db.session() as session:
        record_id = Store(session, org).create("invoices", invoice).id
    assert months() == [("2024-03-01", Decimal("6.5"), Decimal("2639.85"), 3)]
    with db.session() as session:
        Store(session, org).replace("invoices", record_id, {**invoice, "status": "VOIDED"})
    assert months() == []  # a voided invoice sells nothing
    with db.session() as session:
        Store(session, org).replace("invoices", record_id, {**invoice, "issue_date": "2024-04-02"})
    assert months() == [("2024-04-01", Decimal("6.5"), Decimal("2639.85"), 3)]
