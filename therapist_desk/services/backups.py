"""Backups: a copy of the practice now, and putting a backup back in its place."""

from __future__ import annotations

from pathlib import Path

from therapist_desk.services.practice import Practice
from therapist_desk.store.backup import backup_database, rotate_backups
from therapist_desk.store.database import inspect_database
from therapist_desk.store.encryption import tidy
from therapist_desk.store.restore import restore_backup as restore_file


def back_up_now(*, practice: Practice) -> str:
    """Back up the database now and rotate old backups; a sentence saying where (slow)."""
    db_path = practice.database.file  # a practice server's backups are its own (a UserError)
    with practice.writing("the backup"):
        path = backup_database(db_path, key=practice.database.key, reason="manual")
        rotate_backups(db_path, keep=practice.settings.backup_count)
    return f"Backed up to {path}"


def back_up_file(*, db_path: Path, key: str | None, to: Path | None = None) -> Path:
    """Check the database file (no practice open on it), copy it, and rotate the backups
    folder unless the copy goes to ``to``; the backup's path (slow).

    The caller holds the practice lock, so nothing writes meanwhile.
    """
    inspect_database(db_path, key=key)
    tidy(db_path, key=key)
    made = backup_database(db_path, key=key, to=to)
    if to is None:
        rotate_backups(db_path)
    return made


def restore_backup(
    *, backup: Path, db_path: Path, key: str | None, practice_key: str | None = None
) -> Path | None:
    """Put a checked backup in place of the (closed) database; where the old one went.

    ``key`` reads an encrypted backup; ``practice_key`` is the current practice's
    passphrase, with which a plain backup is encrypted as it is restored.
    """
    return restore_file(backup=backup, db_path=db_path, key=key, practice_key=practice_key)
