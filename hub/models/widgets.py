"""Typed projections of canonical records that widgets aggregate, exchange rates, dashboards.

The projection tables are derived data: `hub.widgets.projection` rewrites a record's rows in
the same transaction as the store writes the record, and can rebuild them from `records`.
Rows are keyed by the record id (plus a line number) and carry `org_id` first in every
index, because every widget query is scoped to organizations.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from hub.models.base import Base, JSONType, UTCDateTime, utcnow, uuid_pk


class Fixed(TypeDecorator[Decimal]):
    """An exact decimal with `scale` places: NUMERIC on PostgreSQL, a scaled integer on SQLite.

    SQLite's NUMERIC stores floats and sums them with float error; integers sum exactly.
    Only SUM, CASE and COALESCE may be applied in SQL: arithmetic would mix scales on SQLite.
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, scale: int = 4, precision: int = 19) -> None:
        super().__init__(precision=precision, scale=scale)
        self.scale = scale
        self.precision = precision
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.scale))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        exact = Decimal(value).quantize(self._quantum, ROUND_HALF_UP)
        return int(exact.scaleb(self.scale)) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-self.scale)
        return Decimal(value)


# Projection tables are keyed by text: on SQLite, WITHOUT ROWID makes the key the table
# itself (one B-tree less to write per row, rows read in key order).
CLUSTERED = {"sqlite_with_rowid": False}

MONEY = Fixed(4)
QUANTITY = Fixed(4)
RATE = Fixed(10)


class InvoiceDoc(Base):
    """An invoice or credit note's totals (kind `invoice` or `credit_note`)."""

    __tablename__ = "invoice_docs"
    __table_args__ = (
        # Covering: the invoice widgets read this index alone, never the table.
        Index(
            "ix_invoice_docs_org_kind_type_date",
            *("org_id", "kind", "type", "issue_date", "status", "contact_id", "currency"),
            *("due_date", "total", "amount_paid", "amount_credited", "amount_due"),
        ),
        # What is still owed (aged receivables and payables): a small part of the documents.
        Index(
            "ix_invoice_docs_outstanding",
            *("org_id", "type", "issue_date", "status", "kind", "contact_id", "currency"),
            *("due_date", "amount_due"),
            sqlite_where=text("amount_due <> 0"),
            postgresql_where=text("amount_due <> 0"),
        ),
        CLUSTERED,
    )

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(12))
    type: Mapped[str] = mapped_column(String(10))  # SALES or PURCHASE
    status: Mapped[str | None] = mapped_column(String(12))
    contact_id: Mapped[str | None] = mapped_column(String(36))
    number: Mapped[str | None] = mapped_column(String(255))
    issue_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str | None] = mapped_column(String(3))
    subtotal: Mapped[Decimal | None] = mapped_column(MONEY)
    total_tax: Mapped[Decimal | None] = mapped_column(MONEY)
    total: Mapped[Decimal | None] = mapped_column(MONEY)
    # Invoices: amount_due; credit notes: remaining_credit.
    amount_due: Mapped[Decimal | None] = mapped_column(MONEY)
    amount_paid: Mapped[Decimal | None] = mapped_column(MONEY)
    amount_credited: Mapped[Decimal | None] = mapped_column(MONEY)


class InvoiceLine(Base):
    """One line of an invoice or credit note, with its document's type, status, date, currency."""

    __tablename__ = "invoice_lines"
    __table_args__ = (
        # Whole months come from sales_months: lines are read for a few days at a time.
        Index("ix_invoice_lines_org_kind_type_date", "org_id", "kind", "type", "issue_date"),
        CLUSTERED,
    )

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    org_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(12))
    type: Mapped[str] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(String(12))
    issue_date: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str | None] = mapped_column(String(3))
    item_id: Mapped[str | None] = mapped_column(String(36))
    account_id: Mapped[str | None] = mapped_column(String(36))
    quantity: Mapped[Decimal | None] = mapped_column(QUANTITY)
    net_amount: Mapped[Decimal | None] = mapped_column(MONEY)  # line amount less its tax
    tax_amount: Mapped[Decimal | None] = mapped_column(MONEY)


class JournalLine(Base):
    """One posting of an effective journal (not DRAFT, VOIDED or DELETED): debit +, credit -."""

    __tablename__ = "journal_lines"  # read through journal_days; no index beyond the key
    __table_args__ = (CLUSTERED,)

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    org_id: Mapped[str] = mapped_column(String(36))
    source: Mapped[str] = mapped_column(String(10))  # MANUAL or GENERATED
    date: Mapped[date] = mapped_column(Date)
    account_id: Mapped[str] = mapped_column(String(36))
    amount: Mapped[Decimal] = mapped_column(MONEY)


