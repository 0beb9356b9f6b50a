"""First and second start of the desktop app, and the start-up problems a user can fix."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from therapist_desk import app as app_module
from therapist_desk.store.migrate import head_revision
from therapist_desk.ui.shell.about import about_text


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def startup_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages shown at start; a database problem is answered with "Quit"."""
    shown: list[str] = []
    monkeypatch.setattr(app_module, "show_startup_error", shown.append)

    def quit_choice(problem):
        shown.append(str(problem))
        return "quit", None

    monkeypatch.setattr(app_module, "ask_what_to_do", quit_choice)
    return shown


def test_first_start_creates_private_folder_and_database(qtbot, home: Path) -> None:
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)
    db = home / "therapist-desk.sqlite3"
    assert mode(home) == 0o700
    assert mode(db) == 0o600
    with sqlite3.connect(db) as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == head_revision()


def test_main_window_shows_title_icon_and_an_invitation(qtbot) -> None:
    window = app_module.start(None)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Therapist Desk"
    assert not window.windowIcon().isNull()
    assert window.stack.currentWidget() is window.rooms.empty_state
    assert window.rooms.empty_state.title.text() == "No clients yet"
    assert window.rooms.empty_state.button.text() == "Add your first client…"
    assert window.rooms.empty_state.button.isVisible()


def test_about_names_version_database_and_licence(qtbot, home: Path) -> None:
    window = app_module.start(None)
    qtbot.addWidget(window)
    text = about_text(window.practice.database.path)
    assert "0.1.0" in text
    assert str(home / "therapist-desk.sqlite3") in text
    assert "MIT" in text


def test_second_start_reuses_the_same_database(qtbot, home: Path) -> None:
    first = app_module.start(None)
    qtbot.addWidget(first)
    db = home / "therapist-desk.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO app_info (key, value) VALUES ('marker', 'kept')")
    first.close()  # the first app quits before the second starts
    first.practice.database.engine.dispose()
    inode = db.stat().st_ino
    second = app_module.start(None)
    qtbot.addWidget(second)
    assert db.stat().st_ino == inode
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM app_info WHERE key='marker'").fetchone() == ("kept",)
    assert list((home).glob("backups/*")) == []  # nothing to migrate, nothing copied


def test_db_pointing_at_a_folder(qtbot, tmp_path: Path, startup_errors: list[str]) -> None:
    assert app_module.start(tmp_path) is None
    assert startup_errors == [
        f"Cannot use {tmp_path} as the database: it is a folder. Give the path of a database "
        f"file, for example {tmp_path / 'therapist-desk.sqlite3'}."
    ]


def test_db_that_is_not_sqlite(qtbot, tmp_path: Path, startup_errors: list[str]) -> None:
    bogus = tmp_path / "clients.sqlite3"
    bogus.write_bytes(b"PK\x03\x04 a zip file, not a database" * 50)
    before = bogus.read_bytes()
    assert app_module.start(bogus) is None
    assert len(startup_errors) == 1
    assert f"{bogus} is not a Therapist Desk database" in startup_errors[0]
    assert bogus.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.sqlite3"]


def test_home_that_cannot_be_created(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, startup_errors: list[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("THERAPIST_DESK_HOME", str(blocker / "home"))
    assert app_module.start(None) is None
    assert len(startup_errors) == 1
    assert f"Cannot create the data folder {blocker / 'home'}" in startup_errors[0]
    assert "THERAPIST_DESK_HOME" in startup_errors[0]


def test_a_second_window_on_the_same_database_is_refused(
    qtbot, home: Path, startup_errors: list[str]
) -> None:
    first = app_module.start(None)
    qtbot.addWidget(first)
    db = home / "therapist-desk.sqlite3"
    assert app_module.start(None) is None
    assert len(startup_errors) == 1
    assert startup_errors[0].startswith(f"Therapist Desk is already open on {db} (process ")
    first.close()
    third = app_module.start(None)
    assert third is not None
    qtbot.addWidget(third)


def test_a_lock_left_by_a_killed_app_does_not_block(qtbot, home: Path) -> None:
    home.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    lock = home / "therapist-desk.sqlite3.lock"
    lock.write_text(f"{dead}\ntherapist-desk\n{os.uname().nodename}\n", encoding="utf-8")
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)


def test_the_window_paints_before_the_database_is_opened(
    qtbot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_when_opening: list[list[str]] = []
    open_the_practice = app_module.open_the_practice

    def opening(db_path: Path | None):  # type: ignore[no-untyped-def]
        on_screen = window.opening.findChildren(QLabel)
        seen_when_opening.append([label.text() for label in on_screen if label.isVisible()])
        return open_the_practice(db_path)

    monkeypatch.setattr(app_module, "open_the_practice", opening)
    failures: list[bool] = []
    window = app_module.launch(None, lambda: failures.append(True))
    qtbot.addWidget(window)
    # Shown at once; nothing of the practice opened yet.
    assert window.isVisible() and not window.attached
    assert window.stack.currentWidget() is window.opening
    assert not (home / "therapist-desk.sqlite3").exists()

    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    # While the practice was opened, the window said so.
    assert seen_when_opening == [["Opening your practice…"]]
    assert window.stack.currentWidget() is window.rooms.empty_state
    assert (home / "therapist-desk.sqlite3").is_file() and failures == []
    window.close()
    window.practice.database.engine.dispose()


def test_a_launch_that_cannot_open_the_database_reports_failure(
    qtbot, home: Path, tmp_path: Path, startup_errors: list[str]
) -> None:
    failures: list[bool] = []
    window = app_module.launch(tmp_path, lambda: failures.append(True))  # a folder
    qtbot.waitUntil(lambda: failures == [True], timeout=10_000)
    assert not window.isVisible() and not window.attached
    assert "it is a folder" in startup_errors[0]
