"""Backups of the database file with SQLite's online backup API, rotated.

Automatic backups live in a ``backups`` folder (mode 0700) beside the database, one
file each (mode 0600), named ``<stem>-<UTC stamp>-<reason>.sqlite3`` so that names
sort by age. They are taken before every schema upgrade, at start when the newest is
older than a day, and on demand (``therapist-desk backup``); only the newest
``keep`` are kept.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from therapist_desk.errors import UserError
from therapist_desk.paths import FILE_MODE, backup_dir, ensure_private_dir
from therapist_desk.store import driver, fileset

DEFAULT_KEEP = 10
STALE_AFTER = timedelta(days=1)
_STAMP = "%Y%m%dT%H%M%S%fZ"


def backup_database(
    db_path: Path, *, key: str | None = None, to: Path | None = None, reason: str = "manual"
) -> Path:
    """Copy ``db_path`` consistently (even while in use) to ``to`` or the backups folder.

    The copy is written to a temporary name, mode 0600, and renamed when complete, so a
    backup file is never half-written. It is a single self-contained file (rollback
    journal mode, no WAL beside it), encrypted with ``key`` when the database is.
    Returns the path of the new backup.
    """
    if to is None:
        folder = ensure_private_dir(backup_dir(db_path))
        stamp = datetime.now(UTC).strftime(_STAMP)
        to = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    elif to.is_dir():
        raise UserError(f"Cannot write the backup to {to}: it is a folder. Give a file name.")
    tmp = to.with_name(f".{to.name}.partial")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
        copy_database(db_path, tmp, key=key)
        os.replace(tmp, to)
    except driver.errors(OSError) as err:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Cannot write the backup to {to}: {err}.") from err
    return to


def copy_database(source_path: Path, target_path: Path, *, key: str | None = None) -> None:
    """Copy one SQLite file into another with the backup API; the copy uses no WAL.

    The source must already have passed `inspect_database`. It is opened read-write but
    only read, so that closing it tidies its ``-wal``/``-shm`` files as usual. With
    ``key`` both files are SQLCipher databases encrypted with it.
    """
    source = driver.connect(source_path, key)
    target = driver.connect(target_path, key, isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE").fetchall()
    finally:
        target.close()
        source.close()


def list_backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path`` in its backups folder, newest first."""
    return fileset.backups(db_path)


def latest_backup(db_path: Path) -> Path | None:
    """The newest automatic backup of ``db_path``, or ``None``."""
    backups = list_backups(db_path)
    return backups[0] if backups else None


def rotate_backups(db_path: Path, *, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the ``keep`` newest backups (at least one is kept); return the deleted."""
    doomed = list_backups(db_path)[max(keep, 1) :]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup_age(path: Path, *, now: datetime | None = None) -> timedelta | None:
    """How old a backup is, from the stamp in its name (``None`` if the name has none)."""
    for part in path.stem.split("-"):
        try:
            taken = datetime.strptime(part, _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        return (now or datetime.now(UTC)) - taken
    return None


def backup_if_stale(
    db_path: Path,
    *,
    key: str | None = None,
    keep: int = DEFAULT_KEEP,
    max_age: timedelta = STALE_AFTER,
) -> Path | None:
    """Back up ``db_path`` if its newest backup is older than ``max_age``; rotate.

    Returns the new backup, or ``None`` when a recent one exists.
    """
    newest = latest_backup(db_path)
    age = backup_age(newest) if newest else None
    if age is not None and age < max_age:
        return None
    made = backup_database(db_path, key=key, reason="daily")
    rotate_backups(db_path, keep=keep)
    return made
