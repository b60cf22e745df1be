"""questions and notes (issue 16, 結の知恵)

- questions: a worker's question about a task, its status (with the leader, with the client, a note
  offered, answered) and its answer; `client_thread` is the Slack thread it was passed on to.
- notes: 手順メモ / Q&A of one client organisation's kind of work, from an answered question or
  written by a leader by hand.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 15:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('questions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('organization_id', sa.String(length=32), nullable=False),
    sa.Column('task_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=200), nullable=False),
    sa.Column('asked_by', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('answer_text', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.String(length=32), nullable=True),
    sa.Column('answer_source', sa.String(length=16), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note_id', sa.String(length=32), nullable=True),
    sa.Column('client_thread', sa.String(length=160), nullable=True),
    sa.ForeignKeyConstraint(['asked_by'], ['people.id'], name=op.f('fk_questions_asked_by_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_questions_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_questions_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions'))
    )
    op.create_index('ix_questions_org_status', 'questions', ['organization_id', 'status'], unique=False)
    op.create_index(op.f('ix_questions_task_id'), 'questions', ['task_id'], unique=False)
    op.create_index(op.f('ix_questions_asked_by'), 'questions', ['asked_by'], unique=False)
    op.create_index(op.f('ix_questions_asked_at'), 'questions', ['asked_at'], unique=False)
    op.create_table('notes',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('organization_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=200), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('task_id', sa.String(length=32), nullable=True),
    sa.Column('question_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_notes_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_notes_task_id_tasks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes'))
    )
    op.create_index('ix_notes_org_kind', 'notes', ['organization_id', 'kind'], unique=False)
    op.create_index(op.f('ix_notes_created_at'), 'notes', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_notes_created_at'), table_name='notes')
    op.drop_index('ix_notes_org_kind', table_name='notes')
    op.drop_table('notes')
    op.drop_index(op.f('ix_questions_asked_at'), table_name='questions')
    op.drop_index(op.f('ix_questions_asked_by'), table_name='questions')
    op.drop_index(op.f('ix_questions_task_id'), table_name='questions')
    op.drop_index('ix_questions_org_status', table_name='questions')
    op.drop_table('questions')
