"""Encrypting the database at rest, changing its passphrase, or removing the encryption.

Each change writes a complete new copy of the file with SQLCipher's ``sqlcipher_export``,
checks the copy (integrity, and every table holds the same number of rows), and only
then puts it in place; the old file is kept aside until the new one has opened as the
app's database, then overwritten with zeros and deleted. The automatic backups are
rewritten the same way, so no copy of the records is left in the old form. A failure
at any step leaves the database as it was.

Overwriting old files is best effort: on an SSD or a copy-on-write file system the old
blocks can survive until the drive reuses them (see ``docs/security.md``).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from therapist_desk.errors import UserError
from therapist_desk.store import driver
from therapist_desk.store.backup import list_backups, rotate_backups
from therapist_desk.store.database import Database, open_database
from therapist_desk.store.engine import create_private_file

SIDE_FILES = ("-wal", "-shm")


def change_encryption(
    database: Database, new_key: str | None, *, keep_backups: int = 10
) -> tuple[Database, list[Path]]:
    """Rewrite ``database`` encrypted with ``new_key`` (``None``: not encrypted).

    The database's engine is closed; the returned `Database` (same path, the new key)
    replaces it, with the backups that could not be rewritten (left as they were: for
    example one encrypted with a passphrase from before). Raises `UserError` with the
    reason when the database itself cannot be rewritten; it is then unchanged (open it
    again with the old key: the old engine is closed).
    """
    if new_key is not None and (problem := driver.check_passphrase(new_key)):
        raise UserError(problem)
    path, old_key = database.path, database.key
    _checkpoint(database)
    database.engine.dispose()
    _rewrite(path, old_key, new_key, what="the database")
    reopened = open_database(path, key=new_key, keep_backups=keep_backups, daily_backup=False)
    skipped = []
    for backup in list_backups(path):
        backup_key = None if driver.is_plain_sqlite(backup) else old_key
        try:
            _rewrite(backup, backup_key, new_key, what=f"the backup {backup.name}")
        except UserError:
            skipped.append(backup)
    rotate_backups(path, keep=keep_backups)
    return reopened, skipped


def _checkpoint(database: Database) -> None:
    """Move everything from the WAL into the main file, so one file holds all records."""
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def _rewrite(path: Path, old_key: str | None, new_key: str | None, *, what: str) -> None:
    """Replace ``path`` by a verified copy encrypted with ``new_key``; shred the old one."""
    tmp = path.with_name(f".{path.name}.rekeying")
    _remove(tmp)
    try:
        create_private_file(tmp)
        counts = _export(path, old_key, tmp, new_key)
        _verify(tmp, new_key, counts)
    except driver.errors(OSError) as err:
        _remove(tmp)
        raise UserError(
            f"Could not rewrite {what} ({path}): {err}. Nothing was changed; "
            "free some disk space or check the folder, then try again."
        ) from None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f".{path.name}.before-{stamp}")
    os.replace(path, aside)
    os.replace(tmp, path)
    _sync_folder(path.parent)
    try:
        _verify(path, new_key, counts)
    except driver.errors() as err:  # the new file did not survive the move: put the old back
        os.replace(aside, path)
        raise UserError(
            f"The rewritten copy of {what} could not be read back ({err}); "
            "the original was put back unchanged."
        ) from None
    for suffix in SIDE_FILES:
        _remove(Path(f"{path}{suffix}"))
    _shred(aside)


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
    """Overwrite ``path`` with zeros, flush it, delete it (best effort, see module doc)."""
    try:
        remaining = path.stat().st_size
        zeros = b"\0" * (1 << 20)
        with path.open("r+b") as fh:
            while remaining > 0:
                remaining -= fh.write(zeros[: min(remaining, len(zeros))])
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    _remove(path)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
