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
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
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

if TYPE_CHECKING:
    from therapist_desk.store.server import ServerAddress

__all__ = [
    "Database",
    "DatabaseProblem",
    "inspect_database",
    "open_database",
    "open_server_database",
]


@dataclass(frozen=True)
class Database:
    """An open, up-to-date database: its file, the engine to reach it, and its key.

    ``key`` is the passphrase of an encrypted (SQLCipher) file, ``None`` for a plain one;
    it lives only in memory, for the engine, backups and the lock screen. On a practice
    server (`open_server_database`) ``path`` is ``None`` and ``server`` says where it is.
    """

    path: Path | None
    engine: Engine
    key: str | None = field(default=None, repr=False)
    server: ServerAddress | None = None

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted at rest."""
        return self.key is not None

    @property
    def file(self) -> Path:
        """The database file; a `UserError` on a practice server, which has none here."""
        if self.path is None:
            raise UserError(
                "The practice's database is on its server: backups, restoring and "
                "encryption at rest are the server's (see docs/practice-server.md)."
            )
        return self.path

    def describe(self) -> str:
        """Where the database is, for messages: the file, or ``user@host:port/database``."""
        return str(self.path) if self.server is None else self.server.describe()


def open_server_database(
    address: ServerAddress, password: str | None, *, as_owner: bool = False
) -> Database:
    """Connect to the practice server as ``address.user`` and check its schema.

    The app never upgrades a server's schema (its IT person does, with ``therapist-desk
    server setup``) and never works as a role that would bypass row-level security: a
    superuser, a role with BYPASSRLS or the tables' owner is refused unless ``as_owner``
    (the server commands). Raises `ServerProblem` with one message per kind of failure.
    """
    from therapist_desk.store import server

    engine = server.make_server_engine(address, password)
    try:
        with engine.connect() as connection:
            superuser, bypass, owner = server.connection_facts(connection)
            current = _server_revision(connection)
    except OperationalError as err:
        engine.dispose()
        raise (server.server_problem(err, address) or _server_failed(address)) from None
    if not as_owner and (superuser or bypass or owner):
        engine.dispose()
        raise server.ServerProblem(
            f"The login {address.user} can see every clinician's clients (it owns the "
            "practice's tables or bypasses their row security), so the app does not work "
            "with it. Sign in with your own clinician login; this one is for "
            "`therapist-desk server` commands.",
            kind="owner_login",
        )
    if current is None and not as_owner:
        engine.dispose()
        raise server.ServerProblem(
            f"The database {address.database} on {address.host} is not set up for "
            "Therapist Desk yet. The practice's IT person runs: therapist-desk server "
            "setup --url …",
            kind="not_set_up",
        )
    if current is not None and current not in migrate.known_revisions():
        engine.dispose()
        raise server.ServerProblem(
            f"The practice server's database was set up by a newer version of Therapist "
            f"Desk (schema {current}; this version knows up to {migrate.head_revision()}). "
            "Install the practice's current version; nothing was changed.",
            kind="newer_schema",
        )
    if current is not None and current != migrate.head_revision() and not as_owner:
        engine.dispose()
        raise server.ServerProblem(
            f"The practice server's database has an older schema ({current}) than this "
            f"version needs ({migrate.head_revision()}). The practice's IT person runs: "
            "therapist-desk server setup --url … (safe to run again); nothing was changed.",
            kind="old_schema",
        )
    return Database(path=None, engine=engine, server=address)


def _server_revision(connection: Connection) -> str | None:
    exists = connection.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar()
    if exists is None:
        return None
    revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return None if revision is None else str(revision)


def _server_failed(address: ServerAddress) -> UserError:
    return UserError(
        f"Could not open the practice server's database ({address.describe()}). "
        "Check the address in Settings › Practice server, then try again."
    )


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
