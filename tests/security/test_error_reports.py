"""Unexpected errors are reported calmly, and never quote what a client said."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from therapist_desk import app as app_module
from therapist_desk.cli import report_unexpected
from therapist_desk.store.database import open_database

NAME = "Wilhelmina Quorndon-Azikiwe"


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning",
        lambda parent, title, text: shown.append(text),
    )
    return shown


def test_an_unexpected_error_in_the_app_shows_no_data(qapp, dialogs, capsys) -> None:
    try:
        raise ValueError(f"could not parse the notes of {NAME}")
    except ValueError as err:
        app_module.report_unexpected_error(ValueError, err, err.__traceback__)
    err_text = capsys.readouterr().err
    assert dialogs == [
        "Something went wrong (ValueError). Everything saved before is safe. "
        "If it happens again, note what you were doing and report it."
    ]
    assert NAME not in err_text and "Traceback" not in err_text
    assert err_text.startswith("therapist-desk: error: Something went wrong (ValueError)")


def test_a_full_disk_is_named_as_such(qapp, dialogs, capsys) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    app_module.report_unexpected_error(OSError, full, None)
    assert "is full" in dialogs[0] and "Free some space" in dialogs[0]


def test_the_cli_reports_an_unexpected_error_in_one_line(capsys, monkeypatch) -> None:
    monkeypatch.delenv("THERAPIST_DESK_DEBUG", raising=False)
    assert report_unexpected(RuntimeError(f"row for {NAME}")) == 1
    err_text = capsys.readouterr().err
    assert err_text.count("\n") == 1 and NAME not in err_text
    assert "something went wrong (RuntimeError)" in err_text
    assert report_unexpected(OSError(errno.ENOSPC, "No space left on device")) == 2


def test_database_errors_do_not_quote_their_parameters(tmp_path: Path) -> None:
    database = open_database(tmp_path / "data" / "practice.sqlite3")
    with pytest.raises(OperationalError) as caught, database.engine.connect() as connection:
        connection.execute(sa.text("SELECT * FROM no_such_table WHERE name = :n"), {"n": NAME})
    assert "no such table" in str(caught.value) and NAME not in str(caught.value)
    database.engine.dispose()


RAISE_IN_THE_EVENT_LOOP = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from therapist_desk import app

QMessageBox.warning = lambda parent, title, text: print("DIALOG:", text)

def launch(db_path, on_failure):
    def boom():
        QTimer.singleShot(0, QApplication.quit)
        raise ValueError("notes of {NAME}")
    QTimer.singleShot(0, boom)

app.launch = launch
sys.exit(app.run_gui(db_path=None))
"""


def test_the_gui_reports_an_error_raised_in_its_event_loop(cli_env: dict[str, str]) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", RAISE_IN_THE_EVENT_LOOP],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "DIALOG: Something went wrong (ValueError)" in done.stdout
    assert "therapist-desk: error: Something went wrong (ValueError)" in done.stderr
    assert NAME not in done.stderr + done.stdout and "Traceback" not in done.stderr
