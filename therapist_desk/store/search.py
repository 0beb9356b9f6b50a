"""Client search: normalised keys, and the page query the client list runs per keystroke.

Partial, case- and accent-insensitive: every client stores a normalised ``search_key``
and a search is a ``LIKE`` on it. `search_lines` is the hot path of the search box: one
SQL statement on a pooled DB-API connection, plain tuples out (no ORM, no validation),
so a keystroke costs little more than the query itself (docs/benchmarks.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Engine

from therapist_desk.store.sql_style import in_style

LIKE_ESCAPE = "\\"
# Letters that Unicode does not decompose into a base letter plus an accent.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ı": "i"})


def normalise(text: str) -> str:
    """Casefold ``text`` and strip accents: "Moréau" → "moreau", "Straße" → "strasse".

    Letters without a decomposition are folded too ("Økland" → "okland"). Whitespace
    runs become single spaces. Changing this function means recomputing every stored
    ``search_key`` in a migration.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD)
    return " ".join(unicodedata.normalize("NFKC", stripped).split())


def search_key(names: Iterable[str | None]) -> str:
    """The search key of a client: every name and preferred name, normalised, ``|``-joined."""
    parts = [normalise(name) for name in names if name and name.strip()]
    return "|".join(dict.fromkeys(parts))


def like_pattern(query: str) -> str | None:
    """A ``LIKE`` pattern matching ``query`` anywhere in a key, or ``None`` for "all".

    ``%`` and ``_`` typed by the user are matched literally (escaped with ``\\``).
    """
    needle = normalise(query)
    if not needle:
        return None
    for special in (LIKE_ESCAPE, "%", "_"):
        needle = needle.replace(special, LIKE_ESCAPE + special)
    return f"%{needle}%"


def display_name(names: Iterable[str]) -> str:
    """How a client is listed: the participants' names joined with " & "."""
    return " & ".join(name.strip() for name in names)


class ClientLine(NamedTuple):
    """One line of the client list: the fields of `ClientSummary` the list shows."""

    id: int
    kind: str  # a `IntakeKind` value: "individual" or "couple"
    display_name: str
    last_activity_at: datetime  # aware, UTC
    archived: bool


@cache
def _where(matching: bool, include_archived: bool) -> str:
    conditions = ["search_key LIKE ? ESCAPE '\\'"] if matching else []
    if not include_archived:
        conditions.append("archived_at IS NULL")
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


@cache
def page_sql(matching: bool, include_archived: bool) -> str:
    """The SELECT of one page of `search_lines` (``?`` placeholders: the pattern if
    ``matching``, then LIMIT and OFFSET): benchmarks and plans read it from here."""
    return (
        "SELECT id, kind, display_name, last_activity_at, archived_at IS NOT NULL FROM client"
        f"{_where(matching, include_archived)} ORDER BY last_activity_at DESC, id DESC"
        " LIMIT ? OFFSET ?"
    )


def _fetch(engine: Engine, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
    """Rows of one statement on a pooled DB-API connection, outside any transaction.

    On a practice server the statement is the same (row security narrows it to the
    connected clinician's clients, read through the index of their clients: 0012); only
    the placeholders are psycopg's, and it runs in autocommit: one statement is its own
    snapshot, and neither BEGIN nor COMMIT goes to the server (two round trips of the
    four a keystroke took; docs/benchmarks.md). The connection goes back to the pool as
    it came, or is dropped if it cannot be.
    """
    connection = engine.raw_connection()
    driver = connection.driver_connection if engine.dialect.name == "postgresql" else None
    try:
        if driver is not None:
            driver.autocommit = True
        cursor = connection.cursor()
        try:
            cursor.execute(in_style(sql, engine.dialect.paramstyle), params)
            return list(cursor.fetchall())
        finally:
            cursor.close()
    finally:
        if driver is not None:
            try:
                driver.autocommit = False  # sessions get it in transactions, as ever
            except Exception:
                connection.invalidate()  # a broken connection: the pool makes a new one
        connection.close()  # back to the pool


def _aware(value: datetime | str) -> datetime:
    """A stored timestamp as aware UTC: SQLite hands back text, a server a datetime."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.astimezone(UTC)


def search_lines(
    *,
    engine: Engine,
    query: str = "",
    include_archived: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[ClientLine]:
    """One page of clients whose names contain ``query``, most recent activity first.

    The same clients, order and paging as `store.clients.search_clients` (partial, case-
    and accent-insensitive; archived clients only with ``include_archived``), read in one
    statement on a pooled connection, outside any transaction.
    """
    pattern = like_pattern(query)
    params = (limit, offset) if pattern is None else (pattern, limit, offset)
    rows = _fetch(engine, page_sql(pattern is not None, include_archived), params)
    return [
        ClientLine(id_, kind, name, _aware(when), bool(archived))
        for id_, kind, name, when, archived in rows
    ]


def count_lines(*, engine: Engine, query: str = "", include_archived: bool = False) -> int:
    """How many clients `search_lines` pages through: `store.clients.count_clients`, in
    one statement on a pooled connection (no session, no models)."""
    pattern = like_pattern(query)
    sql = f"SELECT count(*) FROM client{_where(pattern is not None, include_archived)}"
    ((count,),) = _fetch(engine, sql, () if pattern is None else (pattern,))
    return int(count)
