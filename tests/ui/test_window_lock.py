"""The window and every command that writes share one lock: nobody writes under another.

Issue 17, item 2: with the window open, `restore` exited 0 and the window went on saving
answers into the file it had replaced; `import` and `demo` ignored the window too.
(Commands racing each other: tests/cli/test_practice_lock.py.)
"""

from __future__ import annotations

import os
from pathlib import Path

from practice_commands import EXAMPLE, clients, command

from therapist_desk import app as app_module
from therapist_desk.store.backup import backup_database


def test_with_the_window_open_restore_import_and_demo_refuse(
    qtbot, home: Path, cli_env: dict[str, str], tmp_path: Path
) -> None:
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)
    db = home / "therapist-desk.sqlite3"
    backup = backup_database(db, to=tmp_path / "backup.sqlite3")
    refused = (
        f"therapist-desk: error: The database {db} is in use by the Therapist Desk window "
        f"(process {os.getpid()}). Close it or wait for it to finish, then try again. "
        "Nothing was changed.\n"
    )
    runs = [
        command(*args, env=cli_env)
        for args in (["restore", str(backup)], ["import", EXAMPLE], ["demo", "--clients", "2"])
    ]
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert (run.returncode, out, err) == (2, "", refused)
    assert sorted(p.name for p in home.glob("*.replaced-*")) == []
    window.close()
    assert clients(db) == 0

    done = command("import", EXAMPLE, env=cli_env)
    out, err = done.communicate(timeout=60)
    assert (done.returncode, out.strip(), err) == (0, "1", "")


def test_the_window_does_not_open_while_a_command_writes(qtbot, home: Path, monkeypatch) -> None:
    from therapist_desk.store.lock import take_lock

    shown: list[str] = []
    monkeypatch.setattr(app_module, "show_startup_error", shown.append)
    db = home / "therapist-desk.sqlite3"
    with take_lock(db, holder="`therapist-desk import`"):
        assert app_module.start(None) is None
    assert shown == [
        f"Therapist Desk cannot open {db} now: `therapist-desk import` (process {os.getpid()}) "
        "is changing it. Wait for it to finish, then open Therapist Desk again."
    ]
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)
