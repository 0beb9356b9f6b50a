"""Where the keyboard lands after a dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_driver import add_client, pass_consent, press, press_option, wait_for_client_page

from therapist_desk import app as app_module
from therapist_desk.intake.audience import Audience
from therapist_desk.settings import hash_pin
from therapist_desk.ui.security.autolock import LockCover
from therapist_desk.ui.settings.welcome import WelcomeDialog
from therapist_desk.ui.widgets.dialogs import Dialogs

REAL_WELCOME = app_module.ask_who_is_using  # before the autouse fixture leaves it out


def test_enter_after_saving_a_new_client_does_not_blank_the_screen(window, qtbot, monkeypatch):
    add_client(window, qtbot, monkeypatch, [{"name": "Ana Uno"}, {"name": "Ben Dos"}])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focused = QApplication.focusWidget()
    assert focused is not window.rooms.privacy_button
    press(qtbot, focused or window)
    assert not window.rooms.actions.privacy.isChecked()


def test_after_the_handover_unlock_enter_does_the_pages_main_action(window, qtbot, monkeypatch):
    """Noor hands the device back; the clinician types the PIN and Enter: the end of the
    joint part offers Sam's turn in bold, and the keyboard is on it."""
    window.practice.settings.lock_pin_hash = hash_pin("482913")
    add_client(window, qtbot, monkeypatch, [{"name": "Noor Example"}, {"name": "Sam Sample"}])
    window.rooms.actions.start_intake.trigger()
    wizard = window.rooms.intake.wizard
    pass_consent(window, qtbot)
    while wizard.page is not None:  # to the end of the joint part
        qtbot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    next(b for b in wizard.panel.buttons if b.text() == "Hand the device to Noor Example").click()
    handover = window.rooms.handover
    while not handover.at_end:  # Noor answers her own part
        for question in handover.page.visible_questions():
            if question.values:
                press_option(qtbot, question, question.values[-1])
        handover.next()
    press(qtbot, handover.hand_back)
    cover = next(c for c in handover.findChildren(LockCover))
    qtbot.keyClicks(cover.secret, "482913")
    with qtbot.waitSignal(handover.destroyed, timeout=5_000):
        qtbot.keyClick(cover.secret, Qt.Key.Key_Return)
    main = wizard.panel.buttons[0]
    assert main.text() == "Switch to Sam Sample alone" and main.objectName() == "primary"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is main)
    press(qtbot, QApplication.focusWidget())
    assert window.audience.audience == Audience.alone("p2")


def test_a_start_with_clients_puts_the_keyboard_in_the_search_and_down_in_the_list(
    window, qtbot, monkeypatch
):
    add_client(window, qtbot, monkeypatch, [{"name": "Ana Uno"}])
    add_client(window, qtbot, monkeypatch, [{"name": "Ben Dos"}])  # the most recent
    window.close()
    window.practice.database.engine.dispose()
    again = app_module.start(None)
    qtbot.addWidget(again)
    page = again.rooms.clients_page
    again.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.table
    wait_for_client_page(again, qtbot, again.rooms.clients.client_id)
    assert page.client_page.view.display_name == "Ben Dos"  # the most recent, shown
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.client_page.view.display_name == "Ana Uno")


def test_when_a_dialog_closes_the_window_takes_the_keyboard_back(qtbot, monkeypatch):
    """With no window manager (as offscreen), nothing activated the window when the
    welcome closed: the keyboard went nowhere."""
    monkeypatch.setattr(app_module, "ask_who_is_using", REAL_WELCOME)
    shown: list[WelcomeDialog] = []
    monkeypatch.setattr(
        Dialogs, "show_dialog", lambda self, dialog: (shown.append(dialog), dialog.open())
    )
    window = app_module.start(None)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown) and shown[0].isVisible())
    welcome = shown[0]
    welcome.activateWindow()
    qtbot.waitUntil(welcome.isActiveWindow)
    welcome.later_button.click()  # "Ask me next time"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert QApplication.focusWidget() is window.rooms.empty_state.button  # Add your first client
    box = QMessageBox(QMessageBox.Icon.Information, "Therapist Desk", "Saved.", parent=window)
    box.open()  # any dialog of the app, closed by keyboard
    qtbot.waitUntil(box.isActiveWindow)
    press(qtbot, QApplication.focusWidget())
    assert not box.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert QApplication.focusWidget() is window.rooms.empty_state.button
