"""Facts about the database file itself (which app created it, and when)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class AppInfo(SQLModel, table=True):
    """A key/value fact about this database file; holds no client data."""

    __tablename__ = "app_info"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=256)
