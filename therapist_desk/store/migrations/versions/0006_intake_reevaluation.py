"""An intake can be a re-evaluation: the same answers under a newer ruleset or catalogue.

One column, ``intake.reevaluation`` (false for every existing intake). It is added with a
plain ``ALTER TABLE … ADD COLUMN``: copying the table in batch mode would drop the
trigger that keeps completed intakes read-only, and with foreign keys on, dropping the
old table would delete the answers that point at it. No data changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'intake',
        sa.Column('reevaluation', sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.execute("DELETE FROM intake WHERE reevaluation")  # the older schema cannot tell them
    op.execute("ALTER TABLE intake DROP COLUMN reevaluation")  # SQLite 3.35+: no table copy
