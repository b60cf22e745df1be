"""progress report corrections and reminder settings (issue 6)

- progress_reports.corrects_id: a correction is its own row pointing at the report it fixes (the
  history stays; the sum of units_done is the corrected total);
- progress_reports.source: the inbound message a report came from, unique per assignment, so a
  redelivered or re-run event never stores the same report twice;
- report_dialogs: where a guided 今日の報告 or a 訂正 conversation is, per person (survives restarts);
- reminder_settings / reminder_sends / line_pushes: each worker's reminder time, the one reminder
  per person and local day (its primary key is the "exactly once"), and LINE pushes counted per day.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('corrects_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_progress_reports_corrects_id_progress_reports'),
            'progress_reports',
            ['corrects_id'],
            ['id'],
            ondelete='CASCADE',
        )
        batch_op.create_unique_constraint('uq_progress_reports_source', ['source', 'assignment_id'])

    op.create_table('report_dialogs',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('assignment_id', sa.String(length=32), nullable=True),
    sa.Column('report_id', sa.String(length=32), nullable=True),
    sa.Column('units', sa.Integer(), nullable=True),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_report_dialogs_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_report_dialogs'))
    )
    op.create_table('reminder_settings',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('remind_at', sa.String(length=5), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_reminder_settings_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_reminder_settings'))
    )
    op.create_table('reminder_sends',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_reminder_sends_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'local_date', name=op.f('pk_reminder_sends'))
    )
    op.create_table('line_pushes',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('pushes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_line_pushes_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'day', name=op.f('pk_line_pushes'))
    )


def downgrade() -> None:
    op.drop_table('line_pushes')
    op.drop_table('reminder_sends')
    op.drop_table('reminder_settings')
    op.drop_table('report_dialogs')
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.drop_constraint('uq_progress_reports_source', type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_progress_reports_corrects_id_progress_reports'), type_='foreignkey')
        batch_op.drop_column('source')
        batch_op.drop_column('corrects_id')
