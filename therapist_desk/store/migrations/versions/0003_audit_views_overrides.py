"""The audit trail also records views of results and overrides of the suggested order.

Only the CHECK constraint on ``audit_event.action`` changes. SQLite cannot alter a
constraint, so the table is copied (batch mode), keeping every row and the index.
A downgrade first deletes the events the older schema cannot hold.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

BEFORE = (
    'created', 'completed', 'amended', 'exported', 'printed', 'emailed', 'archived',
    'unarchived', 'erased',
)
ADDED = ('viewed', 'overridden')


def _allow(actions: tuple[str, ...]) -> str:
    return "action IN (" + ", ".join(f"'{a}'" for a in actions) + ")"


def _replace_check(actions: tuple[str, ...]) -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_event_action'), type_='check')
        batch_op.create_check_constraint(op.f('ck_audit_event_action'), _allow(actions))


def upgrade() -> None:
    _replace_check(BEFORE + ADDED)


def downgrade() -> None:
    op.execute("DELETE FROM audit_event WHERE action IN ('viewed', 'overridden')")
    _replace_check(BEFORE)
