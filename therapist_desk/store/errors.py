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
    "foreign",
    "locked",
    "busy",
    "unreadable",
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


class PracticeInUse(UserError):
    """Someone else holds the practice lock: the window, or another command that writes.

    ``pid`` and ``holder`` say who (``None`` and "" when the lock file does not say).
    """

    def __init__(self, db_path: Path, *, pid: int | None, holder: str) -> None:
        who = holder or "another program"
        process = f" (process {pid})" if pid is not None else ""
        super().__init__(
            f"The database {db_path} is in use by {who}{process}. Close it or wait for it "
            "to finish, then try again. Nothing was changed."
        )
        self.path = db_path
        self.pid = pid
        self.holder = holder


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
