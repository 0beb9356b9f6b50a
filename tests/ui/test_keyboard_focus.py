"""Where the keyboard lands, and what a shortcut that cannot act right now says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_driver import add_client

from therapist_desk.intake.audience import Audience
from therapist_desk.ui.widgets.dialogs import Dialogs


def test_enter_after_saving_a_new_client_does_not_blank_the_screen(window, qtbot, monkeypatch):
    add_client(window, qtbot, monkeypatch, [{"name": "Ana Uno"}, {"name": "Ben Dos"}])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focused = QApplication.focusWidget()
    assert focused is not window.rooms.privacy_button
    qtbot.keyClick(focused or window, Qt.Key.Key_Return)
    assert not window.rooms.actions.privacy.isChecked()


def test_settings_while_the_clients_look_says_how_to_get_there(window, qtbot, monkeypatch):
    opened: list[object] = []
    monkeypatch.setattr(Dialogs, "run_dialog", lambda self, dialog: opened.append(dialog))
    add_client(window, qtbot, monkeypatch, [{"name": "Ana Uno"}, {"name": "Ben Dos"}])
    monkeypatch.setattr(Dialogs, "run_dialog", lambda self, dialog: opened.append(dialog))
    window.audience.set(Audience.clients())
    window.rooms.actions.settings.trigger()
    assert opened == []
    assert "Ctrl+1" in window.statusBar().currentMessage()
    window.audience.set(Audience.clinician())
    window.rooms.actions.settings.trigger()
    assert len(opened) == 1
