"""Organizations, users, API keys, records, the change feed and links.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 03:08:34.240230
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
import hub.models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organizations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.Column('created_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations'))
    )
    op.create_table('users',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('created_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('api_keys',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', hub.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_api_keys_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('prefix', name=op.f('uq_api_keys_prefix'))
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_org_id'), ['org_id'], unique=False)

    op.create_table('changes',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('op', sa.String(length=10), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_changes_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('org_id', 'seq', name=op.f('pk_changes'))
    )
    op.create_table('memberships',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_memberships_org_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('user_id', 'org_id', name=op.f('uq_memberships_user_id_org_id'))
    )
    op.create_table('records',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_records_org_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records'))
    )
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.create_index('ix_records_org_entity_id', ['org_id', 'entity', 'id'], unique=False)
        batch_op.create_index('ix_records_org_entity_updated', ['org_id', 'entity', 'updated_at'], unique=False)

    op.create_table('links',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('connection_id', sa.String(length=36), nullable=False),
    sa.Column('connector', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=True),
    sa.Column('snapshot', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('synced_version', sa.Integer(), nullable=False),
    sa.Column('updated_at', hub.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_links_org_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_links_record_id_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_links')),
    sa.UniqueConstraint('connection_id', 'entity', 'external_id', name=op.f('uq_links_connection_id_entity_external_id')),
    sa.UniqueConstraint('connection_id', 'record_id', name=op.f('uq_links_connection_id_record_id'))
    )
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.create_index('ix_links_org_record', ['org_id', 'record_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.drop_index('ix_links_org_record')

    op.drop_table('links')
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index('ix_records_org_entity_updated')
        batch_op.drop_index('ix_records_org_entity_id')

    op.drop_table('records')
    op.drop_table('memberships')
    op.drop_table('changes')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_org_id'))

    op.drop_table('api_keys')
    op.drop_table('users')
    op.drop_table('organizations')
