"""Driving the running app as a clinician would: keyboard-only intake and dialogs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from therapist_desk.intake.answers_file import AnswersFile
from therapist_desk.intake.catalogue import ItemType
from therapist_desk.services import clients, consent
from therapist_desk.ui.intake.consent_page import ConsentPage
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.dialogs import Dialogs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def fill_client_dialog(dialog, people: list[dict[str, Any]], qtbot) -> None:
    """Type the people's details into the dialog, as a person would."""
    if len(people) == 2:
        dialog.couple.click()
    for form, person in zip(dialog.forms, people, strict=False):
        for field in ("name", "preferred_name", "pronouns", "date_of_birth", "email"):
            if person.get(field):
                widget = form.inputs[field]
                widget.clear()
                type_text(qtbot, widget, str(person[field]))


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text``; QTest types ASCII only, so other letters arrive as pasted text."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.setFocus()
        widget.insertPlainText(text) if hasattr(widget, "insertPlainText") else widget.insert(text)


def add_client(window: MainWindow, qtbot, monkeypatch, people: list[dict[str, Any]]) -> int:
    """File > New client, filled in and saved; returns the new client's id."""

    def run(self, dialog) -> bool:
        fill_client_dialog(dialog, people, qtbot)
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.new_client.trigger()
    client_id = window.rooms.clients.client_id
    assert client_id is not None
    wait_for_client_page(window, qtbot, client_id)
    return client_id


def wait_for_client_page(window: MainWindow, qtbot, client_id: int) -> None:
    """Wait until the client's page (read on a worker) is shown."""
    controller = window.rooms.clients
    qtbot.waitUntil(
        lambda: (
            not controller.loading
            and controller.view is not None
            and controller.view.client_id == client_id
        ),
        timeout=10_000,
    )


def press_option(qtbot, question, value: Any) -> None:
    """Answer a question with the number keys (toggle each choice for multi-choice)."""
    item = question.item
    if item.type is ItemType.TEXT:
        question.text.setFocus()
        type_text(qtbot, question.text, str(value))
        question.flush()
        return
    wanted = value if isinstance(value, list) else [value]
    for one in wanted:
        index = next(i for i, v in enumerate(question.values) if type(v) is type(one) and v == one)
        number = question.numbers[index]  # the number printed beside the option
        qtbot.keyClick(question.buttons[0], Qt.Key(Qt.Key.Key_0 + number))


def review_consent_text(window: MainWindow) -> None:
    """The practice reviews its consent text (Settings › Consent): the template, saved."""
    text = consent.consent_text(practice=window.practice)
    if not text.reviewed:
        consent.save_consent_text(practice=window.practice, policy=text.policy, text=text.text)


def agree_to_consent(window: MainWindow, qtbot) -> None:
    """On the consent page: each person shown agrees, by number key (1, 2)."""
    wizard = window.rooms.intake.wizard
    assert wizard is not None
    review_consent_text(window)
    if not isinstance(wizard.page, ConsentPage):
        return
    wizard.go_to(0)  # read the reviewed text again
    page = wizard.page
    assert isinstance(page, ConsentPage)
    for number in range(1, len(page.people) + 1):
        qtbot.keyClick(page, Qt.Key(Qt.Key.Key_0 + number))
    shown = {p.position for p in page.people}
    assert all(p.agreed for p in wizard.consent.people if p.position in shown)


def press(qtbot, widget: QWidget, key: Qt.Key = Qt.Key.Key_Return) -> None:
    """Press ``key`` as a keyboard does: to the window, which hands it to ``widget`` (given
    the keyboard first, if it does not have it). Enter on a button outside a dialog is
    seen there (`ui.widgets.input_watch`), not in the button itself."""
    if not widget.hasFocus():
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(widget.window().windowHandle(), key)


