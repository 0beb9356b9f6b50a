"""Problems the store reports, each with a message meant for the person using the app."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from therapist_desk.errors import UserError

ProblemKind = Literal[
    "not_sqlite",
    "damaged",
    "newer_version",
    "unwritable",
    "folder",
    "encrypted",
    "wrong_passphrase",
]


class DatabaseProblem(UserError):
    """The database file cannot be opened; the file was left exactly as it was.

    ``kind`` says what is wrong, ``path`` which file, and ``latest_backup`` the newest
    backup that could replace it (``None`` when there is none). The GUI offers: restore
    the latest backup, choose another file, or quit; for ``encrypted`` (no passphrase
    given) and ``wrong_passphrase`` it asks for the passphrase instead.
    """

    def __init__(
        self, message: str, *, path: Path, kind: ProblemKind, latest_backup: Path | None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.kind: ProblemKind = kind
        self.latest_backup = latest_backup


class NotFoundError(UserError):
    """A client, participant or intake that does not exist (or was erased)."""


class IntakeCompletedError(UserError):
    """A completed intake is never changed in place; amend it instead."""

    def __init__(self, intake_id: int) -> None:
        super().__init__(
            f"Intake {intake_id} is completed and cannot be changed. "
            "Amend it to make a corrected copy; the original is kept."
        )
        self.intake_id = intake_id


class IntakeNotCompletedError(UserError):
    """The action needs a completed intake (amending, deciding)."""

    def __init__(self, intake_id: int) -> None:
        super().__init__(f"Intake {intake_id} is still a draft; complete it first.")
        self.intake_id = intake_id
