"""Run slow work (PDFs, backups) off the UI thread and report back through signals.

The worker never touches a widget: it emits ``done`` with the result or ``failed`` with
a message, and Qt delivers those to the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from therapist_desk.errors import UserError
from therapist_desk.store.disk_full import disk_full_error


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
        # Kept alive by its relay until the result is delivered: auto-deleted on the pool
        # thread, the runnable would take its signals object with it while the queued
        # result was still on its way to the UI thread (a crash, seen under load).
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.job()
        except Exception as err:  # a worker must never die silently
            self._report(self.signals.failed, failure_message(err))
        else:
            self._report(self.signals.done, result)

    @staticmethod
    def _report(signal: Any, value: Any) -> None:
        with suppress(RuntimeError):  # the app is quitting and took the receiver with it
            signal.emit(value)


def failure_message(err: Exception) -> str:
    """What to tell the user about a job that failed: never SQL, its values or a traceback.

    A full disk is said as such, with what to do; a `UserError` is its own message.
    Anything else is named by its kind and the driver's own short message (SQLAlchemy
    adds the statement and its parameters, which may hold a client's answers).
    """
    full = disk_full_error(err, None)
    if full is not None:
        return str(full)
    if isinstance(err, UserError):
        return str(err)
    cause = getattr(err, "orig", None)
    detail = str(cause if isinstance(cause, BaseException) else err).strip()
    kind = f"Something went wrong: {type(err).__name__}"
    return f"{kind}: {detail.splitlines()[0]}" if detail else kind


class _Relay(QObject):
    """Lives on the UI thread, so the callbacks it calls run there (queued delivery)."""

    def __init__(
        self,
        worker: Worker,
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.worker = worker  # released only once its result has arrived here
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
    relay = _Relay(worker, on_done, on_failed)
    _RUNNING.add(relay)
    worker.signals.done.connect(relay.done)
    worker.signals.failed.connect(relay.failed)
    QThreadPool.globalInstance().start(worker)
    return worker
