"""inbox worker: lease, attempts, outcome; partial pending index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text('handled_at IS NULL')


def upgrade() -> None:
    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_events_pending')
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=True))
    op.create_index(
        'ix_inbox_events_pending', 'inbox_events', ['id'], sqlite_where=PENDING, postgresql_where=PENDING
    )
    # Events handled before this revision were all handled successfully or ignored.
    op.execute("UPDATE inbox_events SET outcome = 'handled' WHERE handled_at IS NOT NULL")


def downgrade() -> None:
    op.drop_index('ix_inbox_events_pending', table_name='inbox_events')
    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.drop_column('error')
        batch_op.drop_column('outcome')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('attempts')
        batch_op.create_index('ix_inbox_events_pending', ['handled_at'], unique=False)
