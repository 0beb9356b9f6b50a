"""Migrations: the schema the app creates is the models' schema, and old files upgrade."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import Session, SQLModel

from therapist_desk.models import AuditAction
from therapist_desk.store import migrate
from therapist_desk.store.answers import load_answers
from therapist_desk.store.audit import list_events
from therapist_desk.store.backup import list_backups
from therapist_desk.store.clients import search_clients
from therapist_desk.store.completion import get_decision, get_snapshots
from therapist_desk.store.database import open_database
from therapist_desk.store.engine import make_engine
from therapist_desk.store.intakes import recorded_asked_alone

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def fixture_copy(revision: str, db_path: Path) -> Path:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / f"schema-{revision}.sqlite3", db_path)
    return db_path


def revision_of(db_path: Path) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


SERVER_ONLY_INDEXES = {"ix_client_assigned_activity", "ix_client_search_trgm"}
"""A practice server's own indexes (0011): whose clients, and the trigram search."""


def test_the_migrations_build_exactly_the_models_schema(engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    if engine.dialect.name == "postgresql":
        server_only = [d for d in differences if d[0] == "remove_index"]
        assert {d[1].name for d in server_only} == SERVER_ONLY_INDEXES
        differences = [d for d in differences if d not in server_only]
    assert differences == []


def test_there_is_a_fixture_database_for_every_schema_version() -> None:
    present = {p.stem.removeprefix("schema-") for p in FIXTURES.glob("schema-*.sqlite3")}
    assert present == set(migrate.known_revisions())


@pytest.mark.parametrize("revision", sorted(migrate.known_revisions()))
def test_every_old_schema_upgrades_with_its_data(revision: str, db_path: Path) -> None:
    fixture_copy(revision, db_path)
    database = open_database(db_path)
    assert revision_of(db_path) == migrate.head_revision()
    with database.engine.connect() as connection:
        info = dict(connection.execute(sa.text("SELECT key, value FROM app_info")).all())
        assert connection.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
    assert info["created_by"] == "Therapist Desk 0.0.1"  # kept, not overwritten
    if revision != migrate.head_revision():
        (backup,) = list_backups(db_path)
        assert f"before-upgrade-from-{revision}" in backup.name
        assert revision_of(backup) == revision
    database.engine.dispose()


def test_the_first_schema_upgrades_to_a_usable_store(db_path: Path) -> None:
    fixture_copy("0001", db_path)
    database = open_database(db_path)
    with Session(database.engine) as session:
        assert search_clients(session=session) == []
        tables = session.execute(sa.text("SELECT name FROM sqlite_master WHERE type='table'"))
        assert {"client", "answer", "audit_event"} <= {row[0] for row in tables}
    database.engine.dispose()


def test_data_written_by_schema_0002_reads_the_same(db_path: Path) -> None:
    fixture_copy("0002", db_path)
    database = open_database(db_path)
    with Session(database.engine) as session:
        (client,) = search_clients(session=session, query="zoe")
        assert client.display_name == "Zoé Fixture & Kai Sample"
        assert load_answers(session=session, intake_id=1) == {
            1: {"phq9.1": 2},
            2: {"phq9.1": 0},
            None: {"concerns.trust": True},
        }
        snapshots = get_snapshots(session=session, intake_id=1)
        assert snapshots is not None and snapshots.recommendation == {"order": "concurrent"}
        decision = get_decision(session=session, intake_id=1)
        assert decision is not None and decision.reason == "Synthetic override reason"
        assert decision.decided_at.tzinfo is not None
    database.engine.dispose()


def _insert_event(connection: sa.Connection, action: str) -> None:
    connection.execute(
        sa.text(
            "INSERT INTO audit_event (client_ref, intake_id, action, at, actor, detail)"
            " VALUES ('fixture0002ref', 1, :action, '2026-03-01 09:00:00.000000', 'Dr Test',"
            " 'results page opened')"
        ),
        {"action": action},
    )


def test_audit_events_of_schema_0002_are_kept_and_views_and_overrides_can_be_added(
    db_path: Path,
) -> None:
    fixture_copy("0002", db_path)
    with sqlite3.connect(db_path) as old, pytest.raises(sqlite3.IntegrityError):
        old.execute(
            "INSERT INTO audit_event (client_ref, action, at) VALUES ('r', 'viewed', '2026')"
        )
    database = open_database(db_path)
    with database.engine.begin() as connection:
        for action in (AuditAction.VIEWED, AuditAction.OVERRIDDEN):
            _insert_event(connection, action.value)
    with database.engine.connect() as connection:
        with pytest.raises(sa.exc.IntegrityError, match="CHECK constraint failed"):
            _insert_event(connection, "peeked")
        connection.rollback()
        indexes = connection.execute(sa.text("PRAGMA index_list(audit_event)")).all()
        assert "ix_audit_event_client_ref" in {row[1] for row in indexes}
    with Session(database.engine) as session:
        events = list_events(session=session, client_ref="fixture0002ref")
        assert [(e.action, e.actor, e.at.isoformat()) for e in events] == [
            (AuditAction.OVERRIDDEN, "Dr Test", "2026-03-01T09:00:00+00:00"),
            (AuditAction.VIEWED, "Dr Test", "2026-03-01T09:00:00+00:00"),
            (AuditAction.COMPLETED, "Dr Fixture", "2026-02-01T10:00:00+00:00"),
        ]
    database.engine.dispose()


def test_every_audit_action_the_app_knows_is_allowed_by_the_schema(engine) -> None:
    with engine.connect() as connection:
        for action in AuditAction:
            _insert_event(connection, action.value)
        stored = connection.execute(sa.text("SELECT action FROM audit_event")).scalars().all()
        connection.rollback()
    assert stored == [a.value for a in AuditAction]


def test_a_downgrade_to_0002_keeps_other_events_and_drops_the_ones_it_cannot_hold(
    db_path: Path,
) -> None:
    fixture_copy("0003", db_path)
    engine = make_engine(db_path)
    config = migrate._config()
    from alembic import command

    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    engine.dispose()
    assert revision_of(db_path) == "0002"
    with sqlite3.connect(db_path) as conn:
        actions = [row[0] for row in conn.execute("SELECT action FROM audit_event")]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert actions == ["completed"]


def test_schema_changes_are_atomic(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "atomic.sqlite3")
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("power cut")
    with engine.connect() as connection:
        tables = connection.exec_driver_sql("SELECT name FROM sqlite_master").all()
    assert tables == []
    engine.dispose()


def test_downgrade_to_the_first_schema_and_back(db_path: Path) -> None:
    database = open_database(db_path)
    migrate.upgrade(database.engine, "head")
    config = migrate._config()
    from alembic import command

    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert revision_of(db_path) == "0001"
    migrate.upgrade(database.engine)
    assert revision_of(db_path) == migrate.head_revision()
    database.engine.dispose()


def test_the_revision_list_matches_the_migration_scripts() -> None:
    """migrate.REVISIONS lets an up-to-date start skip Alembic; it must not fall behind."""
    scripts = migrate.scripts()
    ordered = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert list(migrate.REVISIONS) == ordered
    assert migrate.head_revision() == scripts.get_current_head()


def test_one_intakes_answers_are_read_through_an_index(engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.exec_driver_sql("SET enable_seqscan = off")  # a tiny table otherwise
            plan = (
                connection.exec_driver_sql("EXPLAIN SELECT * FROM answer WHERE intake_id = 1")
                .scalars()
                .all()
            )
        assert "ix_answer_intake_id" in " ".join(plan) or "uq_answer" in " ".join(plan)
        return
    with engine.connect() as connection:
        plan = connection.execute(
            sa.text("EXPLAIN QUERY PLAN SELECT * FROM answer WHERE intake_id = 1")
        ).all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX ix_answer_intake_id" in details and "SCAN answer" not in details


def test_intakes_from_before_0007_have_no_record_of_what_was_asked_alone(db_path: Path) -> None:
    fixture_copy("0006", db_path)
    database = open_database(db_path)
    with Session(database.engine) as session:
        assert recorded_asked_alone(session=session, intake_id=1) is None  # completed
        assert recorded_asked_alone(session=session, intake_id=2) is None  # a draft
        assert get_snapshots(session=session, intake_id=1) is not None  # nothing else moved
    database.engine.dispose()


def test_an_intake_of_schema_0007_keeps_its_record_of_what_was_asked_alone(
    db_path: Path,
) -> None:
    fixture_copy("0007", db_path)
    database = open_database(db_path)
    with Session(database.engine) as session:
        assert recorded_asked_alone(session=session, intake_id=3) == {
            "trauma": True,
            "pcptsd5": False,
        }
        assert recorded_asked_alone(session=session, intake_id=1) is None
    database.engine.dispose()


def test_a_downgrade_from_0007_drops_only_the_record_and_keeps_the_triggers(
    db_path: Path,
) -> None:
    fixture_copy("0007", db_path)
    engine = make_engine(db_path)
    config = migrate._config()
    from alembic import command

    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    engine.dispose()
    assert revision_of(db_path) == "0006"
    with sqlite3.connect(db_path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(intake)")}
        intakes = [row[0] for row in conn.execute("SELECT id FROM intake ORDER BY id")]
        triggers = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    assert "asked_alone_json" not in columns and intakes == [1, 2, 3]
    assert "trg_intake_update_frozen" in triggers


def test_a_completed_intakes_record_of_what_was_asked_alone_cannot_be_changed(
    db_path: Path,
) -> None:
    fixture_copy("0007", db_path)
    database = open_database(db_path)
    with database.engine.connect() as connection, pytest.raises(sa.exc.IntegrityError):
        connection.execute(sa.text("UPDATE intake SET asked_alone_json='{}' WHERE id=1"))
    database.engine.dispose()
