"""cover cards (issue 5)

- cover_cards: where each leader's cover card landed (Slack channel + ts), so that when one leader
  decides, the other leaders' cards are updated in place instead of being answered with a new
  message. One row per decider and request; LINE cards cannot be edited and store nothing.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 17:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('cover_cards',
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('decider_id', sa.String(length=32), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=64), nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['decider_id'], ['people.id'], name=op.f('fk_cover_cards_decider_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['cover_requests.id'], name=op.f('fk_cover_cards_request_id_cover_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'decider_id', name=op.f('pk_cover_cards'))
    )


def downgrade() -> None:
    op.drop_table('cover_cards')
