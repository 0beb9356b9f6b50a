"""Where Therapist Desk keeps its files.

One environment variable, ``THERAPIST_DESK_HOME``, moves everything (tests use it);
``--db PATH`` on the command line moves only the database file.
"""

from __future__ import annotations

import os
from pathlib import Path

from therapist_desk.errors import UserError

HOME_ENV = "THERAPIST_DESK_HOME"
DB_FILENAME = "therapist-desk.sqlite3"
SETTINGS_FILENAME = "settings.json"
BACKUP_DIRNAME = "backups"
DIR_MODE = 0o700
FILE_MODE = 0o600


def private_umask() -> None:
    """Make every file and folder this process creates private (0600/0700) by default.

    Files the app writes itself are given their mode explicitly; this covers the ones
    libraries write (Qt's ``window.ini``, SQLite's side files of a new database).
    """
    os.umask(0o077)


def data_dir() -> Path:
    """The data folder: ``$THERAPIST_DESK_HOME`` if set, else the platform's user data dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir  # not before the window's first paint

    return Path(user_data_dir("therapist-desk", appauthor=False))


def default_db_path() -> Path:
    """The database file inside the data folder."""
    return data_dir() / DB_FILENAME


def settings_path() -> Path:
    """The settings file inside the data folder."""
    return data_dir() / SETTINGS_FILENAME


def backup_dir(db_path: Path) -> Path:
    """Backups of a database live in a ``backups`` folder beside it."""
    return db_path.parent / BACKUP_DIRNAME


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only; explain failures.

    A folder that already exists is used as it is; one we create is mode 0700.
    """
    if path.exists() and not path.is_dir():
        raise UserError(f"Cannot use {path} as a data folder: it is a file, not a folder.")
    created = not path.exists()
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except PermissionError:
        raise UserError(
            f"Cannot create the data folder {path}: permission denied. "
            f"Choose a folder you can write to (set {HOME_ENV})."
        ) from None
    except OSError as err:
        raise UserError(
            f"Cannot create the data folder {path}: {err.strerror or err}. "
            f"Choose another folder (set {HOME_ENV})."
        ) from None
    if created:
        path.chmod(DIR_MODE)  # mkdir's mode is filtered by the umask
    return path
