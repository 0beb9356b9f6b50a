"""An intake records which sections it puts to each partner alone: ``intake.asked_alone_json``.

Which sections are asked alone is the practice's choice (Settings › The room). Read from
today's settings, a change of that choice changed what the documents of intakes already
completed show. The choices in force are now kept with each intake (JSON, section id →
true or false), recorded when it starts. Existing intakes get NULL: what was in force
then is unknown, and they are read as the more private of the shipped catalogue and
today's settings. The column is added in place (``ALTER TABLE ADD COLUMN``), so the
triggers that freeze a completed intake stay as they are. No data changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("intake", sa.Column("asked_alone_json", sa.String(length=4000), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE intake DROP COLUMN asked_alone_json")  # SQLite 3.35+: no table copy
