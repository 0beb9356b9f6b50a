"""Opening the database: check the file, back it up, migrate it, hand out an engine.

Nothing here overwrites a file it does not recognise: a folder, a non-SQLite file, a
damaged database or one written by a newer version of the app is refused with a
`DatabaseProblem` naming the path, the kind of problem and the latest backup, and the
file is left byte-for-byte as it was (it is only ever opened read-only to check it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from therapist_desk import __version__
from therapist_desk.errors import UserError
from therapist_desk.paths import ensure_private_dir
from therapist_desk.store import driver, migrate
from therapist_desk.store.backup import (
    DEFAULT_KEEP,
    STALE_AFTER,
    backup_database,
    backup_if_stale,
    rotate_backups,
)
from therapist_desk.store.engine import make_engine
from therapist_desk.store.errors import DatabaseProblem
from therapist_desk.store.fileset import tighten_modes
from therapist_desk.store.inspect import inspect_database, read_only_uri
from therapist_desk.store.problems import classify, unwritable

__all__ = ["Database", "DatabaseProblem", "inspect_database", "open_database"]


@dataclass(frozen=True)
class Database:
    """An open, up-to-date database: its file, the engine to reach it, and its key.

    ``key`` is the passphrase of an encrypted (SQLCipher) file, ``None`` for a plain one;
    it lives only in memory, for the engine, backups and the lock screen.
    """

    path: Path
    engine: Engine
    key: str | None = field(default=None, repr=False)

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted at rest."""
        return self.key is not None


def open_database(
    db_path: Path,
    *,
    key: str | None = None,
    keep_backups: int = DEFAULT_KEEP,
    daily_backup: bool = True,
    check_integrity: bool = True,
) -> Database:
    """Check, back up, migrate and open ``db_path``; create it if it does not exist.

    An existing file is backed up before a schema upgrade, and at start when it is over
    a day old and its newest backup too (``daily_backup``); backups are rotated to
    ``keep_backups``. An encrypted file is opened with the passphrase ``key`` (which is
    ignored for a plain file); a new file is created encrypted when ``key`` is given.
    Raises `DatabaseProblem` for a file that cannot be used, including an encrypted one
    without its passphrase (kind ``encrypted``) or with a wrong one (``wrong_passphrase``).
    Without ``check_integrity`` the quick integrity check is left to the caller (run
    `integrity_problem` soon after, then `backup_if_stale`: the daily backup waits for
    the check), and only the file's header, length and schema are checked here.
    """
    db_path = db_path.expanduser().absolute()
    _check_location(db_path)
    existing = db_path.exists() and db_path.stat().st_size > 0
    try:
        if existing and driver.is_plain_sqlite(db_path):
            key = None
        current = (
            inspect_database(db_path, key=key, integrity=check_integrity) if existing else None
        )
        tighten_modes(db_path)  # an older or copied-in file may be 0644; its WAL follows it
        if existing and current != migrate.head_revision():
            reason = f"before-upgrade-from-{current or 'empty'}"
            backup_database(db_path, key=key, reason=reason)
            rotate_backups(db_path, keep=keep_backups)
        elif existing and daily_backup and check_integrity and _older_than_a_day(db_path, key):
            backup_if_stale(db_path, key=key, keep=keep_backups)
        engine = make_engine(db_path, key)
        if current != migrate.head_revision():
            migrate.upgrade(engine)
            _note_creator(engine)
    except DatabaseProblem:
        raise
    except driver.errors(OSError, OperationalError, UserError) as err:
        raise (classify(err, db_path) or _unwritable(db_path, str(err))) from None
    return Database(path=db_path, engine=engine, key=key)


def _unwritable(db_path: Path, detail: str) -> DatabaseProblem:
    if "readonly" in detail or "unable to open" in detail or "ermission" in detail:
        detail = "the file or its folder is read-only"
    return unwritable(db_path, detail)


def _check_location(db_path: Path) -> None:
    if db_path.is_dir():
        raise DatabaseProblem(
            f"Cannot use {db_path} as the database: it is a folder. "
            "Give the path of a database file, for example "
            f"{db_path / 'therapist-desk.sqlite3'}.",
            path=db_path,
            kind="folder",
            latest_backup=None,
        )
    try:
        ensure_private_dir(db_path.parent)
    except UserError as err:
        raise _unwritable(db_path, str(err).rstrip(".")) from None
    folder_ok = os.access(db_path.parent, os.W_OK | os.X_OK)
    file_ok = not db_path.exists() or os.access(db_path, os.R_OK | os.W_OK)
    if not (folder_ok and file_ok):
        raise unwritable(db_path, "permission denied")


def _older_than_a_day(db_path: Path, key: str | None) -> bool:
    """Whether the file was created over a day ago (a fresh file needs no daily backup)."""
    try:
        conn = driver.connect(read_only_uri(db_path), key, uri=True)
        try:
            row = conn.execute("SELECT value FROM app_info WHERE key = 'created_at'").fetchone()
        finally:
            conn.close()
        created = datetime.fromisoformat(row[0]).replace(tzinfo=UTC)
    except driver.errors(TypeError, ValueError):
        return True
    return datetime.now(UTC) - created > STALE_AFTER


def _note_creator(engine: Engine) -> None:
    """Record which app version created the file (once; later starts change nothing)."""
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT OR IGNORE INTO app_info (key, value) VALUES "
            "('created_by', ?), ('created_at', datetime('now'))",
            (f"Therapist Desk {__version__}",),
        )
