"""The clinical schema: clients, participants, intakes, answers, snapshots, decisions, audit.

Generated with autogenerate, then checked by hand: timestamps are timezone-aware
(``timestamptz`` on PostgreSQL; naive UTC text on SQLite, where the models add the zone
back), and triggers keep completed intakes and their answers from being edited in place
(a change is an amendment: a new intake): SQLite's own triggers on the embedded file,
PL/pgSQL ones on a practice server, with the same message.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_FROZEN = "SELECT RAISE(ABORT, 'a completed intake is never edited in place; amend it')"
TRIGGERS = {
    "trg_answer_insert_frozen": f"""
        CREATE TRIGGER trg_answer_insert_frozen BEFORE INSERT ON answer
        WHEN (SELECT status FROM intake WHERE id = NEW.intake_id) = 'completed'
        BEGIN {_FROZEN}; END""",
    "trg_answer_update_frozen": f"""
        CREATE TRIGGER trg_answer_update_frozen BEFORE UPDATE ON answer
        WHEN (SELECT status FROM intake WHERE id = OLD.intake_id) = 'completed'
        BEGIN {_FROZEN}; END""",
    "trg_intake_update_frozen": f"""
        CREATE TRIGGER trg_intake_update_frozen BEFORE UPDATE ON intake
        WHEN OLD.status = 'completed'
        BEGIN {_FROZEN}; END""",
}
_MESSAGE = "a completed intake is never edited in place; amend it"
PG_TRIGGERS = {
    "trg_answer_frozen": f"""
        CREATE FUNCTION td_answer_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (SELECT status FROM intake WHERE id = NEW.intake_id) = 'completed'
               OR (TG_OP = 'UPDATE' AND
                   (SELECT status FROM intake WHERE id = OLD.intake_id) = 'completed') THEN
                RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER trg_answer_frozen BEFORE INSERT OR UPDATE ON answer
        FOR EACH ROW EXECUTE FUNCTION td_answer_frozen()""",
    "trg_intake_update_frozen": f"""
        CREATE FUNCTION td_intake_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.status = 'completed' THEN
                RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER trg_intake_update_frozen BEFORE UPDATE ON intake
        FOR EACH ROW EXECUTE FUNCTION td_intake_frozen()""",
}
PG_FUNCTIONS = {"trg_answer_frozen": "td_answer_frozen", "trg_intake_update_frozen": "td_intake_frozen"}


def _triggers() -> dict[str, str]:
    return PG_TRIGGERS if op.get_bind().dialect.name == "postgresql" else TRIGGERS


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_ref', sa.String(length=32), nullable=False),
    sa.Column('intake_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=True),
    sa.Column('detail', sa.String(length=200), nullable=True),
    sa.CheckConstraint("action IN ('created', 'completed', 'amended', 'exported', 'printed', 'emailed', 'archived', 'unarchived', 'erased')", name=op.f('ck_audit_event_action')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_client_ref'), ['client_ref'], unique=False)

    op.create_table('client',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('search_key', sa.String(length=600), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('individual', 'couple')", name=op.f('ck_client_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client')),
    sa.UniqueConstraint('reference', name=op.f('uq_client_reference'))
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index('ix_client_activity_search', ['last_activity_at', 'search_key', 'archived_at'], unique=False)

    op.create_table('intake',
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('clinician', sa.String(length=120), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('catalogue_version', sa.String(length=32), nullable=False),
    sa.Column('ruleset_version', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('amends_intake_id', sa.Integer(), nullable=True),
    sa.Column('amended_by', sa.String(length=120), nullable=True),
    sa.Column('current_section', sa.String(length=64), nullable=True),
    sa.Column('current_participant', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("mode IN ('in_person', 'video')", name=op.f('ck_intake_mode')),
    sa.CheckConstraint("status IN ('draft', 'completed')", name=op.f('ck_intake_status')),
    sa.ForeignKeyConstraint(['amends_intake_id'], ['intake.id'], name=op.f('fk_intake_amends_intake_id_intake'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_intake_client_id_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake'))
    )
    with op.batch_alter_table('intake', schema=None) as batch_op:
        batch_op.create_index('ix_intake_client_status', ['client_id', 'status'], unique=False)

    op.create_table('participant',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('preferred_name', sa.String(length=120), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('pronouns', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('notes', sa.String(length=4000), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('position IN (1, 2)', name=op.f('ck_participant_position')),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_participant_client_id_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('client_id', 'position', name='uq_participant_client_position')
    )
    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intake_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('value_json', sa.String(length=4000), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['intake_id'], ['intake.id'], name=op.f('fk_answer_intake_id_intake'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_answer_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('uq_answer_participant_item', ['intake_id', 'participant_id', 'item_id'], unique=True, sqlite_where=sa.text('participant_id IS NOT NULL'), postgresql_where=sa.text('participant_id IS NOT NULL'))
        batch_op.create_index('uq_answer_relationship_item', ['intake_id', 'item_id'], unique=True, sqlite_where=sa.text('participant_id IS NULL'), postgresql_where=sa.text('participant_id IS NULL'))

    op.create_table('decision',
    sa.Column('suggested_order', sa.String(length=32), nullable=False),
    sa.Column('final_order', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=2000), nullable=True),
    sa.Column('decided_by', sa.String(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intake_id', sa.Integer(), nullable=False),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['intake_id'], ['intake.id'], name=op.f('fk_decision_intake_id_intake'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision')),
    sa.UniqueConstraint('intake_id', name=op.f('uq_decision_intake_id'))
    )
    op.create_table('recommendation_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intake_id', sa.Integer(), nullable=False),
    sa.Column('ruleset_version', sa.String(length=32), nullable=False),
    sa.Column('recommendation_json', sa.String(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['intake_id'], ['intake.id'], name=op.f('fk_recommendation_snapshot_intake_id_intake'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_snapshot')),
    sa.UniqueConstraint('intake_id', name=op.f('uq_recommendation_snapshot_intake_id'))
    )
    op.create_table('score_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intake_id', sa.Integer(), nullable=False),
    sa.Column('catalogue_version', sa.String(length=32), nullable=False),
    sa.Column('scores_json', sa.String(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['intake_id'], ['intake.id'], name=op.f('fk_score_snapshot_intake_id_intake'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_snapshot')),
    sa.UniqueConstraint('intake_id', name=op.f('uq_score_snapshot_intake_id'))
    )
    for sql in _triggers().values():
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, function in PG_FUNCTIONS.items():
            table = "answer" if name == "trg_answer_frozen" else "intake"
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    else:
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('score_snapshot')
    op.drop_table('recommendation_snapshot')
    op.drop_table('decision')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('uq_answer_relationship_item', sqlite_where=sa.text('participant_id IS NULL'), postgresql_where=sa.text('participant_id IS NULL'))
        batch_op.drop_index('uq_answer_participant_item', sqlite_where=sa.text('participant_id IS NOT NULL'), postgresql_where=sa.text('participant_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_answer_participant_id'))

    op.drop_table('answer')
    op.drop_table('participant')
    with op.batch_alter_table('intake', schema=None) as batch_op:
        batch_op.drop_index('ix_intake_client_status')

    op.drop_table('intake')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index('ix_client_activity_search')

    op.drop_table('client')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_client_ref'))

    op.drop_table('audit_event')
