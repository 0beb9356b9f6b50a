"""Encryption at rest: the files cannot be read without the passphrase, and nothing is lost."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from therapist_desk.errors import UserError
from therapist_desk.models import Client, ClientCreate, Participant
from therapist_desk.store.backup import backup_database, list_backups
from therapist_desk.store.clients import create_client
from therapist_desk.store.database import Database, open_database
from therapist_desk.store.encryption import change_encryption
from therapist_desk.store.erase import erase_client
from therapist_desk.store.errors import DatabaseProblem
from therapist_desk.store.restore import restore_backup
from therapist_desk.store.session import new_session

NAME = "Ottoline Farquharson-Quist"
PASSPHRASE = "blue heron at dawn"


def _client(name: str = NAME) -> ClientCreate:
    return ClientCreate.model_validate(
        {"kind": "individual", "participants": [{"name": name, "email": "o.f@example.org"}]}
    )


def _names(database: Database) -> list[str]:
    with new_session(database.engine) as session:
        return sorted(p.name for p in session.exec(select(Participant)).all())


def _every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.fixture
def plain(tmp_path: Path) -> Database:
    """A plain database with one synthetic client and a backup that holds it."""
    database = open_database(tmp_path / "data" / "practice.sqlite3")
    with new_session(database.engine) as session:
        create_client(session=session, data=_client())
    backup_database(database.path, reason="manual")
    return database


def test_encrypting_leaves_no_readable_copy_of_a_name(plain: Database) -> None:
    folder = plain.path.parent
    assert any(NAME.encode() in p.read_bytes() for p in _every_file(folder))

    encrypted, skipped = change_encryption(plain, PASSPHRASE)

    assert skipped == [] and encrypted.encrypted
    assert _names(encrypted) == [NAME]
    encrypted.engine.dispose()
    files = _every_file(folder)
    assert {p.name for p in files} >= {"practice.sqlite3"} and len(list_backups(plain.path)) == 1
    for path in files:
        data = path.read_bytes()
        assert NAME.encode() not in data and b"SQLite format 3" not in data[:16], path
    # The standard SQLite library cannot read it: the file is not a database without the key.
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(plain.path).execute("SELECT * FROM client").fetchall()


def test_the_encrypted_file_opens_only_with_its_passphrase(plain: Database) -> None:
    change_encryption(plain, PASSPHRASE)[0].engine.dispose()

    with pytest.raises(DatabaseProblem) as no_key:
        open_database(plain.path)
    assert no_key.value.kind == "encrypted"
    assert "is encrypted. Enter its passphrase" in str(no_key.value)
    before = plain.path.read_bytes()
    with pytest.raises(DatabaseProblem) as wrong:
        open_database(plain.path, key="blue heron at dusk")
    assert wrong.value.kind == "wrong_passphrase"
    assert "That passphrase does not open" in str(wrong.value)
    assert plain.path.read_bytes() == before  # a wrong try changes nothing

    reopened = open_database(plain.path, key=PASSPHRASE)
    assert _names(reopened) == [NAME]
    reopened.engine.dispose()


def test_changing_the_passphrase_rekeys_the_database_and_backups(plain: Database) -> None:
    first, _ = change_encryption(plain, PASSPHRASE)
    with new_session(first.engine) as session:
        create_client(session=session, data=_client("Perpetua Lindqvist-Obi"))
    second, skipped = change_encryption(first, "a much longer passphrase")
    second.engine.dispose()

    assert skipped == []
    with pytest.raises(DatabaseProblem) as old:
        open_database(plain.path, key=PASSPHRASE)
    assert old.value.kind == "wrong_passphrase"
    reopened = open_database(plain.path, key="a much longer passphrase")
    assert _names(reopened) == sorted([NAME, "Perpetua Lindqvist-Obi"])
    (backup,) = list_backups(plain.path)
    reopened.engine.dispose()
    restored_into = plain.path.with_name("restored.sqlite3")
    restore_backup(backup=backup, db_path=restored_into, key="a much longer passphrase")
    restored = open_database(restored_into, key="a much longer passphrase")
    assert _names(restored) == [NAME]
    restored.engine.dispose()


def test_removing_the_encryption_gives_back_a_plain_file(plain: Database) -> None:
    encrypted, _ = change_encryption(plain, PASSPHRASE)
    decrypted, _ = change_encryption(encrypted, None)
    assert not decrypted.encrypted and _names(decrypted) == [NAME]
    decrypted.engine.dispose()
    assert plain.path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert all(b.read_bytes()[:16] == b"SQLite format 3\x00" for b in list_backups(plain.path))


def test_a_short_or_odd_passphrase_is_refused_with_the_reason(plain: Database) -> None:
    before = plain.path.read_bytes()
    with pytest.raises(UserError, match="at least 8 characters"):
        change_encryption(plain, "short")
    with pytest.raises(UserError, match="control characters"):
        change_encryption(plain, "tab\there is bad")
    assert plain.path.read_bytes() == before and _names(plain) == [NAME]


def test_a_failed_rewrite_leaves_the_database_as_it_was(
    plain: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapist_desk.store import encryption

    def broken_export(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(encryption, "_export", broken_export)
    with pytest.raises(UserError, match=r"No space left on device.*Nothing was changed"):
        change_encryption(plain, PASSPHRASE)
    assert plain.path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not list(plain.path.parent.glob(".*rekeying"))
    assert _names(plain) == [NAME]  # the old engine reconnects by itself


def test_backups_and_erasure_work_on_an_encrypted_practice(plain: Database) -> None:
    encrypted, _ = change_encryption(plain, PASSPHRASE)
    made = backup_database(encrypted.path, key=PASSPHRASE, reason="manual")
    assert NAME.encode() not in made.read_bytes()
    with new_session(encrypted.engine) as session:
        client_id = session.exec(select(Client.id)).one()
    erase_client(engine=encrypted.engine, client_id=client_id, key=PASSPHRASE)
    assert _names(encrypted) == []
    encrypted.engine.dispose()
    for backup in list_backups(plain.path):
        copy = open_database(backup, key=PASSPHRASE, daily_backup=False)
        assert _names(copy) == [], backup.name
        copy.engine.dispose()


def test_the_cli_asks_for_the_passphrase_and_refuses_a_wrong_one(plain: Database) -> None:
    change_encryption(plain, PASSPHRASE)[0].engine.dispose()
    env = {**os.environ, "THERAPIST_DESK_PASSPHRASE": PASSPHRASE}
    command = [sys.executable, "-m", "therapist_desk", "--db", str(plain.path), "info"]

    ok = subprocess.run(command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert ok.returncode == 0, ok.stderr
    assert re.search(r"^schema: (\d{4})\nlatest schema: \1$", ok.stdout, re.M), ok.stdout

    env["THERAPIST_DESK_PASSPHRASE"] = "not the passphrase"
    wrong = subprocess.run(command, env=env, capture_output=True, text=True)
    assert wrong.returncode == 2
    assert "That passphrase does not open" in wrong.stderr and "Traceback" not in wrong.stderr
    assert "hmac" not in wrong.stderr  # SQLCipher's own log lines stay silent

    del env["THERAPIST_DESK_PASSPHRASE"]
    missing = subprocess.run(
        command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert missing.returncode == 2
    assert "is encrypted" in missing.stderr and "THERAPIST_DESK_PASSPHRASE" in missing.stderr


def test_the_write_ahead_log_of_an_encrypted_database_is_encrypted_too(plain: Database) -> None:
    encrypted, _ = change_encryption(plain, PASSPHRASE)
    with new_session(encrypted.engine) as session:
        create_client(session=session, data=_client("Leocadia Brennan-Oyelaran"))
        wal = Path(f"{encrypted.path}-wal")
        assert wal.stat().st_size > 0  # the new client is in the log, not yet in the file
        assert b"Leocadia" not in wal.read_bytes()
        assert b"Leocadia" not in encrypted.path.read_bytes()
    assert _names(encrypted) == sorted([NAME, "Leocadia Brennan-Oyelaran"])
    encrypted.engine.dispose()
