"""cover requests and leader approval of team work (issue 5)

- cover_requests: an absence hit an assignment; the leaders are offered teammates with free
  capacity and one tap moves the remaining share (candidates and deciders kept as JSON);
- assignments.cover_of: a share taken over from an absent member's assignment;
- proposals.leader_asked_at: team work waits for the team leader's approval from then on;
- tasks.region / tasks.region_only: where the client wants the work done (a municipality),
  preferred in matching, or required when region_only.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cover_of', sa.String(length=32), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_assignments_cover_of_assignments'), 'assignments', ['cover_of'], ['id'], ondelete='SET NULL'
        )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leader_asked_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('region_only', sa.Boolean(), server_default=sa.text('false'), nullable=False))

    op.create_table('cover_requests',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('organization_id', sa.String(length=32), nullable=False),
    sa.Column('task_id', sa.String(length=32), nullable=False),
    sa.Column('assignment_id', sa.String(length=32), nullable=False),
    sa.Column('absence_id', sa.String(length=32), nullable=False),
    sa.Column('absent_person_id', sa.String(length=32), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('candidates', sa.JSON(), nullable=False),
    sa.Column('decider_ids', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_by', sa.String(length=32), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('covered_by', sa.String(length=32), nullable=True),
    sa.Column('moved_units', sa.Integer(), nullable=False),
    sa.Column('cover_assignment_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['absence_id'], ['absences.id'], name=op.f('fk_cover_requests_absence_id_absences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['absent_person_id'], ['people.id'], name=op.f('fk_cover_requests_absent_person_id_people')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_cover_requests_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cover_assignment_id'], ['assignments.id'], name=op.f('fk_cover_requests_cover_assignment_id_assignments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['covered_by'], ['people.id'], name=op.f('fk_cover_requests_covered_by_people')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_cover_requests_organization_id_organizations')),
    sa.ForeignKeyConstraint(['resolved_by'], ['people.id'], name=op.f('fk_cover_requests_resolved_by_people')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_cover_requests_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cover_requests'))
    )
    with op.batch_alter_table('cover_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cover_requests_absent_person_id'), ['absent_person_id'], unique=False)
        batch_op.create_index('ix_cover_requests_assignment', ['assignment_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('cover_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_cover_requests_assignment')
        batch_op.drop_index(batch_op.f('ix_cover_requests_absent_person_id'))
    op.drop_table('cover_requests')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_column('region_only')
        batch_op.drop_column('region')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('leader_asked_at')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assignments_cover_of_assignments'), type_='foreignkey')
        batch_op.drop_column('cover_of')
