"""Where the keyboard lands after a dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_driver import add_client


def test_enter_after_saving_a_new_client_does_not_blank_the_screen(window, qtbot, monkeypatch):
    add_client(window, qtbot, monkeypatch, [{"name": "Ana Uno"}, {"name": "Ben Dos"}])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focused = QApplication.focusWidget()
    assert focused is not window.rooms.privacy_button
    qtbot.keyClick(focused or window, Qt.Key.Key_Return)
    assert not window.rooms.actions.privacy.isChecked()
