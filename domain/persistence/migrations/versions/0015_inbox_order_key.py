"""inbox order key: one person's events are handled one after another across worker processes

`order_key` names whose event it is (a LINE or Slack account, a timed job); a worker leases an
event only when no earlier event with the same key is still unhandled, so two worker processes
cannot overtake each other on one person. The partial index finds that earlier event.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 15:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text('handled_at IS NULL')


def upgrade() -> None:
    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('order_key', sa.String(length=200), nullable=True))
    op.create_index(
        'ix_inbox_events_pending_key',
        'inbox_events',
        ['order_key', 'id'],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index('ix_inbox_events_pending_key', table_name='inbox_events')
    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.drop_column('order_key')
