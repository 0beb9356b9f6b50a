"""Consent before the first question: ``consent_version`` and ``consent_record``.

The practice's consent text (its couples policy and the words the clients agree to) is
kept one row per version, never changed; each intake records, per participant, the
version agreed, the SHA-256 of its words, when, a withdrawal, and a drawn signature
(strokes and a PNG); position 0 is the clinician's signature. New tables only: the
triggers that freeze a completed intake stay as they are. No data changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consent_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('policy', sa.String(length=32), nullable=False),
    sa.Column('text', sa.String(length=20000), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("policy IN ('no_secrets', 'limited_secrets', 'secrets_kept')", name=op.f('ck_consent_version_policy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_version')),
    sa.UniqueConstraint('number', name=op.f('uq_consent_version_number'))
    )
    op.create_table('consent_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intake_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signature_json', sa.String(length=400000), nullable=True),
    sa.Column('signature_png', sa.LargeBinary(), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['intake_id'], ['intake.id'], name=op.f('fk_consent_record_intake_id_intake'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['consent_version.id'], name=op.f('fk_consent_record_version_id_consent_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_record')),
    sa.UniqueConstraint('intake_id', 'position', name='uq_consent_record_intake_position')
    )


def downgrade() -> None:
    op.drop_table('consent_record')
    op.drop_table('consent_version')
