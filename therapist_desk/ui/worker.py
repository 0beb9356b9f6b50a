"""Run slow work (PDFs, backups) off the UI thread and report back through signals.

The worker never touches a widget: it emits ``done`` with the result or ``failed`` with
a message, and Qt delivers those to the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from therapist_desk.errors import UserError


class WorkerSignals(QObject):
    """What a worker reports: its result, or a message a person can act on."""

    done = Signal(object)
    failed = Signal(str)


class Worker(QRunnable):
    """Calls ``job()`` on a pool thread."""

    def __init__(self, job: Callable[[], Any]) -> None:
        super().__init__()
        self.job = job
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self.job()
        except UserError as err:
            self.signals.failed.emit(str(err))
        except Exception as err:  # a worker must never die silently
            self.signals.failed.emit(f"Something went wrong: {type(err).__name__}: {err}")
        else:
            self.signals.done.emit(result)


class _Relay(QObject):
    """Lives on the UI thread, so the callbacks it calls run there (queued delivery)."""

    def __init__(self, on_done: Callable[[Any], None], on_failed: Callable[[str], None]) -> None:
        super().__init__()
        self.on_done, self.on_failed = on_done, on_failed

    @Slot(object)
    def done(self, result: Any) -> None:
        _RUNNING.discard(self)
        self.on_done(result)

    @Slot(str)
    def failed(self, message: str) -> None:
        _RUNNING.discard(self)
        self.on_failed(message)


_RUNNING: set[_Relay] = set()


def run_in_background(
    job: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
) -> Worker:
    """Start ``job`` on the global thread pool; callbacks run on the UI thread."""
    worker = Worker(job)
    relay = _Relay(on_done, on_failed)
    _RUNNING.add(relay)
    worker.signals.done.connect(relay.done)
    worker.signals.failed.connect(relay.failed)
    QThreadPool.globalInstance().start(worker)
    return worker
