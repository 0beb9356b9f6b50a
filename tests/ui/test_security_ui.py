"""Encrypting from Settings, the passphrase at start, and the lock screen, as a user sees them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from ui_driver import first_client_name

from therapist_desk import app as app_module
from therapist_desk.models import ClientCreate
from therapist_desk.services import clients
from therapist_desk.ui.clients.client_dialog import ClientDialog
from therapist_desk.ui.security.autolock import LockCover
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.dialogs import Dialogs

PASSPHRASE = "quiet harbour lights"
NAME = "Isolde Wetherby-Nakamura"


def add_person(window: MainWindow, name: str = NAME) -> None:
    data = {"kind": "individual", "participants": [{"name": name}]}
    clients.create_client(practice=window.practice, data=ClientCreate.model_validate(data))
    window.show_home()


def when_modal_opens(qtbot, act: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog once it is shown (its exec() blocks the test)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, poll)
            return
        act(dialog)

    QTimer.singleShot(0, poll)


def open_settings(window: MainWindow, monkeypatch, act: Callable[[object], None]) -> None:
    """Settings…, with ``act(dialog)`` done in it before Save."""

    def run(self, dialog) -> bool:
        act(dialog)
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.settings.trigger()


def encrypt_from_settings(window: MainWindow, qtbot, monkeypatch) -> str:
    """Settings > Security > Encrypt, typing the passphrase twice; returns the result text."""
    shown: dict[str, str] = {}

    def act(dialog) -> None:
        dialog.tabs.setCurrentWidget(dialog.security)
        box = dialog.security
        assert box.status.text().startswith("Off:")

        def type_passphrase(passphrase_dialog) -> None:
            passphrase_dialog.new.setText(PASSPHRASE)
            passphrase_dialog.confirm.setText(PASSPHRASE)
            passphrase_dialog.try_accept()

        when_modal_opens(qtbot, type_passphrase)
        box.encrypt_button.click()
        qtbot.waitUntil(lambda: box.result.text() != "", timeout=30_000)
        shown["status"], shown["result"] = box.status.text(), box.result.text()

    open_settings(window, monkeypatch, act)
    assert shown["status"].startswith("On:"), shown
    return shown["result"]


def covered_everywhere(window: QWidget, cover: QWidget) -> bool:
    """Whether every point of ``window`` shows the cover (nothing of the page under it)."""
    rect = window.rect()
    for x in range(5, rect.width(), max(1, rect.width() // 9)):
        for y in range(5, rect.height(), max(1, rect.height() // 9)):
            top = window.childAt(x, y)
            if top is not cover and not cover.isAncestorOf(top):
                return False
    return True


def window_cover(window: QWidget) -> LockCover:
    """The lock cover shown over ``window``."""
    (cover,) = [c for c in window.findChildren(LockCover) if c.isVisible()]
    return cover


def visible_text(widget: QWidget) -> str:
    """Every label text a person can see in ``widget`` (covers included)."""
    return " ".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def test_encrypt_from_settings_then_the_next_start_asks_for_the_passphrase(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_person(window)
    db = window.practice.database.path

    result = encrypt_from_settings(window, qtbot, monkeypatch)

    assert result == "The database and its backups are now encrypted with the new passphrase."
    assert db.read_bytes()[:16] != b"SQLite format 3\x00"
    assert NAME.encode() not in db.read_bytes()
    assert first_client_name(window) == NAME  # still usable
    window.close()
    window.practice.database.engine.dispose()

    asked: list[tuple[str, str]] = []
    answers = iter(["quiet harbour light", PASSPHRASE])

    def ask(problem) -> str:
        asked.append((problem.kind, str(problem)))
        return next(answers)

    monkeypatch.setattr(app_module, "ask_start_passphrase", ask)
    again = app_module.start(None)
    assert again is not None
    qtbot.addWidget(again)
    assert [kind for kind, _ in asked] == ["encrypted", "wrong_passphrase"]
    assert "That passphrase does not open" in asked[1][1]
    assert first_client_name(again) == NAME
    again.close()
    again.practice.database.engine.dispose()


def test_quitting_at_the_passphrase_prompt_leaves_the_file_alone(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_person(window)
    encrypt_from_settings(window, qtbot, monkeypatch)
    window.close()
    window.practice.database.engine.dispose()
    db = window.practice.database.path
    before = db.read_bytes()
    monkeypatch.setattr(app_module, "ask_start_passphrase", lambda problem: None)
    assert app_module.start(None) is None
    assert db.read_bytes() == before


def test_the_start_prompt_says_what_is_wrong(qtbot, tmp_path: Path) -> None:
    from therapist_desk.store.errors import DatabaseProblem
    from therapist_desk.ui.security.passphrase_dialog import StartPassphraseDialog

    problem = DatabaseProblem(
        "That passphrase does not open /x/practice.sqlite3. Check it and try again.",
        path=tmp_path / "practice.sqlite3",
        kind="wrong_passphrase",
        latest_backup=None,
    )
    dialog = StartPassphraseDialog(problem)
    qtbot.addWidget(dialog)
    assert dialog.error.text().startswith("That passphrase does not open")
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password
    dialog.open_button.click()  # nothing typed
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.text() == "Type the passphrase, or choose Quit."


def test_a_mismatched_or_short_new_passphrase_is_refused(qtbot) -> None:
    from therapist_desk.ui.security.passphrase_dialog import NewPassphraseDialog

    dialog = NewPassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.new.setText("short")
    dialog.confirm.setText("short")
    dialog.try_accept()
    assert dialog.error.text() == "Use at least 8 characters for the passphrase."
    dialog.new.setText(PASSPHRASE)
    dialog.confirm.setText(PASSPHRASE + "!")
    dialog.try_accept()
    assert "not the same" in dialog.error.text() and dialog.passphrase == ""

    changing = NewPassphraseDialog(check_current=lambda text: text == PASSPHRASE)
    qtbot.addWidget(changing)
    changing.current.setText("wrong one")
    changing.new.setText("another good passphrase")
    changing.confirm.setText("another good passphrase")
    changing.try_accept()
    assert changing.error.text() == "The current passphrase is not right."
    changing.current.setText(PASSPHRASE)
    changing.try_accept()
    assert changing.passphrase == "another good passphrase"


def test_locking_needs_a_passphrase_or_a_pin(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.rooms.actions.lock.trigger()
    assert not window.rooms.screen_lock.locked
    [(_, told)] = window.informed
    assert "Settings > Security" in told


def test_idle_locks_every_window_and_only_the_pin_unlocks(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_person(window)

    def set_pin(dialog) -> None:
        box = dialog.security

        def type_pin(pin_dialog) -> None:
            pin_dialog.field.setText("482913")
            pin_dialog.again.setText("482913")
            pin_dialog.try_accept()

        when_modal_opens(qtbot, type_pin)
        box.pin_button.click()
        box.autolock.setValue(5)

    open_settings(window, monkeypatch, set_pin)
    settings = window.practice.settings
    assert settings.autolock_minutes == 5 and settings.lock_pin_hash.startswith("scrypt$")
    assert "482913" not in window.practice.settings_path.read_text(encoding="utf-8")

    # A client dialog half filled in when the computer is left alone.
    dialog = ClientDialog(parent=window)
    dialog.forms[0].inputs["name"].setText("Half-typed Name")
    dialog.show()
    qtbot.addWidget(dialog)
    dialog.forms[0].inputs["name"].setFocus()
    window.rooms.idle_watcher.set_minutes(0.002)  # 0.12 s instead of minutes
    qtbot.waitUntil(lambda: window.rooms.screen_lock.locked, timeout=3000)
    window.rooms.idle_watcher.set_minutes(0)

    covers = [c for c in QApplication.allWidgets() if isinstance(c, LockCover) and c.isVisible()]
    assert {c.parentWidget() for c in covers} == {window, dialog}
    for cover in covers:
        assert cover.geometry() == cover.parentWidget().rect()
        assert "is locked" in visible_text(cover)
    assert window.windowTitle() == dialog.windowTitle() == "Therapist Desk — locked"
    assert not window.centralWidget().isEnabled() and not dialog.forms[0].isEnabled()
    assert all(covered_everywhere(c.parentWidget(), c) for c in covers)
    assert not window.rooms.actions.new_client.isEnabled()
    opened: list[object] = []
    monkeypatch.setattr(Dialogs, "run_dialog", lambda self, d: opened.append(d) or False)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == []  # the New client shortcut does nothing behind the lock

    cover = next(c for c in covers if c.parentWidget() is dialog)
    cover.secret.setText("000000")
    cover.button.click()
    assert window.rooms.screen_lock.locked
    assert cover.error.text() == "That is not the PIN. Try again."  # only a PIN was asked for
    cover.secret.setText("482913")
    cover.button.click()

    assert not window.rooms.screen_lock.locked
    assert not any(isinstance(c, LockCover) and c.isVisible() for c in QApplication.allWidgets())
    assert window.windowTitle() == "Therapist Desk"
    assert dialog.forms[0].inputs["name"].text() == "Half-typed Name"  # nothing was lost
    assert dialog.focusWidget() is dialog.forms[0].inputs["name"]  # typing goes on there
    assert dialog.forms[0].isEnabled() and window.rooms.actions.new_client.isEnabled()
    dialog.close()


def test_too_many_wrong_tries_make_the_lock_wait(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapist_desk.settings import hash_pin

    window.practice.settings.lock_pin_hash = hash_pin("2468")
    window.rooms.actions.lock.trigger()
    assert window.rooms.screen_lock.locked
    cover = window_cover(window)
    for _ in range(5):
        window.rooms.screen_lock.try_unlock("1111")
    assert "wait 30 seconds" in cover.error.text()
    assert not cover.secret.isEnabled()
    assert not window.rooms.screen_lock.try_unlock("2468")  # even the right PIN waits
    window.rooms.screen_lock._pause.stop()
    window.rooms.screen_lock._end_pause()
    assert window.rooms.screen_lock.try_unlock("2468")


def test_the_passphrase_unlocks_an_encrypted_practice(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_person(window)
    encrypt_from_settings(window, qtbot, monkeypatch)
    window.rooms.actions.lock.trigger()
    assert window.rooms.screen_lock.locked
    cover = window_cover(window)
    assert "database passphrase" in cover.hint.text()
    assert covered_everywhere(window, cover)
    cover.secret.setText(PASSPHRASE)
    cover.secret.returnPressed.emit()
    assert not window.rooms.screen_lock.locked


def test_enter_and_escape_on_the_lock_never_reach_the_dialog_under_it(
    window: MainWindow, qtbot
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from therapist_desk.settings import hash_pin

    window.practice.settings.lock_pin_hash = hash_pin("1357")
    confirm = QMessageBox(
        QMessageBox.Icon.Warning, "Erase client", "Erase this client for good?", parent=window
    )
    erase = confirm.addButton("Erase", QMessageBox.ButtonRole.DestructiveRole)
    confirm.addButton(QMessageBox.StandardButton.Cancel)
    confirm.setDefaultButton(erase)
    confirm.show()
    qtbot.addWidget(confirm)
    window.rooms.screen_lock.lock()
    cover = window_cover(confirm)

    qtbot.keyClick(cover.secret, Qt.Key.Key_Escape)
    assert confirm.isVisible()  # Escape did not cancel the dialog under the lock
    qtbot.keyClicks(cover.secret, "1357")
    qtbot.keyClick(cover.secret, Qt.Key.Key_Return)

    assert not window.rooms.screen_lock.locked
    assert confirm.isVisible() and confirm.clickedButton() is None  # nothing was pressed
    confirm.close()


def test_a_box_closed_while_locked_does_not_keep_the_app_locked(window: MainWindow, qtbot) -> None:
    from PySide6.QtWidgets import QMessageBox

    from therapist_desk.settings import hash_pin

    window.practice.settings.lock_pin_hash = hash_pin("1357")
    note = QMessageBox(QMessageBox.Icon.Information, "Saved", "The PDF was saved.", parent=window)
    note.show()
    window.rooms.screen_lock.lock()
    note.close()
    note.deleteLater()
    qtbot.waitUntil(lambda: not any(w is note for w in QApplication.topLevelWidgets()))

    assert window.rooms.screen_lock.try_unlock("1357")
    assert not window_cover_shown(window) and window.rooms.actions.new_client.isEnabled()
    assert window.windowTitle() == "Therapist Desk"


def window_cover_shown(window: QWidget) -> bool:
    return any(c.isVisible() for c in window.findChildren(LockCover))


def test_typing_and_moving_the_mouse_keep_the_idle_lock_away(window: MainWindow, qtbot) -> None:
    idle: list[bool] = []
    watcher = window.rooms.idle_watcher
    watcher.idle.connect(lambda: idle.append(True))
    watcher.set_minutes(0.004)  # idle after 0.24 s
    screen = window.windowHandle()  # input as it comes: to the window, then its widget
    search = window.rooms.clients_page.search
    search.setFocus()
    for step in range(12):  # 0.6 s of someone working: a key, then the mouse
        if step % 2:
            qtbot.mouseMove(screen, search.mapTo(window, QPoint(10 + step, 10)))
        else:
            qtbot.keyClick(screen, Qt.Key.Key_A)
        qtbot.wait(50)
    assert search.text() == "aaaaaa"
    assert idle == []
    qtbot.waitUntil(lambda: idle == [True], timeout=3000)  # left alone, it is idle
    watcher.set_minutes(0)
