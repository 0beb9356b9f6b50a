"""Clients as a clinician meets them: validation, search, archive, erase, resume."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from ui_driver import add_client, example, press_option, wait_for_client_page

from therapist_desk import app as app_module
from therapist_desk.intake.catalogue import IntakeKind
from therapist_desk.models import ClientSummary
from therapist_desk.services import clients
from therapist_desk.services.views import IntakeRow
from therapist_desk.store.search import ClientLine
from therapist_desk.ui.clients.client_dialog import ClientDialog
from therapist_desk.ui.clients.erase_dialog import EraseDialog
from therapist_desk.ui.clients.intake_table_model import IntakeTableModel
from therapist_desk.ui.clients.list_model import ClientIdRole, ClientListModel
from therapist_desk.ui.widgets.dialogs import Dialogs

COUPLE = [{"name": "Iris Halvorsen"}, {"name": "Tomás Ñúñez", "preferred_name": "Tom"}]


def visible_errors(dialog: ClientDialog) -> dict[str, str]:
    found = {}
    for index, form in enumerate(dialog.forms):
        for field, label in form.errors.items():
            if not label.isHidden():
                found[f"{index}.{field}"] = label.text()
    return found


def test_each_validation_message_sits_next_to_its_field(qtbot) -> None:
    dialog = ClientDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.couple.click()
    dialog.forms[0].inputs["email"].setText("iris.halvorsen@")
    dialog.forms[0].inputs["date_of_birth"].setText("2999-01-01")
    dialog.forms[1].inputs["date_of_birth"].setText("1850-06-01")
    dialog.save_button.click()
    assert dialog.result_shape is None
    assert dialog.isVisible()
    assert visible_errors(dialog) == {
        "0.name": "Enter a name.",
        "0.date_of_birth": "The date of birth cannot be in the future.",
        "0.email": "This does not look like an email address (for example name@example.org).",
        "1.name": "Enter a name.",
        "1.date_of_birth": "Check the date of birth: it is before 1900.",
    }
    dialog.forms[0].inputs["name"].setText("Iris Halvorsen")
    dialog.forms[0].inputs["email"].setText("iris@example.org")
    dialog.forms[0].inputs["date_of_birth"].setText("1988-02-29")
    dialog.forms[1].inputs["name"].setText("Tom Nunez")
    dialog.forms[1].inputs["date_of_birth"].setText("")
    dialog.save_button.click()
    assert visible_errors(dialog) == {}
    assert dialog.result_shape is not None
    assert [p.name for p in dialog.result_shape.participants] == ["Iris Halvorsen", "Tom Nunez"]


def test_a_date_that_is_not_a_date_is_explained(qtbot) -> None:
    dialog = ClientDialog()
    qtbot.addWidget(dialog)
    dialog.forms[0].inputs["name"].setText("Iris Halvorsen")
    dialog.forms[0].inputs["date_of_birth"].setText("31/02/1990")
    dialog.save_button.click()
    assert visible_errors(dialog) == {
        "0.date_of_birth": "Enter the date as YYYY-MM-DD, for example 1985-04-23."
    }


def test_nothing_is_saved_until_valid(window, qtbot, monkeypatch) -> None:
    def run(self, dialog) -> bool:
        dialog.save_button.click()  # empty name: refused
        return False

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.new_client.trigger()
    assert clients.count_clients(practice=window.practice) == 0
    assert window.stack.currentWidget() is window.rooms.empty_state


def test_live_search_is_partial_and_accent_insensitive(window, qtbot, monkeypatch) -> None:
    add_client(window, qtbot, monkeypatch, COUPLE)
    add_client(window, qtbot, monkeypatch, [{"name": "Priya Raman"}])
    page = window.rooms.clients_page
    assert page.model.rowCount() == 2
    qtbot.keyClicks(page.search, "nun")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, 0).data() == "Iris Halvorsen & Tomás Ñúñez"
    page.search.clear()
    qtbot.keyClicks(page.search, "zzz")
    qtbot.waitUntil(lambda: page.no_match.isVisible())


def test_archive_hides_and_restore_brings_back(window, qtbot, monkeypatch) -> None:
    client_id = add_client(window, qtbot, monkeypatch, COUPLE)
    page = window.rooms.clients_page
    page.client_page.archive_button.click()
    assert page.model.rowCount() == 0
    page.show_archived.setChecked(True)
    assert page.model.index(0, 0).data() == "Iris Halvorsen & Tomás Ñúñez (archived)"
    wait_for_client_page(window, qtbot, client_id)
    assert page.client_page.archive_button.text() == "Restore"
    page.client_page.archive_button.click()
    page.show_archived.setChecked(False)
    assert page.model.rowCount() == 1


def test_erase_asks_for_the_name_and_enter_never_erases(window, qtbot, monkeypatch) -> None:
    add_client(window, qtbot, monkeypatch, COUPLE)

    def enter_after_the_name(self, dialog: EraseDialog) -> bool:
        assert "This cannot be undone." in dialog.message.text()
        assert not dialog.erase_button.isEnabled()
        qtbot.keyClicks(dialog.typed, "Iris Halvorsen")
        assert not dialog.erase_button.isEnabled()  # the whole name, as shown
        dialog.typed.setText("iris halvorsen & tomás ñúñez")
        assert dialog.erase_button.isEnabled() and not dialog.erase_button.isDefault()
        dialog.show()
        qtbot.keyClick(dialog.typed, Qt.Key.Key_Return)  # Enter means Cancel
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", enter_after_the_name)
    window.rooms.clients_page.client_page.erase_button.click()
    assert clients.count_clients(practice=window.practice) == 1

    def type_and_erase(self, dialog: EraseDialog) -> bool:
        dialog.typed.setText("Iris Halvorsen & Tomás Ñúñez")
        dialog.erase_button.click()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", type_and_erase)
    window.rooms.clients_page.client_page.erase_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.rooms.empty_state)
    assert clients.count_clients(practice=window.practice) == 0
    assert window.statusBar().currentMessage() == "The client was erased."


def test_close_mid_intake_and_resume_exactly_there(window, qtbot, monkeypatch) -> None:
    data = example("concurrent.json")
    people = [
        {"name": p["name"], "preferred_name": p.get("preferred_name")} for p in data["participants"]
    ]
    client_id = add_client(window, qtbot, monkeypatch, people)
    window.rooms.clients_page.client_page.start_button.click()
    wizard = window.rooms.intake.wizard
    for _ in range(4):
        qtbot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    step_key = wizard.step.key
    given = data["participants"][wizard.step.position - 1]["answers"]
    answered = {}
    for question in wizard.page.visible_questions():
        if question.item.id in given:
            press_option(qtbot, question, given[question.item.id])
            answered[question.item.id] = given[question.item.id]
    assert answered
    window.close()
    window.practice.database.engine.dispose()

    again = app_module.start(None)
    qtbot.addWidget(again)
    again.rooms.clients_page.select_client(client_id)
    wait_for_client_page(again, qtbot, client_id)
    assert again.rooms.clients_page.client_page.resume_button.isVisible()
    assert not again.rooms.clients_page.client_page.start_button.isVisible()
    again.rooms.clients_page.client_page.resume_button.click()
    resumed = again.rooms.intake.wizard
    assert resumed.step.key == step_key
    for question in resumed.page.visible_questions():
        if question.item.id not in answered:
            continue
        checked = [
            v for b, v in zip(question.buttons, question.values, strict=True) if b.isChecked()
        ]
        assert checked == [answered[question.item.id]]


def test_privacy_shortcut_blanks_client_data_at_once(window, qtbot, monkeypatch) -> None:
    add_client(window, qtbot, monkeypatch, COUPLE)
    qtbot.keyClick(
        window,
        Qt.Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.stack.currentWidget() is window.rooms.privacy_cover
    shown = " ".join(
        w.text()
        for w in window.findChildren(QWidget)
        if w.isVisible() and hasattr(w, "text") and callable(w.text)
    )
    assert "Iris" not in shown and "Halvorsen" not in shown
    assert not window.rooms.actions.edit_client.isEnabled()
    window.rooms.privacy_cover.button.click()
    assert window.stack.currentWidget() is window.rooms.clients_page


def test_larger_text_mode_is_remembered(window, qtbot) -> None:
    before = window.font().pointSizeF()
    window.rooms.actions.larger_text.trigger()
    assert window.practice.settings.text_scale > 1.0
    assert window.font().pointSizeF() > before or app_font_bigger(before)
    window.rooms.actions.larger_text.trigger()
    assert window.practice.settings.text_scale == 1.0


def app_font_bigger(before: float) -> bool:
    from PySide6.QtWidgets import QApplication

    return QApplication.font().pointSizeF() > before


def summary_rows(count: int) -> list[ClientSummary]:
    return [
        ClientSummary(
            id=i,
            reference=f"r{i}",
            kind=IntakeKind.COUPLE,
            display_name=f"Person {i}",
            last_activity_at=datetime.now(UTC),
            archived=False,
        )
        for i in range(count)
    ]


def line_rows(count: int) -> list[ClientLine]:
    return [ClientLine(i, "couple", f"Person {i}", datetime.now(UTC), False) for i in range(count)]


def test_item_models_pass_the_model_tester(qtmodeltester) -> None:
    rows = [IntakeRow(1, "2026-11-25", "Completed", "Relationship therapy first", "—")]
    intakes = IntakeTableModel()
    intakes.set_rows(rows)
    qtmodeltester.check(intakes)


@pytest.mark.parametrize("make_rows", [line_rows, summary_rows])
def test_the_client_list_pages_and_passes_the_model_tester(qtmodeltester, make_rows) -> None:
    rows = make_rows(250)
    clients = ClientListModel(lambda q, a, limit, offset: rows[offset : offset + limit])
    clients.set_filter("", False)
    assert clients.rowCount() == 100 and clients.canFetchMore()
    clients.fetchMore()
    assert clients.rowCount() == 200
    assert clients.index(150, 0).data() == "Person 150"
    qtmodeltester.check(clients)
    assert clients.rowCount() == 250 and not clients.canFetchMore()
    assert clients.index(249, 0).data() == "Person 249"


def test_the_client_list_shows_name_kind_and_last_activity() -> None:
    now = datetime.now(UTC)
    long_ago = datetime(2026, 1, 5, 12, tzinfo=UTC)
    rows = [
        ClientLine(7, "couple", "Iris Halvorsen & Tomás Ñúñez", now, False),
        ClientLine(5, "individual", "Priya Raman", now - timedelta(days=1), True),
        ClientLine(4, "individual", "Ola Berg", now - timedelta(days=3), False),
        ClientLine(2, "couple", "Mei Lin & Ana Ruiz", long_ago, False),
    ]
    found = {"": rows, "ber": [rows[2]], "zzz": []}
    clients = ClientListModel(lambda q, a, limit, offset: found[q][offset : offset + limit])

    def shown(role: int = Qt.ItemDataRole.DisplayRole) -> list[list[object]]:
        return [
            [clients.index(row, column).data(role) for column in range(3)]
            for row in range(clients.rowCount())
        ]

    clients.set_filter("", True)
    assert shown() == [
        ["Iris Halvorsen & Tomás Ñúñez", "Couple", "today"],
        ["Priya Raman (archived)", "Individual", "yesterday"],
        ["Ola Berg", "Individual", "3 days ago"],
        ["Mei Lin & Ana Ruiz", "Couple", long_ago.astimezone().date().isoformat()],
    ]
    assert shown(Qt.ItemDataRole.AccessibleTextRole) == shown()
    assert [r[0] for r in shown(Qt.ItemDataRole.ToolTipRole)] == [None, "Archived", None, None]
    assert [r[0] for r in shown(ClientIdRole)] == [7, 5, 4, 2]
    assert clients.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    # a new search shows the new rows, not the texts of the rows shown before
    clients.set_filter("ber", False)
    assert shown() == [["Ola Berg", "Individual", "3 days ago"]]
    assert clients.client_id(0) == 4 and clients.row_of(4) == 0 and clients.row_of(7) is None
    clients.set_filter("zzz", False)
    assert shown() == [] and clients.index(0, 0).data() is None


def test_every_interactive_widget_has_an_accessible_name(window, qtbot, monkeypatch) -> None:
    add_client(window, qtbot, monkeypatch, COUPLE)
    window.rooms.clients_page.client_page.start_button.click()
    screens = [window, ClientDialog(window)]
    missing = []
    for screen in screens:
        for widget in screen.findChildren(QWidget):
            interactive = isinstance(
                widget, QAbstractButton | QLineEdit | QPlainTextEdit | QComboBox
            )
            if interactive and widget.isVisibleTo(screen) and not widget.accessibleName():
                missing.append(f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}")
    assert missing == []
    pytest.importorskip("PySide6.QtTest")


def test_window_size_and_layout_are_remembered(window, qtbot) -> None:
    # the offscreen screen is 800x600, so the size must fit inside it
    window.resize(780, 580)
    qtbot.waitUntil(lambda: window.width() == 780)
    window.rooms.clients_page.setSizes([300, 480])
    sizes = window.rooms.clients_page.sizes()
    window.close()
    window.practice.database.engine.dispose()
    again = app_module.start(None)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (780, 580)
    assert again.rooms.clients_page.sizes() == sizes
