"""coordinator and teleworker views (issues 3, 4, 7)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # --- coordinator (issue 7's monthly report): the region a client organisation is in, so the
    # report can tell income from outside the region (域外からの受注) from local income ---
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=200), server_default='', nullable=False))
    # --- end coordinator ---


def downgrade() -> None:
    # --- coordinator ---
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('region')
    # --- end coordinator ---
