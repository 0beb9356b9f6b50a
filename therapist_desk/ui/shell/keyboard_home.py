"""The keyboard comes back to the main window when another window of the app goes.

Two ways it was lost. The full-screen handover window, destroyed after the clinician's
PIN, took the main window's focus with it: Qt then gave the keyboard to the first
widget of the window (the page list, which shows no focus), and Enter did not press the
page's main action. And under a bare X server (no window manager) nobody activates the
main window when a modal dialog of the app closes: the keyboard went to the root
window, and no key reached the app until a click.

`KeyboardHome` puts the main window back in front when one of the app's own windows
went and left the keyboard nowhere (a modal dialog closing unblocks the main window:
one event filter on that window sees it, for every dialog of the app), and gives the
keyboard to the page's main action (``refocus``) where nothing in the window has it.
It never takes the keyboard from another program: it acts only when the dialog that
closed had the keyboard and no other window has it now.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid


class KeyboardHome(QObject):
    """Brings the keyboard back to ``window`` (and ``refocus()`` its page) when another
    window of the app closes."""

    def __init__(self, window: QWidget, refocus: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.refocus = window, refocus
        self._had_keyboard: QWindow | None = None  # the window with the keyboard last
        window.installEventFilter(self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._keyboard_moved)

    def after_closing(self, closing: QWidget) -> None:
        """``closing`` (a window of the app) is about to go: once it is destroyed, the
        main window takes the keyboard again, on its page's main action (destroying a
        window that had the keyboard leaves the main window none of its own)."""
        closing.destroyed.connect(lambda *_: QTimer.singleShot(0, self, self._come_back))

    def _keyboard_moved(self, now: QWindow | None) -> None:
        self._had_keyboard = now  # None: another program has it (a window manager said so)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowUnblocked:
            closed = self._had_keyboard  # a modal dialog of the app closed
            QTimer.singleShot(0, self, lambda: self.bring_back(closed))
        return False

    def bring_back(self, closed: QWindow | None) -> None:
        """When ``closed`` (the dialog that had the keyboard) is gone and no other window
        has the keyboard, the main window takes it (and its page, if nothing in it had
        the keyboard). Nothing when the keyboard was with another program."""
        if closed is None or closed is self.window.windowHandle():
            return
        now = QGuiApplication.focusWindow()
        if now is not None and now.isVisible():
            return  # another window (or the window manager) has it already
        if isValid(closed) and closed.isVisible():
            return
        focus = self.window.focusWidget()
        self._come_back(refocus=focus is None or not focus.isVisible())

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
