"""tasks: drafts with missing fields, rate, free skills, updates channel, pause, recurrence link;
the task change log

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER a column's nullability, so Alembic copies the table there.
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.alter_column('volume_amount', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('volume_unit', existing_type=sa.String(length=32), nullable=True)
        batch_op.alter_column('deadline', existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column('other_skills', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('rate_yen', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('rate_unit', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('updates_channel', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('paused_from', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('previous_id', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_tasks_previous_id'), ['previous_id'], unique=False)

    op.create_table('task_changes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('task_id', sa.String(length=32), nullable=False),
    sa.Column('organization_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('changed_by', sa.String(length=32), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['people.id'], name=op.f('fk_task_changes_changed_by_people')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_task_changes_organization_id_organizations')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_changes_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_changes'))
    )
    with op.batch_alter_table('task_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_changes_task_id'), ['task_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('task_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_changes_task_id'))
    op.drop_table('task_changes')
    # Drafts cannot survive a schema that requires volume and deadline.
    op.execute('DELETE FROM tasks WHERE volume_amount IS NULL OR volume_unit IS NULL OR deadline IS NULL')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_previous_id'))
        batch_op.drop_column('previous_id')
        batch_op.drop_column('paused_from')
        batch_op.drop_column('updates_channel')
        batch_op.drop_column('rate_unit')
        batch_op.drop_column('rate_yen')
        batch_op.drop_column('other_skills')
        batch_op.alter_column('deadline', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('volume_unit', existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column('volume_amount', existing_type=sa.Integer(), nullable=False)
