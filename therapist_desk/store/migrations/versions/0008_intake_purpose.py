"""An intake is a first consultation or a re-assessment: ``intake.purpose``.

A re-assessment gives the measures and the safety questions again, without the first
consultation's history (whose answers it carries forward from the last intake), plus
what has changed since. Existing intakes are first consultations ('first'). The column
is added in place (``ALTER TABLE ADD COLUMN``), so the triggers that freeze a completed
intake stay as they are. No data changes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "intake",
        sa.Column("purpose", sa.String(length=16), nullable=False, server_default="first"),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE intake DROP COLUMN purpose")  # SQLite 3.35+: no table copy
