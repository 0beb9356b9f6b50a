"""A file that leaves the app and its line in the audit trail: both, or neither."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from therapist_desk.models import AuditAction
from therapist_desk.services.practice import Practice
from therapist_desk.store.audit import recording_event
from therapist_desk.store.disk_full import reporting_full_disk


def write_with_event(
    practice: Practice,
    session: Any,
    *,
    path: Path,
    write: Callable[[Path], object],
    client_id: int,
    intake_id: int,
    detail: str,
    what: str,
) -> Path:
    """``write(path)`` (atomic, mode 0600) and its EXPORTED event in one step.

    The event is written first, holding the database's write lock, so a locked or full
    database stops it before any file is written; a file whose event could not be kept
    is removed. ``what`` names the file in a full-disk message.
    """
    written = False
    try:
        with (
            practice.writing("the audit note of this export"),
            recording_event(
                session=session,
                client_id=client_id,
                action=AuditAction.EXPORTED,
                intake_id=intake_id,
                actor=practice.clinician,
                detail=detail,
            ),
            reporting_full_disk(path.parent, what=what),
        ):
            write(path)
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return path
