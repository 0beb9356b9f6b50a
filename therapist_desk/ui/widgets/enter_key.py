"""Enter presses the focused button everywhere, not only in dialogs.

Qt gives Enter to a focused push button only inside a dialog (through its default and
auto-default buttons); on a page of the main window or in the handover window, Enter on
a focused "Record decision" or "Hand back to my therapist" did nothing, and only Space
worked. A clinician driving the app by keyboard expects Enter to press what has the
focus mark. Dialogs keep Qt's own rules (there, Enter goes to the default button, which
is Cancel wherever the action sends, erases, overrides or discards).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QPushButton


@cache
def enter_keys() -> tuple[Qt.Key, ...]:
    """Return and Enter (built on first use: Qt's key enum takes ~25 ms to build)."""
    return (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def presses_button(button: QObject | None, event: QKeyEvent) -> bool:
    """Whether this key press, going to ``button`` (the widget with the keyboard), was
    Enter on a push button outside a dialog, which it then clicked (`input_watch` asks
    for every key press)."""
    if event.key() not in enter_keys() or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    if not isinstance(button, QPushButton):
        return False
    if isinstance(button.window(), QDialog) or not button.isEnabled():
        return False
    if not button.isVisible():
        return False
    button.click()
    return True
