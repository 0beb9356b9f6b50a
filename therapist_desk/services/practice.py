"""The open practice: its database, the user's settings and the intake catalogue."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.paths import data_dir, default_db_path, ensure_private_dir, settings_path
from therapist_desk.settings import Settings, load_settings
from therapist_desk.store.database import Database, open_database
from therapist_desk.store.disk_full import reporting_full_disk
from therapist_desk.store.session import new_session

if TYPE_CHECKING:
    from therapist_desk.intake.catalogue import Catalogue

UNNAMED_CLINICIAN = "Clinician"
CHECK_AT_OPEN_MAX_BYTES = 64 * 1024 * 1024
"""Up to this size the integrity check runs while opening (under 0.2 s); a larger
practice opens at once and the app checks it on a worker just after."""


class Practice:
    """One open database with the settings and the catalogue every operation reads.

    ``integrity_checked`` is False while a large database's quick integrity check has
    not run yet (the app runs it just after its window opens). Without a ``catalogue``
    the shipped one is read the first time it is asked for: the client list does not
    need it, so the window shows the list without waiting for it.
    """

    def __init__(
        self,
        *,
        database: Database,
        settings: Settings,
        settings_path: Path,
        catalogue: Catalogue | None = None,
        integrity_checked: bool = True,
        shipped_catalogue: Catalogue | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.settings_path = settings_path
        self.integrity_checked = integrity_checked
        self._catalogue = catalogue
        self._shipped = shipped_catalogue
        self._reading = threading.Lock()  # a worker and the UI thread may both ask

    @property
    def shipped_catalogue(self) -> Catalogue:
        """The catalogue as installed, before the practice's choices (what is asked
        alone); read the first time it is needed (a damaged one is a `UserError`)."""
        with self._reading:
            if self._shipped is None:
                self._shipped = self._catalogue or load_shipped_catalogue()
            return self._shipped

    @property
    def catalogue(self) -> Catalogue:
        """The intake catalogue with the practice's choices of what is asked alone."""
        from therapist_desk.intake.catalogue import with_asked_alone

        shipped = self.shipped_catalogue
        with self._reading:
            if self._catalogue is None:
                self._catalogue = with_asked_alone(shipped, self.settings.asked_alone)
            return self._catalogue

    @catalogue.setter
    def catalogue(self, catalogue: Catalogue) -> None:
        with self._reading:
            self._catalogue = catalogue

    @property
    def clinician(self) -> str:
        """Who is recorded as acting: the clinician named in the settings."""
        return self.settings.clinician_name or UNNAMED_CLINICIAN

    @property
    def folder(self) -> Path:
        """The folder that holds the database (named in every full-disk message)."""
        return self.database.path.parent

    def session(self) -> Session:
        """A new unit of work on the database (use it in a ``with`` block)."""
        return new_session(self.database.engine)

    def writing(self, what: str = "your last change") -> AbstractContextManager[None]:
        """Report a full disk as a `DiskFullError` that names the folder and ``what``."""
        return reporting_full_disk(self.folder, what=what)

    def use_settings(self, settings: Settings) -> None:
        """Take new settings, and the practice's choice of what is asked alone with them
        (the catalogue is made again when next asked for)."""
        _ = self.shipped_catalogue  # kept as installed before the choices change
        with self._reading:
            self.settings, self._catalogue = settings, None

    def close(self) -> None:
        """Release the database's connections."""
        self.database.engine.dispose()


def load_shipped_catalogue() -> Catalogue:
    """The installed intake catalogue; a damaged one is a `UserError` naming the file."""
    from therapist_desk.intake import IntakeError, load_catalogue

    try:
        return load_catalogue()
    except IntakeError as err:
        raise UserError(str(err)) from None


def open_practice(
    db_path: Path | None = None,
    *,
    key: str | None = None,
    check_integrity: bool | None = None,
    catalogue: Catalogue | None = None,
) -> Practice:
    """Open (creating on first run) the data folder, the settings and the database.

    ``key`` is the passphrase of an encrypted database. ``check_integrity`` None checks
    small files now and leaves large ones to be checked later (``integrity_checked``).
    Without a ``catalogue`` the shipped one is read on first use (`Practice.catalogue`).
    Raises `DatabaseProblem` (a `UserError`) for a database that cannot be opened.
    """
    ensure_private_dir(data_dir())
    settings = load_settings()
    path = db_path or default_db_path()
    if check_integrity is None:
        check_integrity = not path.is_file() or path.stat().st_size <= CHECK_AT_OPEN_MAX_BYTES
    database = open_database(
        path, key=key, keep_backups=settings.backup_count, check_integrity=check_integrity
    )
    return Practice(
        database=database,
        settings=settings,
        settings_path=settings_path(),
        integrity_checked=check_integrity,
        shipped_catalogue=catalogue,
    )
