"""One classifier for what went wrong with a database file, each with its own message.

SQLite says "database is locked" for a file another program holds, "disk I/O error" for
a full disk as often as for a failing one, and "unable to open" for a read-only folder.
`classify` turns the driver's error (wrapped by SQLAlchemy or not) into the message a
person can act on, naming the file or its folder:

| kind | when | exit status |
|---|---|---|
| ``locked`` | another program holds the file while it is being opened or read | 2 |
| ``busy`` | a write waited `engine.BUSY_TIMEOUT_MS` for another program's write | 2 |
| full disk (`DiskFullError`) | ``SQLITE_FULL``, ``ENOSPC``, or an I/O error on a full disk | 2 |
| ``unwritable`` | the file or its folder is read-only | 2 |
| ``unreadable`` | an I/O error on a disk with room: the disk, not the file, failed | 2 |
| ``damaged`` | the file's pages are not a valid database | 2 |
| ``foreign`` | an SQLite file of another application (see `foreign_problem`) | 2 |

None of them is called damaged unless SQLite found damaged pages: a file that is
merely locked, or on a full disk, is never offered to be replaced by a backup.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from therapist_desk.errors import UserError
from therapist_desk.store.disk_full import DiskFullError, is_disk_full
from therapist_desk.store.errors import DatabaseProblem, ProblemKind

SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 14, 26
NEARLY_FULL_BYTES = 256 * 1024
"""An I/O error with less room than this left on the disk is taken for a full disk."""

_BY_TEXT = (
    ("database is locked", SQLITE_BUSY),
    ("database table is locked", SQLITE_LOCKED),
    ("readonly database", SQLITE_READONLY),
    ("unable to open", SQLITE_CANTOPEN),
    ("disk i/o error", SQLITE_IOERR),
    ("malformed", SQLITE_CORRUPT),
    ("file is not a database", SQLITE_NOTADB),
)
_READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def sqlite_code(err: BaseException) -> int | None:
    """SQLite's primary result code in ``err`` or what it wraps (from the text if need be)."""
    for current in _chain(err):
        code = getattr(current, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF
    for current in _chain(err):
        if isinstance(current, UserError):
            continue
        text = str(current).lower()
        for words, code in _BY_TEXT:
            if words in text:
                return code
    return None


def classify(err: BaseException, db_path: Path, *, opening: bool = False) -> UserError | None:
    """The message for ``err`` met while using ``db_path``; ``None`` if it is none of ours.

    ``opening``: the file was being opened or checked (a lock then means another program
    has it open), not written.
    """
    if isinstance(err, DatabaseProblem | DiskFullError):
        return err
    folder = db_path.parent
    if is_disk_full(err):
        return DiskFullError(folder)
    code = sqlite_code(err)
    os_errno = next((e.errno for e in _chain(err) if isinstance(e, OSError)), None)
    if isinstance(err, UserError) and code is None and os_errno is None:
        return None  # already told in words of its own
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return locked(db_path) if opening else busy(db_path)
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN) or os_errno in _READ_ONLY_ERRNOS:
        return unwritable(db_path, "the file or its folder is read-only")
    if code == SQLITE_IOERR or os_errno == errno.EIO:
        return DiskFullError(folder) if _nearly_full(folder) else unreadable(db_path)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(
            db_path, f"The database {db_path} is damaged ({_reason(err)}). It was left untouched."
        )
    return None


def damaged(db_path: Path, message: str, *, kind: ProblemKind = "damaged") -> DatabaseProblem:
    """``message``, and the way out: restore the latest backup, choose another file, or quit."""
    from therapist_desk.store.fileset import backups

    found = backups(db_path)
    backup = found[0] if found else None
    if backup is not None:
        message += f" You can restore the latest backup ({backup}) with `therapist-desk restore"
        message += f" {backup}`, choose another file with --db, or quit."
    else:
        message += " Choose another file with --db, or restore a backup you keep elsewhere."
    return DatabaseProblem(message, path=db_path, kind=kind, latest_backup=backup)


def locked(db_path: Path) -> DatabaseProblem:
    """Another program holds the file: it is not damaged, it is in use."""
    return _problem(
        db_path,
        "locked",
        f"The database {db_path} is locked by another program that has it open (a database "
        "browser, a sync or backup tool, another copy of Therapist Desk). The file is not "
        "damaged and was left untouched: close that program, then try again.",
    )


def busy(db_path: Path) -> DatabaseProblem:
    """A write waited for another program's write for longer than the busy timeout."""
    return _problem(
        db_path,
        "busy",
        f"The database {db_path} is busy: another program kept it locked for writing for "
        "more than 5 seconds, so nothing was saved. Close that program or wait for it to "
        "finish, then try again; everything saved before is safe.",
    )


def unreadable(db_path: Path) -> DatabaseProblem:
    """The disk reported an I/O error and has room: the disk, not the file, is the suspect."""
    return _problem(
        db_path,
        "unreadable",
        f"Cannot read the database {db_path}: the disk reported an input/output error. The "
        f"file was left untouched. Check the disk holding {db_path.parent} (is it still "
        "connected?), then try again.",
    )


def unwritable(db_path: Path, detail: str) -> DatabaseProblem:
    """The file or its folder cannot be written (read-only, or permission denied)."""
    if "ermission" in detail or "denied" in detail:
        message = (
            f"Cannot write to {db_path}: permission denied. The app needs to write the "
            "file and its folder; choose a folder you can write to, or use --db PATH. "
            "Nothing was changed."
        )
    else:
        message = (
            f"Cannot write to the database {db_path}: {detail}. It was left untouched. "
            "Make the file and its folder writable, or choose another file."
        )
    return _problem(db_path, "unwritable", message, offer_backup=True)


def foreign_problem(db_path: Path) -> DatabaseProblem:
    """An SQLite file of another application: refused, never adopted."""
    return _problem(
        db_path,
        "foreign",
        f"{db_path} is not a Therapist Desk database: it is an SQLite file that holds "
        "another application's tables. It was left untouched. Give the path of a Therapist "
        "Desk database, or of a new file, with --db.",
    )


def _problem(
    db_path: Path, kind: ProblemKind, message: str, *, offer_backup: bool = False
) -> DatabaseProblem:
    from therapist_desk.store.fileset import backups

    found = backups(db_path)
    latest = found[0] if offer_backup and found else None
    return DatabaseProblem(message, path=db_path, kind=kind, latest_backup=latest)


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _reason(err: BaseException) -> str:
    """The driver's own one-line reason (never SQLAlchemy's text, which quotes the SQL)."""
    orig = getattr(err, "orig", None)
    return str(orig if isinstance(orig, BaseException) else err).splitlines()[0][:200]


def _chain(err: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    pending: list[BaseException | None] = [err]
    while pending:
        current = pending.pop()
        if current is None or any(current is seen for seen in found):
            continue
        found.append(current)
        orig = getattr(current, "orig", None)
        pending += [orig if isinstance(orig, BaseException) else None, current.__cause__]
        if not current.__suppress_context__:  # "raise ... from None" ends the chain
            pending.append(current.__context__)
    return found
