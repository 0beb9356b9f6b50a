"""Restoring a backup: the backup is checked first and the current file is kept aside."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.store.backup import backup_database
from therapist_desk.store.clients import create_client, search_clients
from therapist_desk.store.database import open_database
from therapist_desk.store.restore import restore_backup

from .factories import couple_data


def test_restore_brings_back_the_backup_and_keeps_the_current_file(db_path: Path) -> None:
    database = open_database(db_path)
    with Session(database.engine) as session:
        create_client(session=session, data=couple_data())
    backup = backup_database(db_path)
    with Session(database.engine) as session:
        create_client(session=session, data=couple_data("Later Person", "Other Person"))
    database.engine.dispose()
    current = db_path.read_bytes()

    aside = restore_backup(backup=backup, db_path=db_path)

    assert aside is not None and aside.name.startswith(f"{db_path.name}.replaced-")
    assert aside.read_bytes() == current
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    reopened = open_database(db_path)
    with Session(reopened.engine) as session:
        assert [s.display_name for s in search_clients(session=session)] == [
            "Amélie Moreau & Jonas Berg"
        ]
    reopened.engine.dispose()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a database at all" * 100, "not an SQLite file"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "damaged"),
    ],
)
def test_a_bad_backup_is_refused_and_nothing_changes(
    db_path: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    open_database(db_path).engine.dispose()
    before = db_path.read_bytes()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(UserError, match=message):
        restore_backup(backup=bad, db_path=db_path)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["backups", db_path.name] or (
        sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
    )


def test_an_sqlite_file_of_another_app_is_refused(db_path: Path, tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    with pytest.raises(UserError, match="not a Therapist Desk database"):
        restore_backup(backup=other, db_path=db_path)
    assert not db_path.exists()


def test_restore_into_an_empty_place(db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "source" / "db.sqlite3"
    open_database(source).engine.dispose()
    backup = backup_database(source)
    assert restore_backup(backup=backup, db_path=db_path) is None
    open_database(db_path).engine.dispose()
