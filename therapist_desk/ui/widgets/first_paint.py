"""Run something once a widget is on screen: how the start shows the window before the
practice is opened (`app.launch`), and the list before what can wait (`app.once_shown`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

FIRST_PAINT_WAIT_MS = 1000  # goes on without a paint after this (a window opened minimised)


class _FirstPaint(QObject):
    """Calls ``then`` once, soon after ``widget`` has painted for the first time (or after
    ``FIRST_PAINT_WAIT_MS`` if it is not painted)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._run)
        # A filter still watching when the app quits would be called from Python while
        # the interpreter shuts down (the widget's last events): a crash at exit.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._stop)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self._stop()
            QTimer.singleShot(0, self, self._run)
        return False

    def _stop(self) -> None:
        if isValid(self.widget):  # the widget may be gone by the time the app quits
            self.widget.removeEventFilter(self)

    def _run(self) -> None:
        self._stop()
        then, self.then = self.then, None
        if then is not None:
            then()


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Run ``then`` on the event loop once ``widget`` has been painted."""
    _FirstPaint(widget, then)
