"""Writing many clients at once on a practice server: a few statements per batch.

`add_clients_on_server` is `store.bulk.add_clients` on PostgreSQL. For each batch of
clients it takes the new rows' ids from the tables' own sequences (one statement per
table), then writes each table in one ``INSERT … SELECT FROM unnest(…)`` of column
arrays: no round trip per row. ``COPY FROM`` would be quicker still, but PostgreSQL
refuses it on a table under row-level security, which every client table is, for its
owner too (``FORCE ROW LEVEL SECURITY``); these INSERTs are checked by the policies and
the triggers as any other write. Intakes are written as drafts, then their answers, then
marked completed: the server refuses answers to a completed intake.

The arrays go as binary parameters (psycopg's ``%b``): in the text form psycopg quotes
every element of an array in Python, which for the recommendation records (JSON, 10 kB,
full of quotes) took about 200 times as long as the binary form, and longer than the
server took to write them. So this module's SQL is psycopg's, not `sql_style`'s ``?``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any

from sqlalchemy import Engine

from therapist_desk.store.bulk import BulkClient, Prepared, prepare, snapshots_json, value_json

BATCH = 250
"""Clients per batch: about 40,000 answers, one statement for all of them."""

_INT, _TEXT, _TIME, _DATE = "int", "text", "timestamptz", "date"
#: Every table written, in the order written (parents first), with its columns' types.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "client": (
        ("id", _INT), ("kind", _TEXT), ("reference", _TEXT), ("display_name", _TEXT),
        ("search_key", _TEXT), ("created_at", _TIME), ("last_activity_at", _TIME),
        ("archived_at", _TIME), ("assigned_to", _TEXT),
    ),
    "participant": (
        ("id", _INT), ("client_id", _INT), ("position", _INT), ("name", _TEXT),
        ("preferred_name", _TEXT), ("date_of_birth", _DATE), ("pronouns", _TEXT),
        ("email", _TEXT), ("phone", _TEXT), ("notes", _TEXT),
    ),
    "intake": (
        ("id", _INT), ("client_id", _INT), ("date", _DATE), ("clinician", _TEXT),
        ("mode", _TEXT), ("catalogue_version", _TEXT), ("ruleset_version", _TEXT),
        ("status", _TEXT), ("created_at", _TIME), ("updated_at", _TIME),
    ),
    "answer": (
        ("intake_id", _INT), ("participant_id", _INT), ("item_id", _TEXT),
        ("value_json", _TEXT), ("answered_at", _TIME),
    ),
    "score_snapshot": (
        ("intake_id", _INT), ("catalogue_version", _TEXT), ("scores_json", _TEXT),
        ("taken_at", _TIME),
    ),
    "recommendation_snapshot": (
        ("intake_id", _INT), ("ruleset_version", _TEXT), ("recommendation_json", _TEXT),
        ("taken_at", _TIME),
    ),
    "audit_event": (
        ("client_ref", _TEXT), ("intake_id", _INT), ("action", _TEXT), ("at", _TIME),
        ("actor", _TEXT),
    ),
}  # fmt: skip
_IDS = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
_COMPLETE = (
    "UPDATE intake SET status = 'completed', completed_at = done.at"
    " FROM unnest(%b::int[], %b::timestamptz[]) AS done (id, at) WHERE intake.id = done.id"
)

Rows = dict[str, list[tuple[Any, ...]]]


@cache
def insert_sql(table: str) -> str:
    """One INSERT of ``table`` taking a whole array per column (binary parameters)."""
    names = ", ".join(name for name, _ in COLUMNS[table])
    arrays = ", ".join(f"%b::{kind}[]" for _, kind in COLUMNS[table])
    return f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays})"


def _ids(cur: Any, table: str, count: int) -> Iterator[int]:
    if not count:
        return iter(())
    return (int(row[0]) for row in cur.execute(_IDS, (table, count)).fetchall())


def batch_rows(cur: Any, batch: list[Prepared], actor: str) -> tuple[Rows, list[tuple]]:
    """The rows of every table for ``batch``, with ids taken from the sequences, and the
    (intake id, completed at) of the intakes to mark completed once their answers are in."""
    rows: Rows = {table: [] for table in COLUMNS}
    client_ids = _ids(cur, "client", len(batch))
    person_ids = _ids(cur, "participant", sum(len(p.people) for p in batch))
    intake_ids = _ids(cur, "intake", sum(len(p.client.intakes) for p in batch))
    completed: list[tuple] = []
    for prepared in batch:
        c, client_id = prepared.client, next(client_ids)
        rows["client"].append(
            (client_id, c.kind, c.reference, prepared.display_name, prepared.search_key,
             c.created_at, prepared.last_activity_at, c.archived_at, c.assigned_to)
        )  # fmt: skip
        ids = []
        for position, p in enumerate(prepared.people, start=1):
            ids.append(next(person_ids))
            rows["participant"].append(
                (ids[-1], client_id, position, p.name, p.preferred_name, p.date_of_birth,
                 p.pronouns, p.email, p.phone, p.notes)
            )  # fmt: skip
        rows["audit_event"].append((c.reference, None, "created", c.created_at, actor))
        for i in c.intakes:
            intake_id = next(intake_ids)
            rows["intake"].append(
                (intake_id, client_id, i.date, i.clinician, i.mode, i.catalogue_version,
                 i.ruleset_version, "draft", i.at, i.at)
            )  # fmt: skip
            rows["answer"] += [
                (intake_id, None if pos is None else ids[pos - 1], item, value_json(v), i.at)
                for pos, item, v in i.answers
            ]
            if i.recommendation is None:
                continue
            rec, scores = snapshots_json(i.recommendation)
            completed.append((intake_id, i.at))
            rows["score_snapshot"].append((intake_id, i.catalogue_version, scores, i.at))
            rows["recommendation_snapshot"].append((intake_id, i.ruleset_version, rec, i.at))
            rows["audit_event"].append((c.reference, intake_id, "completed", i.at, i.clinician))
        if c.archived_at is not None:
            rows["audit_event"].append((c.reference, None, "archived", c.archived_at, actor))
    return rows, completed


def _insert(cur: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        cur.execute(insert_sql(table), [list(column) for column in zip(*rows, strict=True)])


def write_batch(cur: Any, batch: list[Prepared], actor: str) -> None:
    """Write ``batch`` in the transaction of ``cur``: each table in one statement."""
    rows, completed = batch_rows(cur, batch, actor)
    for table in ("client", "participant", "intake", "answer"):
        _insert(cur, table, rows[table])
    if completed:
        cur.execute(_COMPLETE, [list(column) for column in zip(*completed, strict=True)])
    for table in ("score_snapshot", "recommendation_snapshot", "audit_event"):
        _insert(cur, table, rows[table])


def add_clients_on_server(*, engine: Engine, clients: Iterable[BulkClient], actor: str) -> int:
    """`store.bulk.add_clients` on a practice server: one transaction (all or none),
    ``BATCH`` clients at a time; returns how many were written."""
    count = 0
    items = iter(clients)
    with engine.begin() as connection:
        cur = connection.connection.cursor()  # psycopg's own: its %b placeholders
        try:
            while batch := [prepare(client) for client in islice(items, BATCH)]:
                write_batch(cur, batch, actor)
                count += len(batch)
        finally:
            cur.close()
    return count
