"""Who came to an intake: ``intake.present_json``.

A couple's re-assessment may see one partner only. The positions of the participants
who came are kept as a JSON list (``[1]``); NULL means everyone (every intake before
this revision, and a first consultation). The absent partner is asked nothing and has
no administration of the measures that day. The column is added in place (``ALTER
TABLE ADD COLUMN``), so the triggers that freeze a completed intake stay as they are.
No data changes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("intake", sa.Column("present_json", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE intake DROP COLUMN present_json")  # SQLite 3.35+: no table copy
