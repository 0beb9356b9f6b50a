"""Enter means Cancel on every question that sends, erases, restores or discards.

Each question is opened for real and answered with the Enter key, as a clinician who
presses it out of habit would. The send warning and the discard question of the email
are in test_email_defaults_ui.py; the erase dialog in test_clients_ui.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from test_security_ui import encrypt_from_settings, open_settings

from therapist_desk.store.errors import DatabaseProblem
from therapist_desk.ui.intake.wizard import IntakeWizard
from therapist_desk.ui.shell.startup_problem import ask_what_to_do


def on_next_modal(act: Callable[[QWidget], None], skip: QWidget | None = None) -> list[str]:
    """Run ``act`` on the next modal window (not ``skip``) once shown; the titles seen."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is skip or not dialog.isVisible():
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog.windowTitle())
        act(dialog)

    QTimer.singleShot(0, poll)
    return seen


def enter(qtbot) -> Callable[[QWidget], None]:
    """Press Enter where the focus is in the dialog, as a person would."""
    return lambda dialog: qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)


def test_enter_on_a_confirmation_means_cancel(window, qtbot) -> None:
    seen = on_next_modal(enter(qtbot))
    agreed = window.rooms.dialogs.confirm("Erase?", "This cannot be undone.", "Erase")
    assert seen == ["Erase?"] and agreed is False


def test_enter_at_a_damaged_database_never_restores(qtbot, tmp_path: Path) -> None:
    problem = DatabaseProblem(
        "The database is damaged.",
        path=tmp_path / "therapist-desk.sqlite3",
        kind="damaged",
        latest_backup=tmp_path / "backups" / "therapist-desk-20260102-start.sqlite3",
    )
    seen = on_next_modal(enter(qtbot))
    assert ask_what_to_do(problem) == ("quit", None)  # nothing was changed
    assert seen == ["Therapist Desk cannot open its database"]


def test_enter_at_finish_with_gaps_keeps_answering(window, qtbot) -> None:
    on_next_modal(enter(qtbot))
    assert IntakeWizard.confirm_gaps(window, ["PHQ-9: Item 5"]) is False


def test_enter_after_typing_the_passphrase_does_not_remove_encryption(
    window, qtbot, monkeypatch
) -> None:
    encrypt_from_settings(window, qtbot, monkeypatch)
    passphrase = "quiet harbour lights"  # test_security_ui's PASSPHRASE
    shown: dict[str, object] = {}

    def act(settings) -> None:
        settings.tabs.setCurrentWidget(settings.security)
        box = settings.security

        def type_then_enter(dialog: QWidget) -> None:
            shown["dialog"] = dialog
            qtbot.keyClicks(dialog.field, passphrase)
            qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

        shown["seen"] = on_next_modal(type_then_enter, skip=settings)
        box.remove_button.click()
        shown["status"] = box.status.text()

    open_settings(window, monkeypatch, act)
    assert shown["seen"] == ["Remove encryption"]
    dialog = shown["dialog"]
    assert isinstance(dialog, QDialog) and dialog.result() == QDialog.DialogCode.Rejected
    assert str(shown["status"]).startswith("On:")  # still encrypted
    assert window.practice.database.path.read_bytes()[:16] != b"SQLite format 3\x00"
