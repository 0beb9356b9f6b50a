"""The desktop app reports an unexpected error calmly, and never quotes what a client said.

(The command line's reports are in tests/security/test_error_reports.py.)
"""

from __future__ import annotations

import errno
import subprocess
import sys

import pytest

from therapist_desk import app as app_module

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


RAISE_IN_THE_EVENT_LOOP = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from therapist_desk import app

QMessageBox.warning = lambda parent, title, text: print("DIALOG:", text)

def launch(db_path, on_failure, server=None):
    def boom():
        QTimer.singleShot(0, QApplication.quit)
        raise ValueError("notes of {NAME}")
    QTimer.singleShot(0, boom)

app.launch = launch
sys.exit(app.run_gui(db_path=None))
"""


def test_the_gui_reports_an_error_raised_in_its_event_loop(cli_env: dict[str, str]) -> None:
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
