"""Reading a database file's state without changing it: header, integrity, revision."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from therapist_desk.store import migrate
from therapist_desk.store.backup import latest_backup
from therapist_desk.store.errors import DatabaseProblem

SQLITE_HEADER = b"SQLite format 3\x00"


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens ``path`` read-only (special characters escaped).

    Without a ``-wal`` file beside it the file is opened ``immutable``, so that checking
    it creates no ``-wal``/``-shm`` files either: the folder is left exactly as it was.
    """
    uri = f"{path.absolute().as_uri()}?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def inspect_database(db_path: Path, *, full_check: bool = False) -> str | None:
    """The schema revision of an existing file (``None``: no schema yet), read-only.

    Runs ``PRAGMA quick_check`` (or the full ``integrity_check``). Raises
    `DatabaseProblem` for a file that is not SQLite, is damaged, or comes from a newer
    version of the app; the file is never written.
    """
    with db_path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise _problem(
            db_path,
            "not_sqlite",
            f"{db_path} is not a Therapist Desk database (it is not an SQLite file). "
            "It was left untouched.",
        )
    try:
        conn = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            pragma = "integrity_check" if full_check else "quick_check"
            (check,) = conn.execute(f"PRAGMA {pragma}").fetchone()
            revision = _read_revision(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise _problem(
            db_path,
            "damaged",
            f"The database {db_path} is damaged ({err}). It was left untouched.",
        ) from None
    if check != "ok":
        raise _problem(
            db_path,
            "damaged",
            f"The database {db_path} failed its integrity check ({check}). It was left untouched.",
        )
    if revision is not None and revision not in migrate.known_revisions():
        raise _problem(
            db_path,
            "newer_version",
            f"The database {db_path} was written by a newer version of Therapist Desk "
            f"(schema {revision}). Update the app to open it; the file was left untouched.",
        )
    return revision


def _problem(db_path: Path, kind: str, message: str) -> DatabaseProblem:
    backup = latest_backup(db_path)
    if backup is not None:
        message += f" You can restore the latest backup ({backup}) with `therapist-desk restore"
        message += f" {backup}`, choose another file with --db, or quit."
    else:
        message += " Choose another file with --db, or restore a backup you keep elsewhere."
    return DatabaseProblem(message, path=db_path, kind=kind, latest_backup=backup)  # type: ignore[arg-type]


def _read_revision(conn: sqlite3.Connection) -> str | None:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None
