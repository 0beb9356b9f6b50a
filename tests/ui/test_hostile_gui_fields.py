"""Hostile text pasted into the client dialog shows in the client list, on the client
page and in the edit dialog exactly as the fields held it; over-long text is refused
beside its field and nothing is saved. Pasted, not typed: QTest types ASCII only.

Strings tried: `STRINGS_TRIED` (each sample in six fields of a couple).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from ui_driver import wait_for_client_page

from therapist_desk import app as app_module
from therapist_desk.models import IntakeMode
from therapist_desk.services import clients
from therapist_desk.ui.clients.client_dialog import ClientDialog
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.bidi import isolated
from therapist_desk.ui.widgets.dialogs import Dialogs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))
from hostile_text import FIXED

SAMPLES = [
    "hebrew", "arabic", "emoji zwj", "control characters", "markup", "font tag", "sql",
    "bidi controls", "combining marks", "odd spaces", "line breaks", "long text",
]  # fmt: skip
LIMITS = {"name": 120, "preferred_name": 120, "pronouns": 40, "notes": 4000}
STRINGS_TRIED = len(SAMPLES) * 6 + 3  # + two searches and one 10,000-character name


@pytest.fixture
def window(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The app on a fresh temporary home (as in tests/ui), no question left to answer."""
    monkeypatch.setattr(Dialogs, "ask_mode", lambda self: IntakeMode.VIDEO)
    monkeypatch.setattr(Dialogs, "inform", lambda self, title, text, warning=False: None)
    win = app_module.start(None)
    assert win is not None
    qtbot.addWidget(win)
    return win


def paste(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    widget.setFocus()
    widget.clear()
    if isinstance(widget, QPlainTextEdit):
        widget.insertPlainText(text)
    else:
        widget.insert(text)


def held(widget: QLineEdit | QPlainTextEdit) -> str:
    """What the field holds, as the dialog collects it (stripped by the shape)."""
    text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    return text.strip()


def seen(html: str) -> str:
    """The text a person reads in a rich-text label, whitespace as it is laid out."""
    document = QTextDocument()
    document.setHtml(html)
    return " ".join(document.toPlainText().split())


def fill(dialog: ClientDialog, text: str) -> list[dict[str, str]]:
    """Paste ``text`` (cut to each field's limit) into both people; what the fields hold."""
    dialog.couple.click()
    values = []
    for index, form in enumerate(dialog.forms):
        fields = LIMITS if index == 0 else {"name": 120, "notes": 4000}
        for field, limit in fields.items():
            paste(form.inputs[field], (text if index == 0 else text[::-1])[:limit])
        values.append({field: held(form.inputs[field]) for field in fields})
    return values


def test_pasted_hostile_text_shows_everywhere_as_the_fields_held_it(
    window, qtbot, monkeypatch
) -> None:
    page = window.rooms.clients_page
    for sample in SAMPLES:
        entered: list[dict[str, str]] = []

        def run(self, dialog, sample=sample, entered=entered) -> bool:
            entered.extend(fill(dialog, FIXED[sample]))
            dialog.try_accept()
            return dialog.result() == dialog.DialogCode.Accepted

        monkeypatch.setattr(Dialogs, "run_dialog", run)
        window.rooms.actions.new_client.trigger()
        client_id = window.rooms.clients.client_id
        wait_for_client_page(window, qtbot, client_id)
        names = " & ".join(person["name"] for person in entered)
        row = page.model.row_of(client_id)
        assert row is not None, sample
        assert page.model.index(row, 0).data() == names, sample
        # a right-to-left name keeps its own direction inside the line: isolated
        assert seen(page.client_page.name.text()) == " ".join(isolated(names).split()), sample
        people = seen(page.client_page.people.text())
        for field in ("name", "preferred_name", "pronouns"):
            value = " ".join(entered[0][field].split())
            assert value in people or isolated(value) in people, (sample, field)

        shown: list[dict[str, str]] = []

        def reopen(self, dialog, shown=shown) -> bool:
            shown.extend({f: held(form.inputs[f]) for f in LIMITS} for form in dialog.forms)
            return False

        monkeypatch.setattr(Dialogs, "run_dialog", reopen)
        window.rooms.actions.edit_client.trigger()
        for before, after in zip(entered, shown, strict=True):
            assert {field: after[field] for field in before} == before, sample


def test_hostile_search_text_finds_the_client(window, qtbot, monkeypatch) -> None:
    def run(self, dialog) -> bool:
        fill(dialog, FIXED["mixed direction"])
        dialog.try_accept()
        return True

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.new_client.trigger()
    client_id = window.rooms.clients.client_id
    page = window.rooms.clients_page
    page.search.setText(FIXED["mixed direction"][:12])  # "Dana דנה Coh"
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.client_id(0) == client_id
    page.search.setText("'); DROP TABLE client;-- %_")
    qtbot.waitUntil(lambda: page.no_match.isVisible())
    assert clients.count_clients(practice=window.practice) == 1


def test_ten_thousand_characters_in_a_name_are_refused_beside_the_field(
    window, qtbot, monkeypatch
) -> None:
    messages: list[str] = []

    def run(self, dialog) -> bool:
        paste(dialog.forms[0].inputs["name"], FIXED["long text"])
        dialog.save_button.click()
        error = dialog.forms[0].errors["name"]
        messages.append(error.text() if error.isVisibleTo(dialog) else "")
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.new_client.trigger()
    assert messages == ["Use at most 120 characters."]
    assert clients.count_clients(practice=window.practice) == 0
