"""Every file the app keeps in the data folder is the owner's alone, whatever the umask.

Issue 17, item 10: the ``.lock`` file and ``window.ini`` were 0644; a database that already
existed kept 0644, and its WAL inherited it. (What the window writes is checked in
tests/ui/test_window_file_modes.py.)
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from therapist_desk.store.database import open_database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def lax_umask() -> Iterator[None]:
    """The usual desktop umask, 022, under which new files are readable by everyone."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_a_database_made_readable_by_others_is_tightened_when_opened(
    tmp_path: Path, lax_umask: None
) -> None:
    db = tmp_path / "practice.sqlite3"
    open_database(db).engine.dispose()
    holder = sqlite3.connect(db)  # keeps the WAL and its index while the file is opened
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE IF NOT EXISTS app_info_extra (k TEXT)")
    holder.commit()
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        path.chmod(0o644)

    database = open_database(db)

    assert [mode(p) for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm"))] == [0o600] * 3
    database.engine.dispose()
    holder.close()
