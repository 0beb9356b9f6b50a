"""Erasing a client: every row goes, then VACUUM, so the name is gone from the file.

Erasure is a right the client has. The rows are deleted (participants, intakes,
answers, snapshots and decisions follow by ``ON DELETE CASCADE``; the client's audit
events are deleted too), one ``erased`` audit event keeps only the opaque reference,
then ``VACUUM`` rewrites the file and a ``TRUNCATE`` checkpoint empties the WAL. The
same deletion is applied to every whole copy beside the database that the app made
(automatic backups and the copies restores kept aside: `fileset.copies_with_records`),
and half-written copies left by an interrupted backup or restore are shredded, as are
the email drafts waiting for the mail app (they may carry the client's summary).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from therapist_desk.models import AuditAction
from therapist_desk.store import driver, fileset
from therapist_desk.store.audit import add_event
from therapist_desk.store.clients import get_client
from therapist_desk.store.session import new_session

_DELETE_SQL = (
    "DELETE FROM audit_event WHERE client_ref = :ref",
    "DELETE FROM client WHERE reference = :ref",
)


def erase_client(
    *,
    engine: Engine,
    client_id: int,
    actor: str | None = None,
    include_backups: bool = True,
    key: str | None = None,
) -> str:
    """Remove every row of a client, VACUUM, and do the same in the automatic backups.

    ``key`` is the passphrase of an encrypted database (its backups share it). Returns
    the client's opaque reference (the only thing the audit trail keeps).
    """
    with new_session(engine) as session:
        reference = get_client(session=session, client_id=client_id).reference
        for sql in _DELETE_SQL:
            session.execute(sa.text(sql), {"ref": reference})
        add_event(session, client_ref=reference, action=AuditAction.ERASED, actor=actor)
        session.commit()
    if engine.dialect.name != "sqlite":
        # A practice server: the rows are gone for every connection at commit, and the
        # server reclaims their space itself (autovacuum); its backups are its own.
        return reference
    compact(engine)
    database = engine.url.database
    if include_backups and database and database != ":memory:":
        erase_from_backups(db_path=Path(database), client_ref=reference, key=key)
    if database and database != ":memory:":
        fileset.remove_drafts(Path(database))  # a draft may carry the client's summary
    return reference


def compact(engine: Engine) -> None:
    """VACUUM the database and empty its WAL, so deleted text is not left in the files."""
    raw = engine.raw_connection()
    try:
        connection: Any = raw.driver_connection
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()


def erase_from_backups(*, db_path: Path, client_ref: str, key: str | None = None) -> list[Path]:
    """Delete a client's rows from each copy of ``db_path`` beside it; return those changed.

    The copies are the automatic backups and the databases restores kept aside; partial
    copies (an interrupted backup or restore) are shredded, since they cannot be opened.
    Copies that cannot be opened (under an older passphrase, damaged) are left alone.
    """
    changed = []
    for leftover in fileset.leftovers(db_path):
        if fileset.PARTIAL in leftover.name or fileset.RESTORING in leftover.name:
            fileset.shred(leftover)
            changed.append(leftover)
    for copy in fileset.copies_with_records(db_path):
        try:
            if _erase_in_file(copy, client_ref, key):
                changed.append(copy)
        except driver.errors():
            continue
    return changed


def _erase_in_file(path: Path, client_ref: str, key: str | None) -> bool:
    file_key = None if driver.is_plain_sqlite(path) else key
    connection = driver.connect(path, file_key, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA secure_delete=ON")
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        tables = {row[0] for row in rows}
        if not {"client", "audit_event"} <= tables:
            return False
        connection.execute("BEGIN IMMEDIATE")
        removed = 0
        for sql in _DELETE_SQL:
            removed += connection.execute(sql, {"ref": client_ref}).rowcount
        connection.execute("COMMIT")
        if removed:
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return bool(removed)
    finally:
        connection.close()
