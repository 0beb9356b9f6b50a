"""Session notes of an intake: ``intake.notes``, which answers files carry and reports print.

An imported answers file's ``intake.notes`` was dropped, and so lost again by the app's
Export data… round trip. The column is added in place (``ALTER TABLE ADD COLUMN``), so
the triggers that freeze a completed intake stay as they are. No data changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("intake", sa.Column("notes", sa.String(length=20000), nullable=True))


def downgrade() -> None:
    op.drop_column("intake", "notes")  # SQLite 3.35+: in place, the triggers kept
