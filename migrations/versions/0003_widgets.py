"""Widgets: typed projections of the canonical records, running totals, exchange rates,
dashboards.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:37:06.761293
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
import hub.models.base
import hub.models.widgets

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('credit_allocations',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('invoice_id', sa.String(length=36), nullable=False),
    sa.Column('amount', hub.models.widgets.Fixed(precision=19, scale=4), nullable=False),
    sa.PrimaryKeyConstraint('record_id', 'line_no', name=op.f('pk_credit_allocations')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('credit_allocations', schema=None) as batch_op:
        batch_op.create_index('ix_credit_allocations_org_date', ['org_id', 'date', 'invoice_id', 'record_id', 'amount'], unique=False)

    op.create_table('employee_docs',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=520), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=True),
    sa.Column('job_title', sa.String(length=255), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('termination_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_employee_docs')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('employee_docs', schema=None) as batch_op:
        batch_op.create_index('ix_employee_docs_org', ['org_id'], unique=False)

    op.create_table('invoice_docs',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('contact_id', sa.String(length=36), nullable=True),
    sa.Column('number', sa.String(length=255), nullable=True),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('subtotal', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.Column('total_tax', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.Column('total', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.Column('amount_due', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.Column('amount_paid', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.Column('amount_credited', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_invoice_docs')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('invoice_docs', schema=None) as batch_op:
        batch_op.create_index('ix_invoice_docs_org_kind_type_date', ['org_id', 'kind', 'type', 'issue_date', 'status', 'contact_id', 'currency', 'due_date', 'total', 'amount_paid', 'amount_credited', 'amount_due'], unique=False)
        batch_op.create_index('ix_invoice_docs_outstanding', ['org_id', 'type', 'issue_date', 'status', 'kind', 'contact_id', 'currency', 'due_date', 'amount_due'], unique=False, sqlite_where=sa.text('amount_due <> 0'), postgresql_where=sa.text('amount_due <> 0'))

    op.create_table('invoice_lines',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('item_id', sa.String(length=36), nullable=True),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('quantity', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.Column('net_amount', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.Column('tax_amount', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.PrimaryKeyConstraint('record_id', 'line_no', name=op.f('pk_invoice_lines')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.create_index('ix_invoice_lines_org_kind_type_date', ['org_id', 'kind', 'type', 'issue_date'], unique=False)

    op.create_table('journal_days',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('amount', hub.models.widgets.Fixed(precision=19, scale=4), nullable=False),
    sa.Column('lines', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('org_id', 'account_id', 'source', 'date', name=op.f('pk_journal_days')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('journal_days', schema=None) as batch_op:
        batch_op.create_index('ix_journal_days_org_date', ['org_id', 'date', 'source', 'account_id', 'amount'], unique=False)

    op.create_table('journal_lines',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('amount', hub.models.widgets.Fixed(precision=19, scale=4), nullable=False),
    sa.PrimaryKeyConstraint('record_id', 'line_no', name=op.f('pk_journal_lines')),
    sqlite_with_rowid=False
    )
    op.create_table('ledger_accounts',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=50), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=True),
    sa.Column('class', sa.String(length=10), nullable=True),
    sa.Column('system_account', sa.String(length=50), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=True),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_ledger_accounts')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('ledger_accounts', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_accounts_org', ['org_id'], unique=False)

    op.create_table('payment_lines',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('invoice_id', sa.String(length=36), nullable=True),
    sa.Column('credit_note_id', sa.String(length=36), nullable=True),
    sa.Column('amount', hub.models.widgets.Fixed(precision=19, scale=4), nullable=False),
    sa.PrimaryKeyConstraint('record_id', 'line_no', name=op.f('pk_payment_lines')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('payment_lines', schema=None) as batch_op:
        batch_op.create_index('ix_payment_lines_org_date', ['org_id', 'date', 'type', 'currency', 'account_id', 'amount', 'invoice_id', 'credit_note_id'], unique=False)

    op.create_table('salary_lines',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('pay_item', sa.String(length=255), nullable=False),
    sa.Column('annual_amount', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.Column('rate_per_hour', hub.models.widgets.Fixed(precision=19, scale=4), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('record_id', 'line_no', name=op.f('pk_salary_lines')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('salary_lines', schema=None) as batch_op:
        batch_op.create_index('ix_salary_lines_org', ['org_id'], unique=False)

    op.create_table('sales_months',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('item_id', sa.String(length=36), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('quantity', hub.models.widgets.Fixed(precision=19, scale=4), nullable=False),
    sa.Column('net_amount', hub.models.widgets.Fixed(precision=19, scale=4), nullable=False),
    sa.Column('tax_amount', hub.models.widgets.Fixed(precision=19, scale=4), nullable=False),
    sa.Column('lines', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('org_id', 'type', 'item_id', 'month', 'currency', name=op.f('pk_sales_months')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('sales_months', schema=None) as batch_op:
        batch_op.create_index('ix_sales_months_org_type_month', ['org_id', 'type', 'month', 'item_id', 'currency', 'quantity', 'net_amount', 'tax_amount'], unique=False)

    op.create_table('timesheet_lines',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('employee_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('pay_item', sa.String(length=100), nullable=True),
    sa.Column('hours', hub.models.widgets.Fixed(precision=19, scale=4), nullable=False),
    sa.PrimaryKeyConstraint('record_id', 'line_no', 'date', name=op.f('pk_timesheet_lines')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('timesheet_lines', schema=None) as batch_op:
        batch_op.create_index('ix_timesheet_lines_org_date', ['org_id', 'date', 'status', 'employee_id', 'hours'], unique=False)

    op.create_table('dashboard_widgets',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('widget', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('settings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_dashboard_widgets_org_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_dashboard_widgets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_widgets'))
    )
    with op.batch_alter_table('dashboard_widgets', schema=None) as batch_op:
        batch_op.create_index('ix_dashboard_widgets_user_org', ['user_id', 'org_id', 'position'], unique=False)

    op.create_table('exchange_rates',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('from_currency', sa.String(length=3), nullable=False),
    sa.Column('to_currency', sa.String(length=3), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('rate', hub.models.widgets.Fixed(precision=19, scale=10), nullable=False),
    sa.Column('updated_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_exchange_rates_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rates')),
    sa.UniqueConstraint('org_id', 'from_currency', 'to_currency', 'date', name=op.f('uq_exchange_rates_org_id_from_currency_to_currency_date'))
    )


def downgrade() -> None:
    op.drop_table('exchange_rates')
    with op.batch_alter_table('dashboard_widgets', schema=None) as batch_op:
        batch_op.drop_index('ix_dashboard_widgets_user_org')

    op.drop_table('dashboard_widgets')
    with op.batch_alter_table('timesheet_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_timesheet_lines_org_date')

    op.drop_table('timesheet_lines')
    with op.batch_alter_table('sales_months', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_months_org_type_month')

    op.drop_table('sales_months')
    with op.batch_alter_table('salary_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_salary_lines_org')

    op.drop_table('salary_lines')
    with op.batch_alter_table('payment_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_lines_org_date')

    op.drop_table('payment_lines')
    with op.batch_alter_table('ledger_accounts', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_accounts_org')

    op.drop_table('ledger_accounts')
    op.drop_table('journal_lines')
    with op.batch_alter_table('journal_days', schema=None) as batch_op:
        batch_op.drop_index('ix_journal_days_org_date')

    op.drop_table('journal_days')
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_invoice_lines_org_kind_type_date')

    op.drop_table('invoice_lines')
    with op.batch_alter_table('invoice_docs', schema=None) as batch_op:
        batch_op.drop_index('ix_invoice_docs_outstanding', sqlite_where=sa.text('amount_due <> 0'), postgresql_where=sa.text('amount_due <> 0'))
        batch_op.drop_index('ix_invoice_docs_org_kind_type_date')

    op.drop_table('invoice_docs')
    with op.batch_alter_table('employee_docs', schema=None) as batch_op:
        batch_op.drop_index('ix_employee_docs_org')

    op.drop_table('employee_docs')
    with op.batch_alter_table('credit_allocations', schema=None) as batch_op:
        batch_op.drop_index('ix_credit_allocations_org_date')

    op.drop_table('credit_allocations')
