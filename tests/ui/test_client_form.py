"""The new-client form: starts on the name, never loses typing to Escape, warns of a twin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_driver import add_client, type_text

from therapist_desk.services import clients
from therapist_desk.ui.clients.client_dialog import ClientDialog
from therapist_desk.ui.widgets.dialogs import Dialogs

MIRA = {"name": "Mira Castellano", "date_of_birth": "1985-04-23"}


def open_new_client_form(window, monkeypatch, then) -> list:
    """File > New client, with ``then(dialog)`` acting in it as a person would."""
    seen: list = []

    def run(self, dialog) -> bool:
        dialog.show()
        dialog.activateWindow()
        QApplication.processEvents()
        seen.append(then(dialog))
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.new_client.trigger()
    return seen


def test_the_form_starts_with_the_cursor_on_the_name(window, monkeypatch) -> None:
    seen = open_new_client_form(
        window, monkeypatch, lambda d: QApplication.focusWidget() is d.forms[0].inputs["name"]
    )
    assert seen == [True]


def test_escape_on_an_empty_form_closes_it_without_a_question(window, qtbot, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(Dialogs, "confirm", lambda self, title, text, ok: asked.append(title))

    def escape(dialog):
        qtbot.keyClick(dialog.forms[0].inputs["name"], Qt.Key.Key_Escape)
        return dialog.isVisible()

    assert open_new_client_form(window, monkeypatch, escape) == [False]
    assert asked == []


def test_escape_on_a_filled_form_asks_and_cancel_keeps_what_was_typed(
    window, qtbot, monkeypatch
) -> None:
    answers = [False, True]  # Cancel (the default) first, then Discard
    asked: list[tuple[str, str]] = []

    def confirm(self, title, text, ok) -> bool:
        asked.append((title, ok))
        return answers.pop(0)

    monkeypatch.setattr(Dialogs, "confirm", confirm)

    def type_then_escape(dialog):
        name = dialog.forms[0].inputs["name"]
        type_text(qtbot, name, "Mira Castellano")
        qtbot.keyClick(name, Qt.Key.Key_Escape)
        kept = (dialog.isVisible(), name.text())
        qtbot.keyClick(name, Qt.Key.Key_Escape)
        return kept, dialog.isVisible()

    seen = open_new_client_form(window, monkeypatch, type_then_escape)
    assert seen == [((True, "Mira Castellano"), False)]
    assert asked == [("Discard the new client?", "Discard")] * 2
    assert clients.count_clients(practice=window.practice) == 0


def test_a_client_with_the_same_name_and_birth_date_is_warned_of_then_added_if_wanted(
    window, qtbot, monkeypatch
) -> None:
    add_client(window, qtbot, monkeypatch, [MIRA])

    def twin(dialog: ClientDialog):
        form = dialog.forms[0]
        type_text(qtbot, form.inputs["name"], "mira castellano")
        type_text(qtbot, form.inputs["date_of_birth"], "1985-04-23")
        dialog.save_button.click()
        first = (
            dialog.isVisible(),
            dialog.duplicate.isVisible(),
            dialog.duplicate.text(),
            dialog.save_button.text(),
            clients.count_clients(practice=window.practice),
        )
        dialog.save_button.click()  # "Save anyway"
        return first

    [(open_after, warned, text, button, count)] = open_new_client_form(window, monkeypatch, twin)
    assert open_after and warned and count == 1
    assert "Already kept with the same name and date of birth: Mira Castellano." in text
    assert button == "Save anyway"
    assert clients.count_clients(practice=window.practice) == 2


def test_a_different_birth_date_is_no_twin(window, qtbot, monkeypatch) -> None:
    add_client(window, qtbot, monkeypatch, [MIRA])
    add_client(window, qtbot, monkeypatch, [{**MIRA, "date_of_birth": "1991-09-30"}])
    assert clients.count_clients(practice=window.practice) == 2
