"""Garbage is collected on the UI thread only: a worker that makes plenty of it never
runs a collection (one there could delete a widget off the UI thread, and crash)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QDialog

from therapist_desk.ui.widgets.collector import collecting_on_ui_thread
from therapist_desk.ui.widgets.ops import run_op


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_busy_worker_never_collects_and_the_ui_thread_does(window, qtbot) -> None:
    qtbot.waitUntil(collecting_on_ui_thread, timeout=10000)  # once the window is shown
    assert not gc.isenabled()
    threads: list[str] = []

    def noted(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    dialog = QDialog()  # owned by Python: freed by the collection of its cycle
    dialog.cycle = dialog  # type: ignore[attr-defined]  # a widget only a collection frees
    gone = weakref.ref(dialog)
    del dialog
    done: list[int] = []

    def garbage() -> int:
        for _ in range(200_000):  # far over every threshold of the automatic collector
            Cycle()
        return 1

    gc.callbacks.append(noted)
    try:
        run_op(garbage, done.append, lambda message: done.append(0))
        qtbot.waitUntil(lambda: done == [1], timeout=30000)
        qtbot.waitUntil(lambda: gone() is None, timeout=10000)  # collected, all the same
    finally:
        gc.callbacks.remove(noted)
    assert threads and set(threads) == {threading.main_thread().name}
