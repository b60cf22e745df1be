"""stored digests and per-recipient digest settings (issue 7)

- digest_settings: a leader's own daily digest time (their timezone) and whether they want it;
- digest_subscriptions: client channels that asked for digests (`/yui digest subscribe`), one per
  channel, for the organisation's tasks or one task, daily and weekly times;
- digests: every scheduled digest, claimed before it is sent; UNIQUE (recipient, kind, local_date)
  is what makes a digest go out once across restarts, retries and several processes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('digest_settings',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('daily_at', sa.String(length=5), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_digest_settings_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_digest_settings'))
    )
    op.create_table('digest_subscriptions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('organization_id', sa.String(length=32), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('channel_id', sa.String(length=64), nullable=False),
    sa.Column('scope_kind', sa.String(length=16), nullable=False),
    sa.Column('scope_id', sa.String(length=32), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('subscribed_by', sa.String(length=32), nullable=False),
    sa.Column('daily_at', sa.String(length=5), nullable=False),
    sa.Column('weekly_at', sa.String(length=5), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_digest_subscriptions_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_subscriptions')),
    sa.UniqueConstraint('platform', 'workspace', 'channel_id', name='uq_digest_subscriptions_channel')
    )
    with op.batch_alter_table('digest_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_subscriptions_organization_id'), ['organization_id'], unique=False)

    op.create_table('digests',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('scope_kind', sa.String(length=16), nullable=False),
    sa.Column('scope_id', sa.String(length=32), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('channel_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.Column('pushes', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digests')),
    sa.UniqueConstraint('recipient', 'kind', 'local_date', name='uq_digests_key')
    )
    with op.batch_alter_table('digests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digests_local_date'), ['local_date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('digests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digests_local_date'))
    op.drop_table('digests')
    with op.batch_alter_table('digest_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_subscriptions_organization_id'))
    op.drop_table('digest_subscriptions')
    op.drop_table('digest_settings')
