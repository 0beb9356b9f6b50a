"""A database that cannot be opened: restore the latest backup, or choose another file."""

from __future__ import annotations

from pathlib import Path

import pytest

from therapist_desk import app as app_module
from therapist_desk.models import ClientCreate
from therapist_desk.store.backup import backup_database


def make_practice_with_backup(qtbot, home: Path) -> tuple[Path, bytes]:
    window = app_module.start(None)
    qtbot.addWidget(window)
    window.backend.create_client(
        ClientCreate.model_validate({"kind": "individual", "participants": [{"name": "Ada Byrne"}]})
    )
    db = window.context.database.path
    window.close()
    window.context.database.engine.dispose()
    backup_database(db, reason="manual")
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
    assert window.backend.search("", False, 10, 0)[0].display_name == "Ada Byrne"
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
    assert window.context.database.path == other
    assert window.stack.currentWidget() is window.empty_state
    assert db.read_bytes() == damaged
