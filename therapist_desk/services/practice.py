"""The open practice: its database, the user's settings and the intake catalogue."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.paths import data_dir, default_db_path, ensure_private_dir, settings_path
from therapist_desk.services.errors import reaching_server
from therapist_desk.settings import Settings, load_settings
from therapist_desk.store.database import Database, open_database
from therapist_desk.store.disk_full import reporting_full_disk
from therapist_desk.store.session import new_session

if TYPE_CHECKING:
    from therapist_desk.intake.catalogue import Catalogue
    from therapist_desk.store.server import ServerAddress

UNNAMED_CLINICIAN = "Clinician"
CHECK_AT_OPEN_MAX_BYTES = 64 * 1024 * 1024
"""Up to this size the integrity check runs while opening (under 0.2 s); a larger
practice opens at once and the app checks it on a worker just after."""


class Practice:
    """One open database with the settings and the catalogue every operation reads.

    ``catalogue`` is always the catalogue as this practice asks it (`catalogue_as_asked`:
    ``shipped_catalogue`` with the settings' choices of what is asked alone); one passed
    in stands for the installed one. An intake is read as it was put (`catalogue_for`).
    ``integrity_checked`` is False while a large database's quick integrity check has
    not run yet (the app runs it just after its window opens). Without a catalogue the
    shipped one is read the first time it is asked for: the client list does not need
    it, so the window shows the list without waiting for it.
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
        self._catalogue: Catalogue | None = None  # made from the shipped one when asked
        self._shipped = shipped_catalogue or catalogue
        self._reading = threading.Lock()  # a worker and the UI thread may both ask

    @property
    def shipped_catalogue(self) -> Catalogue:
        """The catalogue as installed, before the practice's choices (what is asked
        alone); read the first time it is needed (a damaged one is a `UserError`)."""
        with self._reading:
            if self._shipped is None:
                self._shipped = load_shipped_catalogue()
            return self._shipped

    @shipped_catalogue.setter
    def shipped_catalogue(self, catalogue: Catalogue) -> None:
        with self._reading:
            self._shipped, self._catalogue = catalogue, None

    @property
    def catalogue(self) -> Catalogue:
        """The intake catalogue as this practice asks it (`catalogue_as_asked`)."""
        shipped = self.shipped_catalogue
        with self._reading:
            if self._catalogue is None:
                self._catalogue = catalogue_as_asked(self.settings, shipped)
            return self._catalogue

    def __post_init__(self) -> None:
        self.use_settings(self.settings)

    @property
    def clinician(self) -> str:
        """Who is recorded as acting: the clinician named in the settings."""
        return self.settings.clinician_name or UNNAMED_CLINICIAN

    @property
    def folder(self) -> Path:
        """The folder that holds the database (named in every full-disk message); on a
        practice server, the data folder (settings, drafts: what this computer keeps)."""
        if self.database.path is None:
            return data_dir()
        return self.database.path.parent

    @property
    def files_anchor(self) -> Path:
        """What the files this computer keeps for the practice (email drafts) are named
        after: the database file, or on a practice server a name in the data folder."""
        return self.database.path or server_files_anchor()

    @property
    def on_server(self) -> bool:
        """Whether the database is a practice server's (several clinicians, one server)."""
        return self.database.server is not None

    def session(self) -> Session:
        """A new unit of work on the database (use it in a ``with`` block)."""
        return new_session(self.database.engine)

    @contextmanager
    def writing(self, what: str = "your last change") -> Iterator[None]:
        """Report a full disk as a `DiskFullError` that names the folder and ``what``,
        and a practice server lost as `ServerUnavailable`."""
        with reaching_server(), reporting_full_disk(self.folder, what=what):
            yield

    def use_settings(self, settings: Settings) -> None:
        """Take new settings, and the practice's choice of what is asked alone with them
        (the catalogue is made again when next asked for)."""
        _ = self.shipped_catalogue  # kept as installed before the choices change
        with self._reading:
            self.settings, self._catalogue = settings, None

    @property
    def shipped(self) -> Catalogue:
        """The catalogue as installed (`shipped_catalogue`)."""
        return self.shipped_catalogue

    def catalogue_for(self, recorded: Mapping[str, bool] | None) -> Catalogue:
        """The catalogue as an intake with these recorded choices was put (`intake_catalogue`)."""
        return intake_catalogue(self.shipped, recorded, self.settings)

    def close(self) -> None:
        """Release the database's connections."""
        self.database.engine.dispose()


def server_files_anchor() -> Path:
    """What this computer's files for a practice server are named after: its email
    drafts, and the lock the window holds while it is open on the server."""
    return data_dir() / "therapist-desk.server"


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
    from therapist_desk.intake.catalogue import with_asked_alone

    return with_asked_alone(base, settings.asked_alone)


def intake_catalogue(
    shipped: Catalogue, recorded: Mapping[str, bool] | None, settings: Settings
) -> Catalogue:
    """The catalogue as one intake was put: what it recorded as asked alone.

    A completed intake's documents and results read it, so a later change of Settings ›
    The room changes nothing they show. An intake that recorded nothing (from before the
    choices were kept) is read as the more private of ``shipped`` and today's settings.
    """
    from therapist_desk.intake.catalogue import as_recorded

    return as_recorded(shipped, recorded, settings.asked_alone)


def open_practice(
    db_path: Path | None = None,
    *,
    key: str | None = None,
    check_integrity: bool | None = None,
    catalogue: Catalogue | None = None,
    server: ServerAddress | None = None,
    password: str | None = None,
) -> Practice:
    """Open (creating on first run) the data folder, the settings and the database.

    ``key`` is the passphrase of an encrypted database. ``check_integrity`` None checks
    small files now and leaves large ones to be checked later (``integrity_checked``).
    Without a ``catalogue`` the shipped one is read on first use (`Practice.catalogue`).
    With ``server`` the database is the practice server's, reached as its user with
    ``password`` (`store.database.open_server_database`), and ``db_path`` is not used.
    Raises `DatabaseProblem` (a `UserError`) for a database file that cannot be opened,
    `ServerProblem` for a server that cannot be used.
    """
    ensure_private_dir(data_dir())
    settings = load_settings()
    if server is not None:
        from therapist_desk.store.database import open_server_database

        return Practice(
            database=open_server_database(server, password),
            settings=settings,
            settings_path=settings_path(),
            shipped_catalogue=catalogue,
        )
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
