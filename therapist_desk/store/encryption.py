"""Encrypting the database at rest, changing its passphrase, or removing the encryption.

Each change writes a complete new copy of the file with SQLCipher's ``sqlcipher_export``,
checks the copy (integrity, and every table holds the same number of rows), and only
then renames it over the database in one step; the old file, kept under a second name
meanwhile, is overwritten with zeros and deleted once the new one reads back. The
automatic backups are rewritten the same way, so no copy of the records is left in the
old form: the backups and the copies restores kept aside (`fileset.copies_with_records`),
and half-written backups (``.partial``) are shredded. A failure at any step leaves the
database as it was; a crash leaves either the old or the new database in place (never
none), and `finish_interrupted_change` (run by the window and by every command that
writes, when they open the database) shreds the old copy a crash left behind and
encrypts any copy still in the old, plain form.

Overwriting old files is best effort: on an SSD or a copy-on-write file system the old
blocks can survive until the drive reuses them (see ``docs/security.md``).
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from therapist_desk.errors import UserError
from therapist_desk.store import driver, fileset
from therapist_desk.store.backup import rotate_backups
from therapist_desk.store.database import Database, open_database
from therapist_desk.store.engine import create_private_file
from therapist_desk.store.fileset import BEFORE, REKEYING


def change_encryption(
    database: Database, new_key: str | None, *, keep_backups: int = 10
) -> tuple[Database, list[tuple[Path, str]]]:
    """Rewrite ``database`` encrypted with ``new_key`` (``None``: not encrypted).

    The database's engine is closed; the returned `Database` (same path, the new key)
    replaces it, with the backups that could not be rewritten and why (each left as it
    was: for example one encrypted with a passphrase from before). Raises `UserError`
    with the reason when the database itself cannot be rewritten; it is then unchanged
    (open it again with the old key: the old engine is closed). Once the file is
    rewritten, a failure to reopen it says that the new passphrase is now the one.
    """
    if new_key is not None and (problem := driver.check_passphrase(new_key)):
        raise UserError(problem)
    path, old_key = database.file, database.key
    remove_leftovers(path)
    _checkpoint(database)
    database.engine.dispose()
    _rewrite(path, old_key, new_key, what="the database")
    try:
        reopened = open_database(path, key=new_key, keep_backups=keep_backups, daily_backup=False)
    except UserError as err:
        now = "encrypted with the new passphrase" if new_key else "no longer encrypted"
        raise UserError(
            f"The database is now {now}, but it could not be opened again ({err}). "
            "Quit Therapist Desk and start it again"
            + (", with the new passphrase." if new_key else ".")
        ) from None
    skipped = []
    for copy in fileset.copies_with_records(path):
        try:
            copy_key = None if driver.is_plain_sqlite(copy) else old_key
            _rewrite(copy, copy_key, new_key, what=_copy_name(copy))
        except (UserError, OSError) as err:
            skipped.append((copy, str(err)))
    rotate_backups(path, keep=keep_backups)
    return reopened, skipped


def _copy_name(copy: Path) -> str:
    kind = "the copy kept aside by a restore," if fileset.REPLACED in copy.name else "the backup"
    return f"{kind} {copy.name}"


def rewrite_copy(
    source: Path, source_key: str | None, target: Path, target_key: str | None
) -> None:
    """Write a verified copy of ``source`` into the new file ``target``, keyed ``target_key``.

    Both keys may differ (plain to encrypted, or one passphrase to another); the copy
    passes its integrity check and holds as many rows in every table as the source.
    """
    create_private_file(target)
    counts = _export(source, source_key, target, target_key)
    _verify(target, target_key, counts)


def _checkpoint(database: Database) -> None:
    """Move everything from the WAL into the main file, so one file holds all records."""
    with database.engine.connect() as connection:
        (busy, _, _) = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:
        raise UserError(
            "The database is busy (a PDF or an email is being prepared). Wait for it to "
            "finish, then try again. Nothing was changed."
        )


def _rewrite(path: Path, old_key: str | None, new_key: str | None, *, what: str) -> None:
    """Replace ``path`` by a verified copy encrypted with ``new_key``; shred the old one.

    ``path`` always names a whole database, old or new, even if the power goes at any
    point: the old file is kept under a second name (a hard link) and the new one is
    renamed over ``path`` in one step. `remove_leftovers` tidies what a crash leaves.
    """
    _still_in_use(path, what)
    tmp = path.with_name(f".{path.name}{REKEYING}")
    _remove(tmp)
    try:
        create_private_file(tmp)
        counts = _export(path, old_key, tmp, new_key)
        _verify(tmp, new_key, counts)
        _sync_file(tmp)
    except driver.errors(OSError) as err:
        _remove(tmp)
        raise UserError(
            f"Could not rewrite {what} ({path}): {err}. Nothing was changed; "
            "free some disk space or check the folder, then try again."
        ) from None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f".{path.name}{BEFORE}{stamp}")
    _keep_second_name(path, aside)
    os.replace(tmp, path)
    fileset.sync_folder(path.parent)
    try:
        _verify(path, new_key, counts)
    except driver.errors() as err:  # the new file did not survive the move: put the old back
        os.replace(aside, path)
        raise UserError(
            f"The rewritten copy of {what} could not be read back ({err}); "
            "the original was put back unchanged."
        ) from None
    _shred(aside)


def finish_interrupted_change(database: Database) -> list[Path]:
    """After a crash in the middle of an operation: shred leftovers, encrypt stray copies.

    The caller holds the practice lock. See `tidy`.
    """
    if database.path is None:  # a practice server: no files of its own on this computer
        return []
    return tidy(database.path, key=database.key)


def tidy(db_path: Path, *, key: str | None) -> list[Path]:
    """Shred what an interrupted operation left beside ``db_path``; encrypt stray copies.

    The caller holds the practice lock. Leftovers are those `fileset.remove_leftovers`
    knows (partial backups and restores, old copies of an encryption change). An
    encryption cut short after the database was swapped leaves backups (and aside
    copies) in the old, plain form; the database's passphrase ``key`` now encrypts them.
    Returns the leftovers removed and the copies encrypted.
    """
    done = fileset.remove_leftovers(db_path)
    if key is None:
        return done
    for copy in fileset.copies_with_records(db_path):
        if driver.is_plain_sqlite(copy):
            _rewrite(copy, None, key, what=_copy_name(copy))
            done.append(copy)
    return done


def remove_leftovers(path: Path) -> list[Path]:
    """What an interrupted operation left beside ``path``, shredded (see `fileset`)."""
    return fileset.remove_leftovers(path)


def _still_in_use(path: Path, what: str) -> None:
    """Refuse while a connection still holds changes in the WAL (they would be lost)."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise UserError(
            f"Could not rewrite {what}: it is still in use ({wal.name} is not empty). "
            "Wait for a PDF or an email being prepared to finish, then try again. "
            "Nothing was changed."
        )


