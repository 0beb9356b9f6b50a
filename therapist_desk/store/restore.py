"""Restoring a backup: check it, copy it beside the database, then swap it in safely.

The swap never leaves the database's name empty. Under the practice lock:

1. the backup is checked, then copied to ``.<name>.restoring`` (fsynced);
2. the current database's WAL is checkpointed into it (so the file alone is whole);
3. the current file gets a second name, ``<name>.replaced-<stamp>`` (a hard link), and
   any ``-wal``/``-shm`` left beside it moves to that name too;
4. the copy is renamed over ``<name>`` in one step, and the folder is fsynced.

Killed at any step, ``<name>`` is a whole database: the old one up to step 4, the
restored one after. `fileset.remove_leftovers` then tidies: a ``.restoring`` copy is
shredded, and an aside name that is still the database itself (the swap never
happened) is dropped. Each restore's aside name is new (stamped to the microsecond, and
never an existing name), so two restores never overwrite what the first kept.

A plain backup restored into an encrypted practice is encrypted with the practice's
passphrase as it is copied: restoring never silently removes the encryption.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from therapist_desk.errors import UserError
from therapist_desk.paths import FILE_MODE, ensure_private_dir
from therapist_desk.store import driver
from therapist_desk.store.backup import copy_database
from therapist_desk.store.errors import DatabaseProblem
from therapist_desk.store.fileset import (
    REPLACED,
    RESTORING,
    remove_leftovers,
    shred,
    side_files,
    sync_folder,
)
from therapist_desk.store.inspect import inspect_database
from therapist_desk.store.lock import COMMAND_WAIT_SECONDS, take_lock

HOLDER = "`therapist-desk restore`"


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


def restore_backup(
    *,
    backup: Path,
    db_path: Path,
    key: str | None = None,
    practice_key: str | None = None,
    wait: float = COMMAND_WAIT_SECONDS,
) -> Path | None:
    """Replace ``db_path`` with a verified copy of ``backup``; never delete the current file.

    ``key`` reads an encrypted backup, which stays encrypted as it is. ``practice_key``
    (default ``key``) is the passphrase of the current, encrypted database: a plain
    backup restored into it is encrypted with it; without it that restore is refused.
    Takes the practice lock (waiting up to ``wait`` seconds for another holder), so no
    window or command may have the database open. Returns the path the current file was
    kept under (``None`` if there was none); it is mode 0600, like the restored file.
    """
    backup = backup.expanduser().absolute()
    db_path = db_path.expanduser().absolute()
    if backup == db_path or (backup.exists() and db_path.exists() and backup.samefile(db_path)):
        raise UserError(f"{backup} is the database itself; choose a backup file.")
    verify_backup(backup, key=key)
    backup_key = None if driver.is_plain_sqlite(backup) else key
    current_key = _current_key(db_path, practice_key or key)
    target_key = backup_key if backup_key is not None else current_key
    ensure_private_dir(db_path.parent)
    with take_lock(db_path, holder=HOLDER, wait=wait):
        remove_leftovers(db_path)
        tmp = db_path.with_name(f".{db_path.name}{RESTORING}")
        _copy_in(backup, backup_key, tmp, target_key, db_path)
        aside = _keep_current(db_path, current_key) if db_path.exists() else None
        os.replace(tmp, db_path)
        sync_folder(db_path.parent)
    return aside


def _current_key(db_path: Path, given: str | None) -> str | None:
    """The passphrase of the current database if it is encrypted (checked when it can be)."""
    if not db_path.is_file() or db_path.stat().st_size == 0 or driver.is_plain_sqlite(db_path):
        return None
    if not driver.could_be_encrypted(db_path):
        return None  # not a database at all: it is only kept aside
    if given is None:
        raise UserError(
            f"The practice {db_path} is encrypted. Give its passphrase to restore, so that "
            "the restored records are encrypted with it too. Nothing was changed."
        )
    try:
        inspect_database(db_path, key=given, integrity=False)
    except DatabaseProblem as problem:
        if problem.kind == "wrong_passphrase":
            raise UserError(
                f"That passphrase does not open the practice {db_path}; the restored "
                "records would be encrypted with it. Nothing was changed."
            ) from None
    return given


def _copy_in(
    backup: Path, backup_key: str | None, tmp: Path, target_key: str | None, db_path: Path
) -> None:
    """Write the whole restored database to ``tmp`` (encrypted with ``target_key``)."""
    try:
        shred(tmp)
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
        if target_key == backup_key:
            copy_database(backup, tmp, key=backup_key)
        else:
            from therapist_desk.store.encryption import rewrite_copy

            rewrite_copy(backup, backup_key, tmp, target_key)
        _fsync(tmp)
    except driver.errors(OSError, UserError) as err:
        shred(tmp)
        from therapist_desk.store.problems import classify

        problem = classify(err, db_path)
        reason = str(problem) if problem is not None else f"{err}"
        raise UserError(
            f"Cannot restore into {db_path.parent}: {reason.rstrip('.')}. Nothing was changed."
        ) from None


def _keep_current(db_path: Path, key: str | None) -> Path:
    """Give the current database a second, unique name; move its side files to it."""
    _checkpoint(db_path, key)
    aside = _new_aside_name(db_path)
    try:
        os.link(db_path, aside)
    except OSError:  # a file system without hard links: a copy, then the same steps
        shutil.copy2(db_path, aside)
    os.chmod(aside, FILE_MODE)
    for current, kept in zip(side_files(db_path), side_files(aside), strict=True):
        if current.exists():
            os.replace(current, kept)
    sync_folder(db_path.parent)
    return aside


def _new_aside_name(db_path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = db_path.with_name(f"{db_path.name}{REPLACED}{stamp}")
    number = 1
    while aside.exists() or any(p.exists() for p in side_files(aside)):
        number += 1
        aside = db_path.with_name(f"{db_path.name}{REPLACED}{stamp}-{number}")
    return aside


def _checkpoint(db_path: Path, key: str | None) -> None:
    """Fold the WAL into the database file, so the file kept aside is whole on its own.

    Best effort: a damaged file may refuse; its ``-wal`` then moves aside with it.
    """
    if not Path(f"{db_path}-wal").exists():
        return
    with contextlib.suppress(*driver.errors(OSError)):
        connection = driver.connect(db_path, key, isolation_level=None)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            connection.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
