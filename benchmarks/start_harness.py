"""One timed start in a fresh process, for `run_all.py` (not run by hand).

``start_harness.py MODE [DB]`` prints one JSON line, ``{"at": wall-clock seconds, "hwm_kb":
peak resident memory}``, at the moment MODE is reached, then exits. The parent notes the
wall clock just before starting this process, so the figure includes interpreter start.

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


def report() -> None:
    print(json.dumps({"at": time.time(), "hwm_kb": peak_kb()}), flush=True)


def on_paint(widget_of, ready=lambda: True) -> None:  # type: ignore[no-untyped-def]
    """Report and quit at the first paint of ``widget_of()`` once ``ready()``."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and obj is widget_of() and ready():
                QApplication.instance().removeEventFilter(self)
                QTimer.singleShot(0, lambda: (report(), QApplication.exit(0)))
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)
    on_paint.keep = watch  # type: ignore[attr-defined]


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1180, 760)
    on_paint(lambda: window)
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


def app(db: Path, until_list: bool) -> int:
    from therapist_desk import app as therapist_app

    qt_app = therapist_app.ensure_application()
    holder: dict[str, object] = {}

    def target():  # type: ignore[no-untyped-def]
        window = holder.get("window")
        if window is None or not until_list:
            return window
        if not getattr(window, "attached", False):
            return None
        return window.rooms.clients_page.table.viewport()  # type: ignore[attr-defined]

    def ready() -> bool:
        window = holder.get("window")
        return not until_list or window.rooms.clients_page.model.rowCount() > 0  # type: ignore[union-attr]

    on_paint(target, ready)
    # As `therapist-desk` starts: the window paints, then the database is opened into it.
    holder["window"] = therapist_app.launch(db, lambda: qt_app.exit(2))
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
