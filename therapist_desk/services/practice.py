"""The open practice: its database, the user's settings and the intake catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.intake.catalogue import Catalogue, as_recorded, with_asked_alone
from therapist_desk.paths import data_dir, default_db_path, ensure_private_dir, settings_path
from therapist_desk.settings import Settings, load_settings
from therapist_desk.store.database import Database, open_database
from therapist_desk.store.disk_full import reporting_full_disk
from therapist_desk.store.session import new_session

UNNAMED_CLINICIAN = "Clinician"
CHECK_AT_OPEN_MAX_BYTES = 64 * 1024 * 1024
"""Up to this size the integrity check runs while opening (under 0.2 s); a larger
practice opens at once and the app checks it on a worker just after."""


@dataclass
class Practice:
    """One open database with the settings and the catalogue every operation reads.

    ``catalogue`` is always the catalogue as this practice asks it (`catalogue_as_asked`:
    ``shipped_catalogue`` with the settings' choices of what is asked alone), whatever
    was passed; an intake is read as it was put (`catalogue_for`).
    ``integrity_checked`` is False while a large database's quick integrity check has
    not run yet (the app runs it just after its window opens).
    """

    database: Database
    settings: Settings
    settings_path: Path
    catalogue: Catalogue
    integrity_checked: bool = True
    shipped_catalogue: Catalogue | None = None
    """The catalogue as installed, before the practice's choices (what is asked alone)."""

    def __post_init__(self) -> None:
        self.use_settings(self.settings)

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
        """Take new settings, and the practice's choice of what is asked alone with them."""
        base = self.shipped_catalogue or self.catalogue
        self.shipped_catalogue = base
        self.catalogue = catalogue_as_asked(settings, base)
        self.settings = settings

    @property
    def shipped(self) -> Catalogue:
        """The catalogue as installed (``shipped_catalogue``, set once the practice is made)."""
        return self.shipped_catalogue or self.catalogue

    def catalogue_for(self, recorded: Mapping[str, bool] | None) -> Catalogue:
        """The catalogue as an intake with these recorded choices was put (`intake_catalogue`)."""
        return intake_catalogue(self.shipped, recorded, self.settings)

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


def catalogue_as_asked(settings: Settings, shipped: Catalogue | None = None) -> Catalogue:
    """The catalogue as this practice asks it: ``shipped`` (default: the installed one)
    with the choices of Settings › The room of which sections are asked alone.

    The one place the window and every command get the catalogue they put questions,
    documents and ``--client-safe`` views by. A private section is always asked alone.
    """
    base = shipped if shipped is not None else load_shipped_catalogue()
    return with_asked_alone(base, settings.asked_alone)


def intake_catalogue(
    shipped: Catalogue, recorded: Mapping[str, bool] | None, settings: Settings
) -> Catalogue:
    """The catalogue as one intake was put: what it recorded as asked alone.

    A completed intake's documents and results read it, so a later change of Settings ›
    The room changes nothing they show. An intake that recorded nothing (from before the
    choices were kept) is read as the more private of ``shipped`` and today's settings.
    """
    return as_recorded(shipped, recorded, settings.asked_alone)


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
    Raises `DatabaseProblem` (a `UserError`) for a database that cannot be opened.
    """
    ensure_private_dir(data_dir())
    settings = load_settings()
    shipped = catalogue or load_shipped_catalogue()
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
        catalogue=catalogue_as_asked(settings, shipped),
        integrity_checked=check_integrity,
        shipped_catalogue=shipped,
    )
