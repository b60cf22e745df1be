"""web console (issue 17)

- console_signins: one-time sign-in links, stored as the token's SHA-256, single use.
- console_audit: who changed what from the console, and when.
- indexes the console's lists and aggregates lean on (tasks by status, reports by time).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 15:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('console_signins',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_console_signins_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_console_signins'))
    )
    op.create_index(op.f('ix_console_signins_person_id'), 'console_signins', ['person_id'], unique=False)
    op.create_table('console_audit',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_console_audit_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_audit'))
    )
    op.create_index(op.f('ix_console_audit_at'), 'console_audit', ['at'], unique=False)
    op.create_index('ix_tasks_status', 'tasks', ['status', 'created_at'], unique=False)
    op.create_index('ix_progress_reports_reported_at', 'progress_reports', ['reported_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_progress_reports_reported_at', table_name='progress_reports')
    op.drop_index('ix_tasks_status', table_name='tasks')
    op.drop_index(op.f('ix_console_audit_at'), table_name='console_audit')
    op.drop_table('console_audit')
    op.drop_index(op.f('ix_console_signins_person_id'), table_name='console_signins')
    op.drop_table('console_signins')
