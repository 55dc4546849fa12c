"""Connections, cursors, sync runs, pending records, matches, webhook events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:24:15.246888
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
import hub.models.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('connections',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('connector', sa.String(length=40), nullable=False),
    sa.Column('tenant_id', sa.String(length=200), nullable=True),
    sa.Column('tenant_name', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_message', sa.Text(), nullable=True),
    sa.Column('credentials', sa.Text(), nullable=False),
    sa.Column('settings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('matrix', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('matching', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('history_cutoff', hub.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sync_interval', sa.Integer(), nullable=False),
    sa.Column('next_sync_at', hub.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('push_seq', sa.Integer(), nullable=False),
    sa.Column('credentials_version', sa.Integer(), nullable=False),
    sa.Column('created_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_connections_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_connections')),
    sa.UniqueConstraint('connector', 'tenant_id', name=op.f('uq_connections_connector_tenant_id')),
    sa.UniqueConstraint('org_id', 'connector', name=op.f('uq_connections_org_id_connector'))
    )
    op.create_table('cursors',
    sa.Column('connection_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('updated_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_cursors_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('connection_id', 'entity', name=op.f('pk_cursors'))
    )
    op.create_table('matches',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('connection_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('external_label', sa.String(length=300), nullable=False),
    sa.Column('external_data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_matches_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matches')),
    sa.UniqueConstraint('connection_id', 'entity', 'external_id', name=op.f('uq_matches_connection_id_entity_external_id'))
    )
    op.create_table('pending',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('connection_id', sa.String(length=36), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('updated_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_pending_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending')),
    sa.UniqueConstraint('connection_id', 'direction', 'entity', 'key', name=op.f('uq_pending_connection_id_direction_entity_key'))
    )
    op.create_table('sync_runs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('connection_id', sa.String(length=36), nullable=False),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('counts', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('api_calls', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('started_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', hub.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_sync_runs_connection_id_connections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_sync_runs_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_runs'))
    )
    with op.batch_alter_table('sync_runs', schema=None) as batch_op:
        batch_op.create_index('ix_sync_runs_org_started', ['org_id', 'started_at'], unique=False)

    op.create_table('webhook_events',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('connection_id', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.String(length=200), nullable=False),
    sa.Column('received_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_webhook_events_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_events')),
    sa.UniqueConstraint('connection_id', 'event_id', name=op.f('uq_webhook_events_connection_id_event_id'))
    )
    op.create_table('run_entries',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('run_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=True),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['sync_runs.id'], name=op.f('fk_run_entries_run_id_sync_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run_entries'))
    )
    with op.batch_alter_table('run_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_run_entries_run_id'), ['run_id'], unique=False)

    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed_at', hub.models.base.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_column('changed_at')

    with op.batch_alter_table('run_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_entries_run_id'))

    op.drop_table('run_entries')
    op.drop_table('webhook_events')
    with op.batch_alter_table('sync_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_runs_org_started')

    op.drop_table('sync_runs')
    op.drop_table('pending')
    op.drop_table('matches')
    op.drop_table('cursors')
    op.drop_table('connections')
