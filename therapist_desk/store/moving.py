"""A single-user practice's file copied onto the practice server, the file left as it was.

`copy_file_to_server` reads the SQLite file read-only (at this version's schema), and
writes every client with what hangs from it inside the caller's transaction on the
server: rows get the server's ids (so several practices' files can be moved onto one
server), each table's rows are counted on both sides before the caller commits, and
nothing is kept if any count differs. A completed intake is written as a draft, its
answers added, then marked completed: the server's triggers refuse answers to a
completed intake, as they refuse editing one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlmodel import SQLModel

from therapist_desk.errors import UserError
from therapist_desk.store import driver, migrate

# In the order they are written: a table's parents come before it.
TABLES = (
    "client",
    "participant",
    "intake",
    "consent_version",
    "answer",
    "decision",
    "recommendation_snapshot",
    "score_snapshot",
    "consent_record",
    "audit_event",
)
_PARENTS = {  # column -> the table whose new id replaces the old one
    "participant": {"client_id": "client"},
    "intake": {"client_id": "client", "amends_intake_id": "intake"},
    "answer": {"intake_id": "intake", "participant_id": "participant"},
    "decision": {"intake_id": "intake"},
    "recommendation_snapshot": {"intake_id": "intake"},
    "score_snapshot": {"intake_id": "intake"},
    "consent_record": {"intake_id": "intake", "version_id": "consent_version"},
    "audit_event": {"intake_id": "intake"},
}
_WITH_IDS = ("client", "participant", "intake", "consent_version")


def source_rows(file: Path, key: str | None) -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables to move, read from ``file`` opened read-only."""
    from therapist_desk.store.inspect import inspect_database, read_only_uri

    revision = inspect_database(file, key=key)
    if revision != migrate.head_revision():
        raise UserError(
            f"{file} has schema {revision}; this version moves files at schema "
            f"{migrate.head_revision()}. Open it once with this version of Therapist Desk "
            "(it upgrades the file, after a backup), then move it."
        )
    connection = driver.connect(read_only_uri(file), key, uri=True)
    try:
        found: dict[str, list[dict[str, Any]]] = {}
        for table in TABLES:
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [column[0] for column in cursor.description]
            found[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return found
    finally:
        connection.close()


def _typed(table: sa.Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row read from SQLite with the values the server's columns take."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name not in table.c:
            continue
        column_type = table.c[name].type
        python_type = getattr(column_type, "impl", column_type)
        if value is not None and isinstance(value, str):
            if isinstance(python_type, sa.DateTime):
                value = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
            elif isinstance(python_type, sa.Date):
                value = dt.date.fromisoformat(value)
        if value is not None and isinstance(python_type, sa.Boolean):
            value = bool(value)
        out[name] = value
    return out


def copy_file_to_server(
    file: Path, key: str | None, connection: Connection, clinician: str
) -> dict[str, int]:
    """Write ``file``'s clients onto the server (in ``connection``'s transaction) as
    ``clinician``'s; returns the rows written per table, each checked by counting."""
    import therapist_desk.models  # noqa: F401  (fills the metadata)

    rows = source_rows(file, key)
    connection.exec_driver_sql("SET LOCAL TimeZone = 'UTC'")
    references = [row["reference"] for row in rows["client"]]
    if references:
        taken = (
            connection.execute(
                sa.text("SELECT reference FROM client WHERE reference = ANY(:refs)"),
                {"refs": references},
            )
            .scalars()
            .all()
        )
        if taken:
            raise UserError(
                f"{len(taken)} client(s) of {file.name} are already on the server (moved "
                "before?). Nothing was copied."
            )
    before = {table: _count(connection, table) for table in TABLES}
    new_ids: dict[str, dict[int, int]] = {table: {} for table in _WITH_IDS}
    new_versions = 0
    completed: list[int] = []
    for table_name in TABLES:
        table = SQLModel.metadata.tables[table_name]
        typed = [_typed(table, row) for row in rows[table_name]]
        for row in typed:
            for column, parent in _PARENTS.get(table_name, {}).items():
                if row.get(column) is not None:
                    row[column] = new_ids[parent].get(row[column])
        if table_name == "client":
            for row in typed:
                row["assigned_to"] = clinician
        if table_name == "intake":
            for row in typed:
                if row["status"] == "completed":
                    row["status"] = "draft"
                    completed.append(row["id"])
        if table_name == "consent_version":
            new_versions = _consent_versions(connection, table, typed, new_ids["consent_version"])
            continue
        if table_name in _WITH_IDS:
            for row in typed:
                old = row.pop("id")
                new_ids[table_name][old] = connection.execute(
                    table.insert().values(**row).returning(table.c.id)
                ).scalar_one()
        elif typed:
            for row in typed:
                row.pop("id", None)
            connection.execute(table.insert(), typed)
    if completed:
        connection.execute(
            sa.text("UPDATE intake SET status = 'completed' WHERE id = ANY(:ids)"),
            {"ids": [new_ids["intake"][old] for old in completed]},
        )
    written = {table: len(rows[table]) for table in TABLES}
    written["consent_version"] = new_versions  # a text the server had is not written again
    for name in TABLES:
        added = _count(connection, name) - before[name]
        want = written[name]
        if added != want:
            raise UserError(
                f"The copy of {file.name} did not add up ({name}: {added} written, {want} "
                "expected), so nothing was kept. The file is unchanged."
            )
    return written


def _consent_versions(
    connection: Connection, table: sa.Table, rows: Iterable[dict[str, Any]], ids: dict[int, int]
) -> int:
    """The consent texts: one the server has (same text, by its hash) is reused; a new
    one gets the server's next version number. Returns how many were new."""
    made = 0
    for row in rows:
        old = row.pop("id")
        same = connection.execute(
            sa.text("SELECT id FROM consent_version WHERE sha256 = :h AND policy = :p"),
            {"h": row["sha256"], "p": row["policy"]},
        ).scalar()
        if same is not None:
            ids[old] = int(same)
            continue
        row["number"] = connection.execute(
            sa.text("SELECT coalesce(max(number), 0) + 1 FROM consent_version")
        ).scalar_one()
        ids[old] = connection.execute(
            table.insert().values(**row).returning(table.c.id)
        ).scalar_one()
        made += 1
    return made


def _count(connection: Connection, table: str) -> int:
    return int(connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
