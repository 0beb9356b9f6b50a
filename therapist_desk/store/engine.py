"""The SQLAlchemy engine over the local SQLite file, with the pragmas we rely on.

- ``journal_mode=WAL``: readers never block the writer; a crash leaves the main file intact.
- ``synchronous=FULL``: every commit is fsynced (WAL included) before it returns, so an
  answer reported as saved survives a power cut, not only an app crash. With WAL this
  costs one fsync per commit, which is well within the budget of a human answering.
- ``foreign_keys=ON``: rows never point at a deleted client.
- ``busy_timeout``: a second connection waits for a lock instead of failing at once.
- ``secure_delete=ON``: deleted rows are overwritten with zeros, so an erased client's
  name does not linger in free pages.

Transactions are driven by SQLAlchemy (``BEGIN`` emitted by us, not by the sqlite3
module's implicit rules), so schema migrations are atomic too: a crash in the middle
of an upgrade leaves the previous schema, never half of the new one.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.pool import QueuePool
from sqlmodel import create_engine

from therapist_desk.paths import FILE_MODE
from therapist_desk.store import driver

BUSY_TIMEOUT_MS = 5000
PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
)


def _apply_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _install(engine: Engine) -> Engine:
    event.listen(engine, "connect", _apply_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def make_engine(db_path: Path, key: str | None = None) -> Engine:
    """An engine on ``db_path`` with WAL, foreign keys, busy timeout and FULL sync.

    With ``key`` the file is an SQLCipher database unlocked with that passphrase (the
    same SQL dialect; SQLCipher's DB-API module, each pooled connection keyed before
    first use). The file is created mode 0600 if it does not exist; SQLite's WAL and
    shm files inherit the main file's permissions.
    """
    create_private_file(db_path)
    if key is None:
        engine = create_engine(
            f"sqlite:///{db_path}",
            connect_args={"check_same_thread": False},
            hide_parameters=True,  # error messages never quote what a client said
        )
    else:
        engine = create_engine(
            f"sqlite:///{db_path}",  # the path, for logging and erasure; `creator` connects
            module=driver.sqlcipher(),
            creator=lambda: driver.connect(db_path, key, check_same_thread=False),
            hide_parameters=True,
            poolclass=QueuePool,  # keying a connection costs ~0.1 s: keep them
        )
    return _install(engine)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it is missing (never truncates)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, FILE_MODE)  # the umask may have filtered the mode
    finally:
        os.close(fd)