class JournalDay(Base):
    """Journal lines summed per account and day: what balances and P&L read.

    Kept by adding and subtracting the lines' amounts as journals change, so a balance at
    any date is a scan of days, not of lines.
    """

    __tablename__ = "journal_days"
    __table_args__ = (
        Index("ix_journal_days_org_date", "org_id", "date", "source", "account_id", "amount"),
        CLUSTERED,
    )

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source: Mapped[str] = mapped_column(String(10), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    lines: Mapped[int] = mapped_column(Integer)


class SalesMonth(Base):
    """Lines of approved invoices that name an item, summed per item, month and currency.

    What sales growth reads for whole months; kept like `journal_days`. `currency` is ""
    for documents without one (a key column cannot be NULL).
    """

    __tablename__ = "sales_months"
    __table_args__ = (
        Index(
            "ix_sales_months_org_type_month",
            *("org_id", "type", "month", "item_id", "currency", "quantity", "net_amount"),
            "tax_amount",
        ),
        CLUSTERED,
    )

    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(10), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    net_amount: Mapped[Decimal] = mapped_column(MONEY)
    tax_amount: Mapped[Decimal] = mapped_column(MONEY)
    lines: Mapped[int] = mapped_column(Integer)


class PaymentLine(Base):
    """The part of a payment applied to one document (or the whole payment if it has no lines)."""

    __tablename__ = "payment_lines"
    __table_args__ = (
        Index(
            "ix_payment_lines_org_date",
            *("org_id", "date", "type", "currency", "account_id", "amount"),
            *("invoice_id", "credit_note_id"),
        ),
        CLUSTERED,
    )

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    org_id: Mapped[str] = mapped_column(String(36))
    type: Mapped[str | None] = mapped_column(String(10))  # RECEIVE or SPEND
    status: Mapped[str | None] = mapped_column(String(12))
    date: Mapped[date] = mapped_column(Date)
    account_id: Mapped[str | None] = mapped_column(String(36))
    currency: Mapped[str | None] = mapped_column(String(3))
    invoice_id: Mapped[str | None] = mapped_column(String(36))
    credit_note_id: Mapped[str | None] = mapped_column(String(36))
    amount: Mapped[Decimal] = mapped_column(MONEY)


class CreditAllocation(Base):
    """Part of a credit note applied to an invoice, on a date."""

    __tablename__ = "credit_allocations"
    __table_args__ = (
        Index(
            "ix_credit_allocations_org_date", "org_id", "date", "invoice_id", "record_id", "amount"
        ),
        CLUSTERED,
    )

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    org_id: Mapped[str] = mapped_column(String(36))
    date: Mapped[date] = mapped_column(Date)
    invoice_id: Mapped[str] = mapped_column(String(36))
    amount: Mapped[Decimal] = mapped_column(MONEY)


class TimesheetLine(Base):
    """Hours one employee worked on one day for one timesheet line (days with hours only)."""

    __tablename__ = "timesheet_lines"
    __table_args__ = (
        Index("ix_timesheet_lines_org_date", "org_id", "date", "status", "employee_id", "hours"),
        CLUSTERED,
    )

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    employee_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str | None] = mapped_column(String(12))
    pay_item: Mapped[str | None] = mapped_column(String(100))
    hours: Mapped[Decimal] = mapped_column(QUANTITY)


class LedgerAccount(Base):
    """An account of the chart, with the class and type that place it in reports."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (Index("ix_ledger_accounts_org", "org_id"), CLUSTERED)

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    code: Mapped[str | None] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str | None] = mapped_column(String(30))
    class_: Mapped[str | None] = mapped_column("class", String(10))
    system_account: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str | None] = mapped_column(String(10))


class EmployeeDoc(Base):
    """An employee as the employees list shows it."""

    __tablename__ = "employee_docs"
    __table_args__ = (Index("ix_employee_docs_org", "org_id"), CLUSTERED)

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(520))
    number: Mapped[str | None] = mapped_column(String(50))
    job_title: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str | None] = mapped_column(String(12))
    start_date: Mapped[date | None] = mapped_column(Date)
    termination_date: Mapped[date | None] = mapped_column(Date)


class SalaryLine(Base):
    """One salary line of an employee, annualised (hourly rates times hours per week x 52)."""

    __tablename__ = "salary_lines"
    __table_args__ = (Index("ix_salary_lines_org", "org_id"), CLUSTERED)

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    org_id: Mapped[str] = mapped_column(String(36))
    pay_item: Mapped[str] = mapped_column(String(255))  # what a later line replaces
    annual_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    rate_per_hour: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str | None] = mapped_column(String(3))
    effective_from: Mapped[date | None] = mapped_column(Date)


class ExchangeRate(Base):
    """A rate the organization keeps: 1 `from_currency` = `rate` `to_currency`, from `date`."""

    __tablename__ = "exchange_rates"
    __table_args__ = (UniqueConstraint("org_id", "from_currency", "to_currency", "date"),)

    id: Mapped[str] = uuid_pk()
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    from_currency: Mapped[str] = mapped_column(String(3))
    to_currency: Mapped[str] = mapped_column(String(3))
    date: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(RATE)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DashboardWidget(Base):
    """A widget on one user's dashboard of one organization: its place and its settings."""

    __tablename__ = "dashboard_widgets"
    __table_args__ = (Index("ix_dashboard_widgets_user_org", "user_id", "org_id", "position"),)

    id: Mapped[str] = uuid_pk()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    widget: Mapped[str] = mapped_column(String(60))
    title: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    width: Mapped[int] = mapped_column(Integer, default=6)  # of a 12-column grid
    settings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
