"""Reading a database file's state without changing it: header, integrity, revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from therapist_desk.store import driver, migrate
from therapist_desk.store.backup import latest_backup
from therapist_desk.store.errors import DatabaseProblem, ProblemKind
from therapist_desk.store.problems import (
    SQLITE_IOERR,
    classify,
    damaged,
    foreign_problem,
    sqlite_code,
)

OPEN_TIMEOUT_SECONDS = 5.0
"""How long a check waits for another program's lock before calling the file locked."""


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens ``path`` read-only (special characters escaped).

    Without a ``-wal`` file beside it the file is opened ``immutable``, so that checking
    it creates no ``-wal``/``-shm`` files either: the folder is left exactly as it was.
    """
    uri = f"{path.absolute().as_uri()}?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def inspect_database(
    db_path: Path,
    *,
    key: str | None = None,
    full_check: bool = False,
    integrity: bool = True,
) -> str | None:
    """The schema revision of an existing file (``None``: no schema yet), read-only.

    Runs ``PRAGMA quick_check`` (or the full ``integrity_check``); with ``integrity``
    off only the header, the passphrase, the length of the file and the schema are
    checked (for a large file whose full check runs later: see `integrity_problem`).
    A file encrypted with SQLCipher is read with ``key``. Raises `DatabaseProblem` for a
    file that is not SQLite, is encrypted and no (or the wrong) passphrase was given, is
    damaged, is locked by another program, holds another application's tables
    (``foreign``), or comes from a newer version of the app; the file is never written.
    """
    encrypted = not driver.is_plain_sqlite(db_path)
    if encrypted:
        _check_encrypted(db_path, key)
    file_key = key if encrypted else None
    try:
        try:
            state = _read_state(db_path, file_key, read_only_uri(db_path), integrity, full_check)
        except driver.errors() as err:
            if sqlite_code(err) != SQLITE_IOERR or not _empty_wal(db_path):
                raise
            # A full disk can leave an empty -wal and a stub -shm that a read-only
            # connection cannot rebuild; with nothing in the WAL, the file alone is whole.
            state = _read_state(db_path, file_key, _immutable_uri(db_path), integrity, full_check)
    except DatabaseProblem:
        raise
    except driver.errors(OSError) as err:
        problem = classify(err, db_path, opening=True)
        if problem is not None and getattr(problem, "kind", None) != "damaged":
            raise problem from None
        raise _problem(
            db_path,
            "damaged",
            f"The database {db_path} is damaged ({err}). It was left untouched.",
        ) from None
    check, revision, foreign = state
    if check != "ok":
        raise _problem(
            db_path,
            "damaged",
            f"The database {db_path} failed its integrity check ({check}). It was left untouched.",
        )
    if foreign:
        raise foreign_problem(db_path)
    if revision is not None and revision not in migrate.known_revisions():
        raise _problem(
            db_path,
            "newer_version",
            f"The database {db_path} was written by a newer version of Therapist Desk "
            f"(schema {revision}). Update the app to open it; the file was left untouched.",
        )
    return revision


def _read_state(
    db_path: Path, key: str | None, uri: str, integrity: bool, full_check: bool
) -> tuple[str, str | None, bool]:
    """The integrity check's answer, the schema revision, and whether the file is foreign."""
    conn = driver.connect(uri, key, uri=True, timeout=OPEN_TIMEOUT_SECONDS)
    try:
        if key is not None:
            _check_key(db_path, conn)
        if integrity:
            pragma = "integrity_check" if full_check else "quick_check"
            (check,) = conn.execute(f"PRAGMA {pragma}").fetchone()
        else:
            check = _length_check(db_path, conn, encrypted=key is not None)
        revision = _read_revision(conn)
        return check, revision, revision is None and _has_tables(conn)
    finally:
        conn.close()


def _empty_wal(db_path: Path) -> bool:
    wal = Path(f"{db_path}-wal")
    return wal.exists() and wal.stat().st_size == 0


def _immutable_uri(path: Path) -> str:
    return f"{path.absolute().as_uri()}?mode=ro&immutable=1"


def integrity_problem(db_path: Path, *, key: str | None = None) -> DatabaseProblem | None:
    """Run the quick integrity check on an open database; the problem, or None if sound.

    For the check that runs after the window opened on a large file: read-only, on its
    own connection, so it can run on a worker thread while the app works.
    """
    try:
        conn = driver.connect(read_only_uri(db_path), key, uri=True, timeout=OPEN_TIMEOUT_SECONDS)
        try:
            (check,) = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except driver.errors(OSError) as err:
        problem = classify(err, db_path, opening=True)
        if isinstance(problem, DatabaseProblem) and problem.kind != "damaged":
            return problem
        if problem is not None and not isinstance(problem, DatabaseProblem):
            return DatabaseProblem(
                str(problem), path=db_path, kind="unreadable", latest_backup=None
            )
        check = str(err)
    if check == "ok":
        return None
    return _problem(
        db_path,
        "damaged",
        f"The database {db_path} failed its integrity check ({check}): part of the file "
        "is damaged, perhaps by a disk error.",
    )


def _length_check(db_path: Path, conn: Any, *, encrypted: bool) -> str:
    """ "ok", or what is wrong when the file is shorter than its own header says.

    The size to compare with is the one the header recorded at the last write to the
    file itself: pages still in the WAL (not yet checkpointed) are not in the file, so
    ``PRAGMA page_count`` (which counts them) would take a sound file for a short one.
    An encrypted header cannot be read directly; with a WAL beside it the check is left
    to the full integrity check that follows.
    """
    size = db_path.stat().st_size
    if not encrypted:
        with db_path.open("rb") as fh:
            header = fh.read(100)
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        if header[24:28] != header[92:96]:  # size field not maintained (old writer)
            return "ok"
    else:
        wal = Path(f"{db_path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return "ok"
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        pages, page_size = int(pages), int(page_size)  # SQLCipher answers page_size as text
    if size < pages * page_size:
        return f"the file is {size:,} bytes but should be at least {pages * page_size:,}"
    return "ok"


def _check_encrypted(db_path: Path, key: str | None) -> None:
    if not driver.could_be_encrypted(db_path):
        raise _problem(
            db_path,
            "not_sqlite",
            f"{db_path} is not a Therapist Desk database (it is not an SQLite file). "
            "It was left untouched.",
        )
    if key is None:
        raise DatabaseProblem(
            f"The database {db_path} is encrypted. Enter its passphrase to open it.",
            path=db_path,
            kind="encrypted",
            latest_backup=latest_backup(db_path),
        )


def _check_key(db_path: Path, conn: Any) -> None:
    """Read the first page: with the wrong key SQLCipher sees "not a database"."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.errors():
        raise DatabaseProblem(
            f"That passphrase does not open {db_path}. Check it and try again (letters "
            "are case-sensitive; is Caps Lock on?). If the file is not an encrypted "
            "Therapist Desk database, choose another file. The file was left untouched.",
            path=db_path,
            kind="wrong_passphrase",
            latest_backup=latest_backup(db_path),
        ) from None


def _problem(db_path: Path, kind: ProblemKind, message: str) -> DatabaseProblem:
    return damaged(db_path, message, kind=kind)


def _has_tables(conn: Any) -> bool:
    """Whether the file has tables at all (a file without our schema and with tables is
    another application's)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return row is not None


def _read_revision(conn: Any) -> str | None:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None
