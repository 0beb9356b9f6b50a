"""Restoring a backup: check it first, keep the current file aside, then copy it in."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from therapist_desk.errors import UserError
from therapist_desk.paths import FILE_MODE, ensure_private_dir
from therapist_desk.store import driver
from therapist_desk.store.backup import copy_database
from therapist_desk.store.errors import DatabaseProblem
from therapist_desk.store.inspect import inspect_database

SIDE_FILES = ("", "-wal", "-shm")


def verify_backup(backup: Path, *, key: str | None = None) -> str:
    """Check a backup fully (header, integrity, a schema this app knows); return its revision.

    An encrypted backup is read with ``key``.
    """
    if not backup.is_file():
        raise UserError(f"There is no backup file at {backup}.")
    try:
        revision = inspect_database(backup, key=key, full_check=True)
    except DatabaseProblem as problem:
        first = str(problem).split(" It was left untouched")[0].rstrip(".")
        raise UserError(f"Cannot restore {backup}: {first}. Nothing was changed.") from None
    if revision is None:
        raise UserError(
            f"Cannot restore {backup}: it is an SQLite file but not a Therapist Desk "
            "database. Nothing was changed."
        )
    return revision


def restore_backup(*, backup: Path, db_path: Path, key: str | None = None) -> Path | None:
    """Replace ``db_path`` with a verified copy of ``backup``; never delete the current file.

    The current file (with its ``-wal``/``-shm``) is moved aside to
    ``<name>.replaced-<UTC stamp>``; that path is returned (``None`` if there was no
    file). Close every engine on ``db_path`` first. The restored file is mode 0600 and
    keeps the backup's form: an encrypted backup (read with ``key``) stays encrypted.
    """
    backup = backup.expanduser().absolute()
    db_path = db_path.expanduser().absolute()
    if backup == db_path:
        raise UserError(f"{backup} is the database itself; choose a backup file.")
    verify_backup(backup, key=key)
    backup_key = None if driver.is_plain_sqlite(backup) else key
    ensure_private_dir(db_path.parent)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
        copy_database(backup, tmp, key=backup_key)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        message = f"Cannot restore into {db_path.parent}: {err}. Nothing was changed."
        raise UserError(message) from None
    aside = None
    if db_path.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
        for suffix in SIDE_FILES:
            current = Path(f"{db_path}{suffix}")
            if current.exists():
                os.replace(current, Path(f"{aside}{suffix}"))
    os.replace(tmp, db_path)
    return aside