def pass_consent(window: MainWindow, qtbot) -> None:
    """Agree on the consent page and go on to the first question (Enter)."""
    agree_to_consent(window, qtbot)
    wizard = window.rooms.intake.wizard
    assert wizard is not None
    if isinstance(wizard.page, ConsentPage):
        qtbot.keyClick(wizard.page, Qt.Key.Key_Return)
    # Offscreen, Qt leaves no window active once the consent page has gone; a desktop
    # keeps the window active, and the window's shortcuts (Ctrl+1…) need it.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def answer_intake(window: MainWindow, qtbot, data: dict[str, Any]) -> None:
    """Answer a whole intake as a clinician would, by keyboard, audience by audience.

    The joint part with both partners, then (Enter on each handover page) each partner's
    own part alone, then, if the file has any, the clinician's observations in *clinician
    only* mode (Ctrl+1). Next page is Alt+Right. First, on the consent page, each
    partner agrees (number keys), after the practice reviewed its consent text.
    """
    wizard = window.rooms.intake.wizard
    assert wizard is not None
    by_position = {i + 1: p["answers"] for i, p in enumerate(data["participants"])}
    by_position[None] = data.get("relationship", {})  # type: ignore[index]
    agree_to_consent(window, qtbot)
    for _ in range(4 * len(wizard.steps)):
        if wizard.page is None:
            panel = wizard.panel
            assert panel is not None
            onward = [b for b in panel.buttons if not b.text().startswith("Back to")]
            if onward[0].text().startswith(("Both partners back", "Finish")):
                break  # every part the partners answer is done
            press(qtbot, onward[0])
            continue
        answer_page(qtbot, wizard, by_position)
        qtbot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    mine = [s for s in wizard.steps if s.for_clinician]
    if any(by_position[s.position].get(i.id) is not None for s in mine for i in s.items):
        qtbot.keyClick(wizard, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert window.audience.is_clinician
        for step in mine:
            wizard.go_to(wizard.steps.index(step))
            answer_page(qtbot, wizard, by_position)


def record_answers(window: MainWindow, qtbot, data: dict[str, Any]) -> None:
    """The answers of ``data`` recorded as the open wizard records each answer it is given.

    For tests of what comes after the questions (results, sharing, email): each partner
    agrees on the consent page by number key, then every answer goes through the
    wizard's own ``save_answer``. Asking them page by page, by keyboard and audience by
    audience, is what `answer_intake` does (test_intake_flow, test_intake_keyboard).
    """
    wizard = window.rooms.intake.wizard
    assert wizard is not None
    agree_to_consent(window, qtbot)
    intake = AnswersFile.model_validate(data).to_intake(window.practice.catalogue)
    for position, participant in enumerate(intake.participants, start=1):
        for item_id, value in participant.answers.items():
            wizard.backend.save_answer(position, item_id, value)
    for item_id, value in intake.relationship.items():
        wizard.backend.save_answer(None, item_id, value)


def answer_page(qtbot, wizard, by_position) -> None:
    """Answer the questions of the page shown from the answers file, by number keys."""
    given = by_position[wizard.step.position]
    for question in list(wizard.page.questions):
        if question.isHidden() or question.item.id not in given:
            continue
        press_option(qtbot, question, given[question.item.id])


def wait_saved(window: MainWindow, qtbot, path: Path) -> None:
    """Wait until the status bar says the PDF was saved at ``path``."""
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Saved {path}", timeout=30_000)


def first_client_name(window: MainWindow) -> str:
    """The name at the top of the client list (as the list would show it)."""
    lines = clients.search_clients(
        practice=window.practice, query="", include_archived=False, limit=1, offset=0
    )
    return lines[0].display_name


def open_results(window: MainWindow, qtbot) -> None:
    """After finishing: the neutral page, then Enter on its clinician-only choice."""
    ready = window.rooms.ready_page
    qtbot.waitUntil(
        lambda: window.stack.currentWidget() is ready and ready.clinician_button.isEnabled(),
        timeout=30_000,
    )
    press(qtbot, ready.clinician_button)
    assert window.audience.is_clinician
    assert window.stack.currentWidget() is window.rooms.results_page
