"""A database that cannot be opened: restore the latest backup, or choose another file."""

from __future__ import annotations

from pathlib import Path

import pytest
from shiboken6 import isValid
from ui_driver import first_client_name

from therapist_desk import app as app_module
from therapist_desk.models import ClientCreate
from therapist_desk.services import clients
from therapist_desk.services import practice as practice_module
from therapist_desk.store.backup import backup_database


def practice_with_backup(qtbot) -> Path:
    """A practice with one client and a backup of it; the app closed again."""
    window = app_module.start(None)
    qtbot.addWidget(window)
    clients.create_client(
        practice=window.practice,
        data=ClientCreate.model_validate(
            {"kind": "individual", "participants": [{"name": "Ada Byrne"}]}
        ),
    )
    db = window.practice.database.path
    window.close()
    window.practice.database.engine.dispose()
    backup_database(db, reason="manual")
    return db


def make_practice_with_backup(qtbot, home: Path) -> tuple[Path, bytes]:
    db = practice_with_backup(qtbot)
    damaged = b"\x00" * 4096 + b"garbage after a failed disk write"
    db.write_bytes(damaged)
    return db, damaged


def test_restore_the_latest_backup_keeps_the_damaged_file_aside(
    qtbot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, damaged = make_practice_with_backup(qtbot, home)
    seen = []

    def restore(problem):
        seen.append((problem.kind, str(problem)))
        return "restore", problem.latest_backup

    monkeypatch.setattr(app_module, "ask_what_to_do", restore)
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)
    assert seen[0][0] == "not_sqlite" and str(db) in seen[0][1]
    assert first_client_name(window) == "Ada Byrne"
    kept = [p for p in db.parent.iterdir() if p.name.startswith(f"{db.name}.replaced-")]
    assert [p.read_bytes() for p in kept] == [damaged]


def test_choose_another_file_opens_it(
    qtbot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, damaged = make_practice_with_backup(qtbot, home)
    other = tmp_path / "elsewhere" / "practice.sqlite3"
    monkeypatch.setattr(app_module, "ask_what_to_do", lambda problem: ("choose", other))
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)
    assert window.practice.database.path == other
    assert window.stack.currentWidget() is window.rooms.empty_state
    assert db.read_bytes() == damaged


def scribble_over_page(db: Path, page_number: int) -> None:
    """Random bytes over one page, as a failing disk would leave them."""
    import os

    data = bytearray(db.read_bytes())
    page = 4096
    data[(page_number - 1) * page : page_number * page] = os.urandom(page)
    db.write_bytes(bytes(data))


def answer_index_page(db: Path) -> int:
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_answer_participant_id'"
        ).fetchone()
    finally:
        connection.close()
    return root


def test_a_large_practice_opens_at_once_and_damage_found_later_is_offered_a_restore(
    qtbot, home: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    db = practice_with_backup(qtbot)
    scribble_over_page(db, answer_index_page(db))  # a page the client list never reads
    monkeypatch.setattr(practice_module, "CHECK_AT_OPEN_MAX_BYTES", 0)  # treat it as large
    seen = []

    def restore(problem):
        seen.append((problem.kind, str(problem)))
        return "restore", problem.latest_backup

    monkeypatch.setattr(app_module, "ask_what_to_do", restore)
    failures: list[bool] = []
    first = app_module.launch(None, lambda: failures.append(True))
    request.addfinalizer(lambda: isValid(first) and first.close())  # recover() deletes it
    qtbot.waitUntil(lambda: first.attached, timeout=10_000)
    # The list is usable before the check has finished...
    assert first_client_name(first) == "Ada Byrne"
    # ...and the check, on a worker thread, finds the damage and offers the backup.
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen[0][0] == "damaged" and "failed its integrity check" in seen[0][1]
    qtbot.waitUntil(lambda: not isValid(first))  # closed and deleted, its lock with it
    (second,) = app_module._REOPENED
    qtbot.addWidget(second)
    assert second.attached and second.isVisible()
    assert first_client_name(second) == "Ada Byrne"
    kept = [p for p in db.parent.iterdir() if p.name.startswith(f"{db.name}.replaced-")]
    assert len(kept) == 1 and failures == []
    second.close()
    second.practice.database.engine.dispose()
    app_module._REOPENED.clear()
