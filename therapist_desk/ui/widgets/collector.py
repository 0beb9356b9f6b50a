"""Python's garbage collector runs on the UI thread only.

The automatic collector runs in whichever thread happens to allocate when a threshold
is crossed: a worker loading a client's page, say. Garbage it finds there can hold
Qt objects (a closed dialog and the lambdas connected to it), and deleting a widget
outside the UI thread crashes the app (a segmentation fault during "Garbage-collecting"
on a worker, seen in the test run). So once the app is up the automatic collector is
off, and a timer on the UI thread does the same collections, by the same thresholds,
a few times a second (the approach calibre takes for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

INTERVAL_MS = 250
NAME = "uiThreadCollector"


def collect_due() -> int | None:
    """Collect the oldest generation whose count is over its threshold, as the automatic
    collector would; the generation collected, or None."""
    counts, limits = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if limits[generation] and counts[generation] > limits[generation]:
            gc.collect(generation)
            return generation
    return None


class _Collector(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(NAME)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(collect_due)
        self.timer.start()


def collecting_on_ui_thread() -> bool:
    """Whether `collect_on_ui_thread` has taken over from the automatic collector."""
    app = QApplication.instance()
    return app is not None and app.findChild(QObject, NAME) is not None


def collect_on_ui_thread() -> None:
    """Turn the automatic collector off for good and collect from the UI thread instead
    (once per application; safe to call again)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    gc.disable()
    if not collecting_on_ui_thread():
        _Collector(app)
