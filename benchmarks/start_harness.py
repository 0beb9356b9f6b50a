"""One timed start in a fresh process, for `run_all.py` (not run by hand).

``start_harness.py MODE [DB]`` prints one JSON line, ``{"at": wall-clock seconds, "hwm_kb":
peak resident memory, "cpu_s": CPU seconds used}``, at the moment MODE is reached, then
exits. The parent notes the wall clock just before starting this process, so the figure
includes interpreter start. Nothing is watched but the widget whose paint is timed.

- ``bare``: a bare PySide6 QMainWindow, at its first paint;
- ``app``: the app's own ``launch()`` on DB (as ``therapist-desk`` starts), at the first
  paint of its main window;
- ``bare-list``: QApplication + import sqlmodel + engine + one SELECT of a page of clients;
- ``app-list``: the app on DB, when the client list has rows and has been painted.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def peak_kb() -> int:
    """The process's peak resident set (VmHWM), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def cpu_seconds() -> float:
    """CPU time this process has used (user + system), all threads."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report() -> None:
    at = time.time()
    print(json.dumps({"at": at, "hwm_kb": peak_kb(), "cpu_s": cpu_seconds()}), flush=True)


class _PaintWatch:
    """Reports and quits at the first paint of one widget once ``ready()``.

    The filter sits on that widget only. An application-wide Python event filter would
    see every event of every object and make PySide wrap objects the app itself never
    hands to Python (a QPropertyAnimation of the main window's layout, for one): that
    builds 191 lazy Python enums, about 28 ms, inside the measured start of any window
    with a central widget, and none inside a bare QMainWindow's.
    """

    def __init__(self, widget, ready=lambda: True) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication

        paint = QEvent.Type.Paint

        class Watch(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() == paint and ready():
                    obj.removeEventFilter(self)
                    QTimer.singleShot(0, lambda: (report(), QApplication.exit(0)))
                return False

        self.filter = Watch()
        widget.installEventFilter(self.filter)


_watches: list[_PaintWatch] = []


def on_paint(widget, ready=lambda: True) -> None:  # type: ignore[no-untyped-def]
    """Report and quit at the first paint of ``widget`` once ``ready()``."""
    _watches.append(_PaintWatch(widget, ready))


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1180, 760)
    on_paint(window)
    window.show()
    return app.exec()


def bare_list(db: Path) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    import sqlmodel
    from sqlalchemy import text

    engine = sqlmodel.create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        connection.execute(
            text(
                "SELECT id, reference, kind, display_name, last_activity_at, archived_at"
                " FROM client WHERE archived_at IS NULL"
                " ORDER BY last_activity_at DESC, id DESC LIMIT 100"
            )
        ).fetchall()
    report()
    del app
    return 0


def watch_list_paint() -> None:
    """Report and quit at the client list's first paint with rows in it.

    The list's rows are painted by its table's ``paintEvent`` (a scroll area paints its
    viewport there), so the harness gives the page a table that reports after its
    first paint with rows. Asking the table for its viewport instead would make PySide
    wrap a widget the app never hands to Python, which initialises every QtWidgets
    class (46 lazy enums) inside the measured start.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QTableView

    from therapist_desk.ui.clients import list_page

    class WatchedTable(QTableView):
        reported = False

        def paintEvent(self, event):  # type: ignore[no-untyped-def]
            super().paintEvent(event)
            model = self.model()
            if not self.reported and model is not None and model.rowCount() > 0:
                self.reported = True
                QTimer.singleShot(0, lambda: (report(), QApplication.exit(0)))

    list_page.QTableView = WatchedTable  # type: ignore[misc]


def app(db: Path, until_list: bool) -> int:
    from therapist_desk import app as therapist_app

    qt_app = therapist_app.ensure_application()
    if until_list:
        watch_list_paint()
    # As `therapist-desk` starts: the window paints, then the database is opened into it.
    window = therapist_app.launch(db, lambda: qt_app.exit(2))
    if not until_list:
        on_paint(window)
    return qt_app.exec()


def main() -> int:
    mode = sys.argv[1]
    db = Path(sys.argv[2]) if len(sys.argv) > 2 else Path()
    if mode == "bare":
        return bare()
    if mode == "bare-list":
        return bare_list(db)
    return app(db, until_list=mode == "app-list")


if __name__ == "__main__":
    sys.exit(main())
