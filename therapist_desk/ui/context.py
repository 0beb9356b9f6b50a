"""What every screen needs from the composition root, as one plain object."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from therapist_desk.settings import Settings
from therapist_desk.store.database import Database


@dataclass
class AppContext:
    """The open database, the user's settings and where the settings live.

    ``integrity_checked`` is False while a large database's quick integrity check has
    not run yet (it runs just after the window opens).
    """

    database: Database
    settings: Settings
    settings_path: Path
    integrity_checked: bool = True
