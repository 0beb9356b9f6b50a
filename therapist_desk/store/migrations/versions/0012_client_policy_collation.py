"""A clinician's client list is read through the index of their clients (PostgreSQL only).

0011's row security on ``client`` tests ``assigned_to = current_user``. ``current_user``
is of type ``name``, whose collation is "C", so the comparison is made in "C"; the
index ``ix_client_assigned_activity (assigned_to, last_activity_at, id)`` is in the
database's collation and cannot serve it. So every search keystroke and list page of a
clinician read the whole practice's list through ``ix_client_activity_search`` and kept
their own rows: on the benchmark server of docs/benchmarks.md (100,000 clients, 25,000
of them dr_ada's) a search matching none of hers read 92,114 rows, 50-80 ms.

The policy now compares in the database's own collation (``current_user::text COLLATE
"default"``): the same test for every login name (equality in a deterministic collation,
as every database default is, is equality of the bytes), which the index serves, in the
list's order, reading only that clinician's rows. The WITH CHECK side changes with it.
Nothing changes on SQLite, which has no row security.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

CLINICIAN = "therapist_desk_clinician"
OWN = 'assigned_to = (current_user::text COLLATE "default")'
OWN_BEFORE = "assigned_to = current_user"


def _policy(condition: str) -> None:
    op.execute(
        f"ALTER POLICY td_clinician ON client TO {CLINICIAN}"
        f" USING ({condition}) WITH CHECK ({condition})"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _policy(OWN)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _policy(OWN_BEFORE)
