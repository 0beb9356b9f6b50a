"""What the person at the keyboard does, seen where input arrives: the app's windows.

Two things need to see input wherever it goes: Enter on a focused push button outside a
dialog presses it (`enter_key`), and the auto-lock needs the time of the last key,
click, wheel or mouse move (`ui.security.autolock.IdleWatcher`). Qt hands every key,
click and mouse move to the window (`QWindow`) it is for before the widget under it;
one filter on each window of the app sees all of that and nothing else. (A filter on
the whole application, as before, was called from Python for every event of every
widget, millions in a session, and the first of those calls made PySide build Python
types for every Qt class there is: 80-190 ms in one go, soon after the start.) A window
is watched from the moment it first has the keyboard, the main window from the start.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QInputEvent, QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from therapist_desk.ui.widgets.enter_key import presses_button

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)

_last_input = time.monotonic()
_watch: InputWatch | None = None


class InputWatch(QObject):
    """On each window of the app: stamps the time of activity, and lets Enter press the
    focused button."""

    def watch(self, window: QWindow | None) -> None:
        """See the input of ``window`` too (again: no change)."""
        if window is not None:
            window.installEventFilter(self)  # once: a second install only moves it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        global _last_input
        if not isinstance(event, QInputEvent):
            return False
        kind = event.type()
        if kind in ACTIVITY:
            _last_input = time.monotonic()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            # The key goes on to the window's focus widget: Enter presses it if a button.
            target = watched.focusObject() if isinstance(watched, QWindow) else None
            return presses_button(target, event)
        return False


def install(app: QApplication, main_window: QWidget) -> None:
    """Watch the input of ``main_window`` and of every window that gets the keyboard."""
    global _watch
    if _watch is None:
        _watch = InputWatch(app)
        app.focusWindowChanged.connect(_watch.watch)
    _watch.watch(main_window.windowHandle())
    _watch.watch(app.focusWindow())


def watch_window(window: QWidget) -> None:
    """Watch the input of ``window`` (shown) from now on: a window of the app's own, such
    as the handover, whether or not the system gives it the keyboard at once."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        install(app, window)


def last_input() -> float:
    """When (``time.monotonic()``) the last key, click, wheel or mouse move came."""
    return _last_input
