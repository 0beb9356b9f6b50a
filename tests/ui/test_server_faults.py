"""The practice server goes away during an intake: a calm banner, nothing lost.

The window is dr_ada's app on the fault tests' own server (tests/fault_server.py), so
stopping it cuts off no other test. Retries are every 0.2 s here (3 s in the app).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fault_server import new_intake, open_as, open_clinician, owner_url, stored_answers
from PySide6.QtWidgets import QMessageBox
from ui_driver import pass_consent, press_option, type_text

from therapist_desk.intake.audience import Audience
from therapist_desk.services.pending import open_pending
from therapist_desk.store import server_admin
from therapist_desk.ui.intake import saving
from therapist_desk.ui.shell import server_banner
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.dialogs import Dialogs

PHQ9, GAD7, CLINICIAN = 5, 6, 16  # the wizard's steps: consent first, then the catalogue's


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message the window shows in a dialog (none is expected for an outage)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Dialogs, "inform", lambda self, title, text, warning=False: shown.append((title, text))
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[1:3]))
    # A window closed at the end of a failed test must not wait on the question.
    monkeypatch.setattr(Dialogs, "ask_leave", lambda self, *args, **kwargs: True)
    monkeypatch.setattr(saving, "RETRY_MS", 200)
    monkeypatch.setattr(server_banner, "BACK_SHOWN_MS", 300)
    return shown


def open_window(qtbot, practice) -> MainWindow:
    window = MainWindow(practice)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def ada_window(qtbot, fault_cluster, fault_database, told) -> Iterator[MainWindow]:
    """dr_ada's window on the fault tests' server."""
    practice = open_clinician(fault_cluster, fault_database)
    window = open_window(qtbot, practice)
    yield window
    practice.close()


def answer(qtbot, wizard, values: dict[str, object]) -> None:
    """Answer questions of the page shown, by number keys, as the clinician does."""
    for question in wizard.page.questions:
        if question.item.id in values:
            press_option(qtbot, question, values[question.item.id])


def open_intake(window: MainWindow, qtbot) -> int:
    intake_id = new_intake(window.practice)
    window.rooms.intake.open_draft(intake_id)
    pass_consent(window, qtbot)
    return intake_id


def test_the_server_stops_and_starts_again_during_an_intake_and_nothing_is_lost(
    ada_window, qtbot, fault_cluster, told
):
    window, banner, saves = ada_window, ada_window.rooms.server_banner, ada_window.rooms.saves
    intake_id = open_intake(window, qtbot)
    wizard = window.rooms.intake.wizard
    wizard.go_to(PHQ9)
    answer(qtbot, wizard, {"phq9.1": 1, "phq9.2": 2, "phq9.3": 0})
    assert not banner.isVisible()
    fault_cluster.stop("fast")
    try:
        answer(qtbot, wizard, {"phq9.4": 3, "phq9.5": 1, "phq9.1": 3})  # phq9.1 changed
        assert banner.isVisible()
        assert "cannot be reached" in banner.text.text()
        assert "kept on this computer" in banner.text.text()
        assert saves.waiting
        answer(qtbot, wizard, {"phq9.1": 2})  # changed again: the latest is kept
        wizard.go_to(GAD7)  # the clinician keeps answering
        answer(qtbot, wizard, {"gad7.1": 2})
        window.audience.set(Audience.clinician())
        wizard.go_to(CLINICIAN)
        notes = next(q for q in wizard.page.questions if q.item.id == "clinician.notes")
        type_text(qtbot, notes.text, "Calm, engaged")
        wizard.request_finish()  # leaving the page saves what is typed; finishing waits
        assert not wizard.finish_button.isEnabled()
        assert wizard.finish_note.isVisible()
        assert not window.rooms.actions.finish_intake.isEnabled()
        assert "practice server" in window.rooms.actions.print_summary.statusTip()
        assert told == []  # no dialog: the banner says it all
    finally:
        fault_cluster.start()
    qtbot.waitUntil(lambda: not saves.waiting, timeout=5_000)
    assert banner.text.text() == "Saved — the practice server is back."
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3_000)
    assert wizard.finish_button.isEnabled() and not wizard.finish_note.isVisible()
    fresh = open_clinician(fault_cluster, window.practice.database.server.database)
    try:
        assert stored_answers(fresh, intake_id)[1] == {
            "phq9.1": 2,
            "phq9.2": 2,
            "phq9.3": 0,
            "phq9.4": 3,
            "phq9.5": 1,
            "gad7.1": 2,
            "clinician.notes": "Calm, engaged",
        }
    finally:
        fresh.close()
    assert told == []


def test_closing_with_answers_waiting_asks_first_and_a_new_window_saves_them(
    ada_window, qtbot, fault_cluster, monkeypatch
):
    window = ada_window
    intake_id = open_intake(window, qtbot)
    wizard = window.rooms.intake.wizard
    wizard.go_to(PHQ9)
    asked: list[str] = []

    def stay_first(self, title, text, *, stay, leave) -> bool:
        asked.append(text)
        return len(asked) > 1  # Stay the first time, then Close anyway

    monkeypatch.setattr(Dialogs, "ask_leave", stay_first)
    fault_cluster.stop("fast")
    try:
        answer(qtbot, wizard, {"phq9.1": 3})
        window.close()
        assert window.isVisible()  # stayed: the safe choice
        window.close()
        assert not window.isVisible()
        assert "kept on this computer" in asked[0]
    finally:
        fault_cluster.start()
    again = open_window(qtbot, window.practice)  # the next start
    qtbot.waitUntil(lambda: not again.rooms.saves.waiting, timeout=5_000)
    assert again.rooms.server_banner.text.text().startswith("Saved — the answers kept")
    assert stored_answers(window.practice, intake_id)[1] == {"phq9.1": 3}
    assert not open_pending(window.practice).waiting


def test_the_safe_choice_is_the_default_when_closing_with_answers_waiting(qtbot, monkeypatch):
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    dialogs = Dialogs(parent=None)  # type: ignore[arg-type]
    assert not dialogs.ask_leave("Answers not saved yet", "…", stay="Stay", leave="Close anyway")
    assert shown[0].defaultButton().text() == "Stay"
    assert shown[0].escapeButton().text() == "Stay"


def test_a_clinician_removed_while_the_app_is_open_is_told_once_and_keeps_the_answers(
    qtbot, fault_cluster, fault_database, told
):
    url = owner_url(fault_cluster, fault_database)
    password = server_admin.add_login(url, "dr_dee")
    practice = open_as(fault_cluster.url("dr_dee", password, fault_database))
    window = open_window(qtbot, practice)
    try:
        open_intake(window, qtbot)
        wizard = window.rooms.intake.wizard
        wizard.go_to(PHQ9)
        answer(qtbot, wizard, {"phq9.1": 1})
        server_admin.remove_login(url, "dr_dee")
        answer(qtbot, wizard, {"phq9.2": 2, "phq9.3": 3})
        banner = window.rooms.server_banner
        assert banner.isVisible()
        assert "no longer accepts your login" in banner.text.text()
        assert "ask the practice admin" in banner.text.text()
        assert banner.try_button.text() == "Try again"
        assert len(window.rooms.saves.pending) == 2  # kept, not dropped
        assert told == []  # one message, in the banner
    finally:
        window.close()
        practice.close()
