"""The one way off the UI thread: `run_op` runs slow work on a worker and reports back.

Anything that can take longer than a frame — a PDF, printing, an email, a backup, an
erasure, an encryption change, completing an intake, loading a client's page — goes
through `run_op`. The worker never touches a widget: it emits ``done`` with the result
or ``failed`` with a message a person can act on, and Qt delivers either to the UI
thread. A long operation can show a busy box (`Progress`), which blocks the window
while it runs; there is no nested event loop anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from therapist_desk.services.errors import failure_message


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


@dataclass(frozen=True)
class Progress:
    """A busy box over ``parent`` saying what is being done, if it takes a moment.

    It appears after ``delay_ms`` (a quick job shows nothing), is modal to the window so
    nothing else can be started meanwhile, and has no Cancel: the job finishes or fails.
    """

    parent: QWidget
    label: str
    delay_ms: int = 400


def _busy_box(progress: Progress) -> QProgressDialog:
    box = QProgressDialog(progress.label, "", 0, 0, progress.parent)
    box.setWindowTitle(progress.parent.tr("Please wait"))
    box.setCancelButton(None)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setMinimumDuration(progress.delay_ms)
    box.setAutoClose(False)
    box.setAutoReset(False)
    box.setValue(0)
    return box


class _Relay(QObject):
    """Lives on the UI thread, so the callbacks it calls run there (queued delivery)."""

    def __init__(
        self,
        worker: Worker,
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None],
        box: QProgressDialog | None,
    ) -> None:
        super().__init__()
        self.worker = worker  # released only once its result has arrived here
        self.on_done, self.on_failed, self.box = on_done, on_failed, box

    def _finish(self) -> None:
        _RUNNING.discard(self)
        if self.box is not None:
            self.box.close()
            self.box.deleteLater()
            self.box = None

    @Slot(object)
    def done(self, result: Any) -> None:
        self._finish()
        self.on_done(result)

    @Slot(str)
    def failed(self, message: str) -> None:
        self._finish()
        self.on_failed(message)


_RUNNING: set[_Relay] = set()
_HOUSEKEEPING: list[QThreadPool] = []


def housekeeping_pool() -> QThreadPool:
    """The pool of start-up housekeeping (the catalogue read, modules loaded ahead, old
    drafts removed): work that nothing waits for, so it does not count as busy for an
    encryption change, which refuses while the global pool has work."""
    if not _HOUSEKEEPING:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        _HOUSEKEEPING.append(pool)
    return _HOUSEKEEPING[0]


def running() -> int:
    """How many operations are still on their way."""
    return len(_RUNNING)


def run_op(
    job: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
    *,
    progress: Progress | None = None,
    housekeeping: bool = False,
) -> Worker:
    """Start ``job`` on the global thread pool (or the `housekeeping_pool`); the
    callbacks run on the UI thread."""
    worker = Worker(job)
    box = _busy_box(progress) if progress is not None else None
    relay = _Relay(worker, on_done, on_failed, box)
    _RUNNING.add(relay)
    worker.signals.done.connect(relay.done)
    worker.signals.failed.connect(relay.failed)
    (housekeeping_pool() if housekeeping else QThreadPool.globalInstance()).start(worker)
    return worker
