"""The keyboard comes back to the main window when another window of the app goes.

The full-screen handover window, destroyed after the clinician's PIN, took the main
window's focus with it: Qt then gave the keyboard to the first widget of the window
(the page list, which shows no focus), and Enter did not press the page's main
action. `KeyboardHome.after_closing` puts the main window back in front once such a
window is gone, and the keyboard on its page's main action (``refocus``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class KeyboardHome(QObject):
    """Brings the keyboard back to ``window`` (and ``refocus()`` its page) when another
    window of the app closes."""

    def __init__(self, window: QWidget, refocus: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.refocus = window, refocus

    def after_closing(self, closing: QWidget) -> None:
        """``closing`` (a window of the app) is about to go: once it is destroyed, the
        main window takes the keyboard again, on its page's main action (destroying a
        window that had the keyboard leaves the main window none of its own)."""
        closing.destroyed.connect(lambda *_: QTimer.singleShot(0, self, self._come_back))

    def _come_back(self, *, refocus: bool = True) -> None:
        window = self.window
        if not window.isVisible() or window.isMinimized():
            return
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget():
            return
        window.raise_()
        window.activateWindow()
        if refocus:
            self.refocus()
