"""Make the first PDF as smooth as the later ones: warm the renderer while the app is idle.

The first PDF used to stall the event loop for 90-230 ms (later ones: about 25 ms).
Measured on the 10,000-client practice (docs/benchmarks.md), that stall was not the
imports as such: loading reportlab and pypdf is mostly Python, which hands the GIL to the
UI thread every few milliseconds. It was the full garbage collection their allocations
set off: one pass over the 100,000 objects the app has made by then, which holds the GIL
for 150 ms or more. So, a moment after the window is shown, the warm-up

1. freezes what start-up made (`gc.freeze`): the window, models and modules live as long
   as the app, and the collector stops walking them (their memory is freed as usual when
   their reference count drops; only cycles among them would be kept);
2. loads reportlab, pypdf and the report fonts on a thread of its own (`reports.warm_up`);
3. freezes again, so the renderer's own objects stay out of later collections too.

The loading thread reports through one courier object that lives as long as the process,
so its report is safe to deliver whenever it comes, even after the window is gone.

Call `start_warmup(window)` once the main window is shown.
"""

from __future__ import annotations

import gc
import itertools
import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from therapist_desk import reports

WARMUP_DELAY_MS = 1500  # after the first paint, out of the way of start-up's own work
log = logging.getLogger(__name__)
_tokens = itertools.count(1)


class _Courier(QObject):
    """Carries a loading thread's outcome to the UI thread (queued). One per process."""

    loaded = Signal(int, str)  # which warm-up, and "" or what went wrong


_courier: _Courier | None = None


def _the_courier() -> _Courier:
    global _courier
    if _courier is None:
        _courier = _Courier()  # made on the UI thread, never deleted
    return _courier


class WarmUp(QObject):
    """Loads the PDF renderer in the background once; ``finished`` says it is done.

    A failure is not the user's concern here (the first PDF will load the renderer
    itself, and report any problem then): it is logged and ``error`` holds the message.
    """

    finished = Signal()

    def __init__(self, parent: QObject | None = None, delay_ms: int = WARMUP_DELAY_MS) -> None:
        super().__init__(parent)
        self.done = False
        self.error: str | None = None
        self._token = next(_tokens)
        self._courier = _the_courier()
        self._courier.loaded.connect(self._loaded)
        QTimer.singleShot(delay_ms, self, self._begin)

    def _begin(self) -> None:
        gc.freeze()
        loader = threading.Thread(target=_load, args=(self._courier, self._token))
        loader.name = "pdf-warm-up"
        loader.start()

    def _loaded(self, token: int, problem: str) -> None:
        if token != self._token or not isValid(self):
            return
        gc.freeze()
        if problem:
            log.warning("PDF warm-up failed: %s", problem)
            self.error = problem
        self.done = True
        self.finished.emit()


def _load(courier: _Courier, token: int) -> None:
    """On the loading thread: warm the renderer, then report through the courier."""
    try:
        reports.warm_up()
    except Exception as err:  # reported, never raised on a thread nobody watches
        problem = f"{type(err).__name__}: {err}"
    else:
        problem = ""
    courier.loaded.emit(token, problem)


def start_warmup(parent: QObject, delay_ms: int = WARMUP_DELAY_MS) -> WarmUp:
    """Warm the PDF renderer ``delay_ms`` from now, in the background, owned by ``parent``."""
    return WarmUp(parent, delay_ms)
