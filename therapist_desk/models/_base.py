"""Shared pieces of the tables: UTC timestamps, naming convention, friendly errors.

Timestamps are timezone-aware UTC in Python. They are stored as naive UTC text in SQLite
(``YYYY-MM-DD HH:MM:SS.ffffff``), so they sort as text and read back as aware UTC, and
as ``timestamptz`` on a PostgreSQL practice server.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

# Named constraints let future batch migrations drop or alter them on SQLite.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A DateTime column that only accepts aware datetimes and returns them in UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """An aware datetime in UTC (naive on SQLite, which keeps no zone); refuse naive ones."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware (UTC)")
        utc = value.astimezone(UTC)
        return utc if getattr(dialect, "name", "") == "postgresql" else utc.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Read a stored timestamp back as aware UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def blank_to_none(value: Any) -> Any:
    """Strip text; an empty or whitespace-only optional field becomes ``None``."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
