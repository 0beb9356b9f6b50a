"""Every file the desktop app writes in the data folder is the owner's alone, whatever the
umask (issue 17, item 10: the ``.lock`` file and ``window.ini`` were 0644)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from therapist_desk import app as app_module


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


def test_every_file_the_window_writes_is_private(qtbot, home: Path, lax_umask: None) -> None:
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)
    lock = home / "therapist-desk.sqlite3.lock"
    assert mode(lock) == 0o600  # while the window is open
    window.close()
    window.practice.database.engine.dispose()

    found = {p.relative_to(home).as_posix(): mode(p) for p in [home, *home.rglob("*")]}
    assert "window.ini" in found and "therapist-desk.sqlite3" in found
    lax = {name: oct(m) for name, m in found.items() if m != (0o700 if name == "." else 0o600)}
    lax = {n: m for n, m in lax.items() if not (Path(home, n).is_dir() and m == "0o700")}
    assert lax == {}
