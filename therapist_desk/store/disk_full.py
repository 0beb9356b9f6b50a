"""A full disk, told in words a person can act on.

SQLite reports a full disk as ``SQLITE_FULL`` ("database or disk is full"), the system
as ``ENOSPC`` (or ``EDQUOT`` when a quota is reached). SQLAlchemy wraps the first, and
code that already turned an error into a `UserError` keeps the original as its context.
`disk_full_error` finds the full disk anywhere in that chain and gives the one message
the app uses for it: which disk, that the last change was not saved, and what to do.
SQLite rolls the failed transaction back, so everything committed before stays intact.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from therapist_desk.errors import UserError

SQLITE_FULL = 13
SQLITE_FULL_TEXT = "database or disk is full"
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class DiskFullError(UserError):
    """The disk is full: nothing of the last change was kept; what was saved before is."""

    def __init__(self, folder: Path | None, *, what: str = "your last change") -> None:
        where = f"The disk holding {folder}" if folder is not None else "The disk"
        super().__init__(
            f"{where} is full: {what} was not saved. "
            "Free some space, then try again; everything saved before is safe."
        )
        self.folder = folder


def _reports_full_disk(err: BaseException) -> bool:
    if isinstance(err, OSError) and err.errno in FULL_ERRNOS:
        return True
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == SQLITE_FULL  # extended codes keep the primary in the low byte
    # SQLCipher's driver has no error codes: SQLite's own text for SQLITE_FULL
    return type(err).__name__ == "OperationalError" and SQLITE_FULL_TEXT in str(err)


def is_disk_full(err: BaseException) -> bool:
    """Whether ``err``, the driver error it wraps, or an error it was raised from is a full disk."""
    pending: list[BaseException | None] = [err]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if _reports_full_disk(current):
            return True
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError
        pending += [
            orig if isinstance(orig, BaseException) else None,
            current.__cause__,
            current.__context__,
        ]
    return False


def disk_full_error(
    err: BaseException, folder: Path | None, *, what: str = "your last change"
) -> DiskFullError | None:
    """The `DiskFullError` to show for ``err``, or ``None`` when the disk is not full."""
    if isinstance(err, DiskFullError):
        return err
    return DiskFullError(folder, what=what) if is_disk_full(err) else None


@contextmanager
def reporting_full_disk(folder: Path | None, *, what: str = "your last change") -> Iterator[None]:
    """Turn a full disk inside the block into `DiskFullError`; other errors pass unchanged."""
    try:
        yield
    except Exception as err:
        full = disk_full_error(err, folder, what=what)
        if full is None or full is err:
            raise
        raise full from None
