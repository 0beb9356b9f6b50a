"""Store fixtures: a migrated database on a temporary file, and synthetic clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import ON_SERVER
from sqlalchemy import Engine
from sqlmodel import Session

from therapist_desk.models import Client, Intake, IntakeCreate
from therapist_desk.store.clients import create_client
from therapist_desk.store.database import open_database
from therapist_desk.store.intakes import start_intake
from therapist_desk.store.session import new_session

from .factories import couple_data


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives (inside a private folder of its own).

    In the practice-server run a test about the database file is skipped: the server
    keeps no file here (its storage is PostgreSQL's, its backups its IT person's).
    """
    if ON_SERVER:
        pytest.skip("about the embedded database file (SQLite only)")
    return tmp_path / "data" / "therapist-desk.sqlite3"


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An engine on a freshly created and migrated database: the file, or in the
    practice-server run a fresh database on PostgreSQL, connected as a clinician."""
    if ON_SERVER:
        yield request.getfixturevalue("server_database").engine
        return
    database = open_database(request.getfixturevalue("db_path"))
    yield database.engine
    database.engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test database."""
    with new_session(engine) as session:
        yield session


@pytest.fixture
def couple(session: Session) -> Client:
    """A couple client, already saved."""
    return create_client(session=session, data=couple_data(), actor="Dr Test")


@pytest.fixture
def draft(session: Session, couple: Client) -> Intake:
    """A draft intake of the couple."""
    assert couple.id is not None
    data = IntakeCreate(
        client_id=couple.id,
        clinician="Dr Test",
        mode="video",
        catalogue_version="1.0.0",
        ruleset_version="1.0.0",
    )
    return start_intake(session=session, data=data)
