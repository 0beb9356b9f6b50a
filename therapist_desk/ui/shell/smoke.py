"""The Qt half of `therapist-desk --smoke-test` (`therapist_desk.smoke`).

Each check returns None when it passed, else a short sentence saying what was wrong;
the smoke test turns that into its one failure line.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, QThreadPool
from PySide6.QtWidgets import QApplication

from therapist_desk.errors import UserError
from therapist_desk.ui.sharing.printing import PrinterChoice, load_pdf, run_print_job_process
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.ops import housekeeping_pool

PREVIEW_WIDTH = 300
PRINT_DPI = 100  # enough to prove the print job works, quick to draw
WORKERS_WAIT_MS = 30_000


def pdf_problem(pdf: bytes) -> str | None:
    """Read ``pdf`` with QtPdf, as the preview does, and draw its first page."""
    try:
        document, _buffer = load_pdf(pdf)
    except UserError as error:
        return str(error)
    try:
        if document.pageCount() < 1:
            return "QtPdf found no page"
        size = document.pagePointSize(0)
        height = round(PREVIEW_WIDTH * size.height() / size.width())
        if document.render(0, QSize(PREVIEW_WIDTH, height)).isNull():
            return "QtPdf drew nothing"
        return None
    finally:
        document.close()


def print_problem(pdf: bytes, target: Path) -> str | None:
    """Print ``pdf`` to the PDF file ``target`` as Print does, in the app's print job."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    printer.setResolution(PRINT_DPI)
    try:
        document, _buffer = load_pdf(pdf)
        expected = document.pageCount()
        document.close()
        printed = run_print_job_process(pdf, PrinterChoice.of(printer))
    except UserError as error:
        return f"the print job failed: {error}"
    if printed != expected:
        return f"the print job printed {printed} of {expected} pages"
    if not target.is_file() or not target.read_bytes().startswith(b"%PDF-"):
        return "the print job wrote no PDF"
    return None


class _PaintWatch(QObject):
    """Notes that the widget it watches has painted."""

    def __init__(self, widget: MainWindow) -> None:
        super().__init__(widget)
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def window_problem(window: MainWindow, wait_seconds: float) -> str | None:
    """Show ``window`` and run the event loop until it has painted (at most the wait)."""
    watch = _PaintWatch(window)
    window.show()
    deadline = time.monotonic() + wait_seconds
    while not watch.painted and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    window.removeEventFilter(watch)
    if not watch.painted:
        return f"the window did not paint within {wait_seconds:.0f} s"
    if not window.isVisible() or window.grab().isNull():
        return "the window is not on screen"
    return None


def close_window(window: MainWindow) -> None:
    """Close ``window`` and let its background jobs (the PDF warm-up) end."""
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    QThreadPool.globalInstance().waitForDone(WORKERS_WAIT_MS)
    housekeeping_pool().waitForDone(WORKERS_WAIT_MS)
