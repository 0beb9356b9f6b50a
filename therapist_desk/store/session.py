"""Sessions: one unit of work at a time, committed or rolled back as a whole."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session


def new_session(engine: Engine) -> Session:
    """A session whose objects stay readable after commit (the UI keeps them)."""
    return Session(engine, expire_on_commit=False)
