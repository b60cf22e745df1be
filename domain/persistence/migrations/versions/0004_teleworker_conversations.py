"""teleworkers in LINE: conversation state per person, free-text skills, withdrawal, absences,
team join codes, account-linking codes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn', sa.Boolean(), nullable=False, server_default=sa.text('false')))
    with op.batch_alter_table('worker_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('other_skills', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('join_code', sa.String(length=8), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_teams_join_code'), ['join_code'])

    op.create_table('conversations',
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('flow', sa.String(length=16), nullable=True),
    sa.Column('step', sa.String(length=32), nullable=True),
    sa.Column('pending', sa.JSON(), nullable=False),
    sa.Column('picked', sa.JSON(), nullable=False),
    sa.Column('free_skills', sa.JSON(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_conversations_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_conversations'))
    )
    op.create_table('absences',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_absences_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absences'))
    )
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_absences_person_id'), ['person_id'], unique=False)
    op.create_table('link_codes',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_link_codes_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_link_codes'))
    )
    with op.batch_alter_table('link_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_codes_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('link_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_codes_person_id'))
    op.drop_table('link_codes')
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_absences_person_id'))
    op.drop_table('absences')
    op.drop_table('conversations')
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_teams_join_code'), type_='unique')
        batch_op.drop_column('join_code')
    with op.batch_alter_table('worker_profiles', schema=None) as batch_op:
        batch_op.drop_column('other_skills')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('withdrawn')
