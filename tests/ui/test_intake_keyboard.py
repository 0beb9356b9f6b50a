"""The keyboard never changes an answer silently: where it is, what a key means, and Ctrl+Z."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_driver import add_client, pass_consent, press, press_option

from therapist_desk import app as app_module
from therapist_desk.intake.audience import Audience
from therapist_desk.services import intakes
from therapist_desk.settings import hash_pin
from therapist_desk.ui.intake.page import StepPage
from therapist_desk.ui.intake.question import QuestionWidget
from therapist_desk.ui.intake.wizard import IntakeWizard

COUPLE = [{"name": "Noor Vance"}, {"name": "Sol Okafor"}]


def open_wizard(window, qtbot, monkeypatch) -> IntakeWizard:
    add_client(window, qtbot, monkeypatch, COUPLE)
    window.rooms.actions.start_intake.trigger()
    wizard = window.rooms.intake.wizard
    assert wizard is not None and window.stack.currentWidget() is wizard
    pass_consent(window, qtbot)  # both agree on the first page: the private parts may begin
    window.audience.set(Audience.clinician())  # every page in reach: the keys are the point here
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return wizard


def go_to_section(wizard: IntakeWizard, section_id: str, position: int | None = 1) -> StepPage:
    index = next(
        i
        for i, step in enumerate(wizard.steps)
        if step.section is not None and step.section.id == section_id and step.position == position
    )
    wizard.go_to(index)
    page = wizard.page
    assert page is not None
    qtbot_wait_shown(page)
    return page


def qtbot_wait_shown(page: StepPage) -> None:
    """Let the event loop show the new page, as it does between two key presses."""
    for _ in range(3):
        QApplication.processEvents()
    assert page.isVisible()


def question(page: StepPage, item_id: str) -> QuestionWidget:
    return next(q for q in page.questions if q.item.id == item_id)


def stored(window, position: int | None) -> dict:
    intake_id = window.rooms.intake.intake_id
    session = intakes.intake_session(practice=window.practice, intake_id=intake_id)
    return session.answers.get(position, {})


def focused_question(page: StepPage) -> QuestionWidget | None:
    return page._question_of(QApplication.focusWidget())


def test_phq9_options_print_their_scores_and_key_0_means_not_at_all(
    window, qtbot, monkeypatch
) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "phq9")
    first = question(page, "phq9.1")
    assert [b.text() for b in first.buttons] == [
        "[0]  Not at all",
        "[1]  Several days",
        "[2]  More than half the days",
        "[3]  Nearly every day",
    ]
    qtbot.keyClick(first.buttons[0], Qt.Key.Key_0)
    assert stored(window, 1)["phq9.1"] == 0
    second = question(page, "phq9.2")
    qtbot.keyClick(second.buttons[0], Qt.Key.Key_1)
    assert stored(window, 1)["phq9.2"] == 1
    assert second.buttons[1].isChecked()  # "Several days"
    qtbot.keyClick(second.buttons[0], Qt.Key.Key_4)  # no option 4 on PHQ-9: nothing changes
    assert stored(window, 1)["phq9.2"] == 1


def test_options_without_a_published_score_are_numbered_from_1(window, qtbot, monkeypatch) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "wast")  # scored internally 2, 1, 0: no published score
    tension = question(page, "wast.1")
    assert [b.text()[:3] for b in tension.buttons] == ["[1]", "[2]", "[3]"]
    qtbot.keyClick(tension.buttons[0], Qt.Key.Key_1)
    assert stored(window, 1)["wast.1"] == 2  # "A lot of tension"
    qtbot.keyClick(tension.buttons[0], Qt.Key.Key_0)
    assert stored(window, 1)["wast.1"] == 2  # key 0 is no option here
    page = go_to_section(wizard, "pcptsd5")
    gate = page.visible_questions()[0]
    assert [b.text() for b in gate.buttons] == ["[1]  Yes", "[2]  No"]


def test_a_resumed_page_opens_on_its_first_unanswered_question(window, qtbot, monkeypatch) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "phq9")
    for item_id in ("phq9.1", "phq9.2", "phq9.3"):
        press_option(qtbot, question(page, item_id), 1)
    client_id = window.rooms.clients.client_id
    window.close()
    window.practice.database.engine.dispose()

    again = app_module.start(None)
    qtbot.addWidget(again)
    again.rooms.clients_page.select_client(client_id)
    again.rooms.intake.start_or_resume(client_id)
    resumed = again.rooms.intake.wizard
    assert resumed.step.section.id == "phq9"
    again.activateWindow()
    qtbot.waitUntil(lambda: focused_question(resumed.page) is not None)
    assert focused_question(resumed.page).item.id == "phq9.4"
    assert resumed.page.current_question().item.id == "phq9.4"  # the focus mark is there


def test_entering_a_page_focuses_its_first_question_and_marks_it(
    window, qtbot, monkeypatch
) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "gad7")
    qtbot.waitUntil(lambda: page.current_question() is not None)
    first = page.visible_questions()[0]
    assert focused_question(page) is first
    assert [q.property("current") is True for q in page.questions].count(True) == 1
    qtbot.keyClick(first.buttons[0], Qt.Key.Key_2)
    press(qtbot, QApplication.focusWidget())
    assert page.current_question() is page.visible_questions()[1]
    assert first.property("current") is False


def test_keep_answering_puts_the_keyboard_back_on_the_first_unanswered_question(
    window, qtbot, monkeypatch
) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "gad7", 2)
    press_option(qtbot, question(page, "gad7.1"), 0)
    asked: list[int] = []

    def keep_answering(cls, parent, gaps, **k) -> bool:
        asked.append(len(gaps))
        return False

    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(keep_answering))
    wizard.finish_button.setFocus()
    wizard.finish_button.click()
    assert asked and asked[0] > 0
    assert focused_question(wizard.page).item.id == "gad7.2"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)  # the next key is not lost
    assert stored(window, 2)["gad7.2"] == 3


def test_closing_an_error_box_puts_the_keyboard_back_on_the_questions(
    window, qtbot, monkeypatch
) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "rses")
    press_option(qtbot, question(page, "rses.1"), 2)
    wizard.next_button.setFocus()
    box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", "The disk is full.", parent=window)
    QTimer.singleShot(100, box.accept)
    box.exec()
    window.activateWindow()  # what the window manager does when a dialog closes
    qtbot.waitUntil(lambda: focused_question(wizard.page) is not None)
    assert focused_question(wizard.page).item.id == "rses.2"


def test_unlocking_puts_the_keyboard_on_the_first_unanswered_question(
    window, qtbot, monkeypatch
) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "csi4")
    press_option(qtbot, question(page, "csi4.1"), 4)
    window.practice.settings.lock_pin_hash = hash_pin("2468")
    wizard.next_button.setFocus()
    assert window.rooms.screen_lock.lock()
    assert window.rooms.screen_lock.try_unlock("2468")
    assert focused_question(wizard.page).item.id == "csi4.2"


def test_a_changed_answer_says_what_it_was_and_ctrl_z_takes_it_back(
    window, qtbot, monkeypatch
) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "phq9")
    item = question(page, "phq9.9")
    qtbot.keyClick(item.buttons[0], Qt.Key.Key_1)
    assert not item.change_note.isVisibleTo(page)  # a first answer is no change
    qtbot.keyClick(item.buttons[0], Qt.Key.Key_3)
    assert item.change_note.isVisibleTo(page)
    assert item.change_note.text() == (
        "Changed from “Several days” to “Nearly every day” — Ctrl+Z to undo"
    )
    assert stored(window, 1)["phq9.9"] == 3
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(window, 1)["phq9.9"] == 1  # saved through the same path as any answer
    assert item.buttons[1].isChecked()
    assert item.change_note.text() == "Undone: back to “Several days” (was “Nearly every day”)"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "phq9.9" not in stored(window, 1)
    assert not any(b.isChecked() for b in item.buttons)
    assert page.undo() is False  # nothing more to take back


def test_clearing_an_answer_is_said_too(window, qtbot, monkeypatch) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "gad7")
    item = question(page, "gad7.3")
    qtbot.keyClick(item.buttons[0], Qt.Key.Key_2)
    qtbot.keyClick(item.buttons[0], Qt.Key.Key_Delete)
    assert item.change_note.text() == "Cleared “More than half the days” — Ctrl+Z to undo"
    assert "gad7.3" not in stored(window, 1)


def test_arrow_keys_on_an_answered_question_never_change_it_silently(
    window, qtbot, monkeypatch
) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "phq9")
    item = question(page, "phq9.1")
    qtbot.keyClick(item.buttons[0], Qt.Key.Key_1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # Qt moves the choice down
    assert stored(window, 1)["phq9.1"] == 2
    assert item.change_note.isVisibleTo(page)
    assert item.change_note.text() == (
        "Changed from “Several days” to “More than half the days” — Ctrl+Z to undo"
    )


def test_enter_moves_on_from_the_ask_alone_page(window, qtbot, monkeypatch) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    alone = next(i for i, step in enumerate(wizard.steps) if step.is_alone_page)
    wizard.go_to(alone)
    assert wizard.page.visible_questions() == []
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.page)
    qtbot.keyClick(wizard.page, Qt.Key.Key_Return)
    assert wizard.index == alone + 1


def test_enter_on_the_last_question_moves_to_the_next_page(window, qtbot, monkeypatch) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "csi4", 2)
    index = wizard.index
    last = page.visible_questions()[-1]
    qtbot.keyClick(last.buttons[0], Qt.Key.Key_5)
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Enter)
    assert wizard.index == index + 1


def test_enter_in_an_empty_text_answer_skips_it_and_in_a_typed_one_adds_a_line(
    window, qtbot, monkeypatch
) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "concerns", None)
    notes = question(page, "rel.notes")
    index = wizard.index
    assert notes is page.visible_questions()[-1]
    notes.text.setFocus()
    qtbot.keyClicks(notes.text, "Both")
    qtbot.keyClick(notes.text, Qt.Key.Key_Return)
    assert notes.text.toPlainText() == "Both\n" and wizard.index == index
    notes.text.clear()
    qtbot.keyClick(notes.text, Qt.Key.Key_Return)
    assert wizard.index == index + 1


def test_ticking_one_more_goal_is_no_change_but_unticking_one_is(
    window, qtbot, monkeypatch
) -> None:
    wizard = open_wizard(window, qtbot, monkeypatch)
    page = go_to_section(wizard, "goals", None)
    item = question(page, "rel.goals")
    for key in (Qt.Key.Key_1, Qt.Key.Key_2):  # a first pass through the list
        qtbot.keyClick(item.buttons[0], key)
    assert not item.change_note.isVisibleTo(page)
    assert len(stored(window, None)["rel.goals"]) == 2
    qtbot.keyClick(item.buttons[0], Qt.Key.Key_1)  # takes the first goal off again
    assert item.change_note.isVisibleTo(page)
    assert item.change_note.text().startswith("Changed from ")
