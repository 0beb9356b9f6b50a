"""Plain SQL written once with ``?`` placeholders, run by either driver.

The hot paths (saving an answer, the search box, the demo's bulk writes) skip the ORM
and hand SQL to the DB-API cursor. sqlite3 takes ``?``; psycopg, on a practice server,
takes ``%s`` (and a literal ``%`` doubled). `cursor` gives a cursor of the connection's
transaction that takes the ``?`` form on both.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def in_style(sql: str, paramstyle: str) -> str:
    """``sql`` written with ``?`` placeholders, in the driver's ``paramstyle``."""
    if paramstyle in ("format", "pyformat"):
        return sql.replace("%", "%%").replace("?", "%s")
    return sql


class Cursor:
    """A DB-API cursor that takes SQL with ``?`` placeholders whatever the driver."""

    __slots__ = ("_cursor", "_style")

    def __init__(self, cursor: Any, paramstyle: str) -> None:
        self._cursor, self._style = cursor, paramstyle

    def execute(self, sql: str, params: Any = ()) -> Any:
        """Run ``sql`` (``?`` placeholders) with ``params``; the cursor, for fetching."""
        self._cursor.execute(in_style(sql, self._style), params)
        return self._cursor

    def executemany(self, sql: str, rows: Any) -> Any:
        """Run ``sql`` once per row of ``rows``."""
        self._cursor.executemany(in_style(sql, self._style), rows)
        return self._cursor


def cursor(connection: Any) -> Cursor:
    """A `Cursor` on a SQLAlchemy ``Connection``'s DB-API connection (its transaction)."""
    return Cursor(connection.connection.cursor(), connection.dialect.paramstyle)