def _keep_second_name(path: Path, aside: Path) -> None:
    """Give the old file a second name (a hard link; a copy where links are not allowed)."""
    try:
        os.link(path, aside)
    except OSError:
        shutil.copy2(path, aside)
        os.chmod(aside, 0o600)


def _export(source: Path, source_key: str | None, target: Path, target_key: str | None) -> dict:
    """Copy every table of ``source`` into the empty ``target`` with ``sqlcipher_export``."""
    connection = _cipher_connection(source, source_key)
    try:
        counts = _row_counts(connection)
        connection.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(target), target_key or ""))
        connection.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
        connection.execute("DETACH DATABASE rekeyed")
    finally:
        connection.close()
    return counts


def _verify(path: Path, key: str | None, expected: dict) -> None:
    """The copy passes ``integrity_check`` and every table has the expected row count."""
    connection = _cipher_connection(path, key)
    try:
        (check,) = connection.execute("PRAGMA integrity_check").fetchone()
        if check != "ok":
            raise driver.sqlcipher().DatabaseError(f"integrity check: {check}")
        counts = _row_counts(connection)
    finally:
        connection.close()
    if counts != expected:
        raise driver.sqlcipher().DatabaseError("the copy does not hold the same rows")


def _cipher_connection(path: Path, key: str | None) -> Any:
    """An SQLCipher connection (``sqlcipher_export`` exists only there), keyed if needed."""
    connection = driver.sqlcipher().connect(str(path), isolation_level=None)
    if key is not None:
        driver.apply_key(connection, key)
    return connection


def _row_counts(connection: Any) -> dict[str, int]:
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for (name,) in tables
    }


def _shred(path: Path) -> None:
    fileset.shred(path)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
