"""Sessions: one unit of work at a time, committed or rolled back as a whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session


def new_session(engine: Engine) -> Session:
    """A session whose objects stay readable after commit (the UI keeps them)."""
    return Session(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block ends normally and rolls back on error.

    Store command functions commit their own work as they go (an answer is saved when
    it is given); the final commit here only covers anything the block added itself.
    """
    session = new_session(engine)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
