"""The app's one application-wide event filter: what the person at the keyboard does.

Two things need to see input wherever it goes: Enter on a focused push button outside a
dialog presses it (`enter_key`), and the auto-lock needs the time of the last key,
click, wheel or mouse move (`ui.security.autolock.IdleWatcher`). A Python filter on the
application is called for every event of every widget (a paint, a timer, a layout
request: millions in a session), so there is one, and it returns at once for anything
that is not input: a type check, without asking the event its type (which builds a
Python enum member per call).

It is installed once the main window shows its list (`app.once_shown`): made while the
pages are built, it would make PySide wrap every internal object they make (129 enum
types, 20-30 ms of the start).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QInputEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

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


class InputWatch(QObject):
    """Stamps the time of activity, and lets Enter press the focused button."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        global _last_input
        if not isinstance(event, QInputEvent):
            return False
        kind = event.type()
        if kind in ACTIVITY:
            _last_input = time.monotonic()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return presses_button(watched, event)
        return False


def install(app: QApplication) -> None:
    """Install the filter on ``app`` (once)."""
    if app.property("inputWatch"):
        return
    app.installEventFilter(InputWatch(app))
    app.setProperty("inputWatch", True)


def last_input() -> float:
    """When (``time.monotonic()``) the last key, click, wheel or mouse move came."""
    return _last_input
