"""Printing a summary: each page of the very PDF that is saved or sent, painted on paper.

Pages are rendered from the PDF at the printer's resolution (at most 300 dpi, sharp on
paper without making a 1200 dpi job hundreds of megabytes), so the paper matches the file.

Neither step may hold up the window. Rendering a page (about 40 ms) and drawing it on the
printer (about 180 ms, most of it compressing the image) are single calls into Qt that
keep Python's interpreter lock (a thread spinning beside a 126 ms ``drawImage`` did not
run once), so a worker doing them froze the window that long. So
`print_pdf` (on the UI thread) hands the rendering to QtPdf's own render thread, which
runs no Python, one page ahead of the printing; the job it returns (for `run_op`, on a
worker) draws each page in bands of `BAND_ROWS` rows, a few milliseconds each, with the
interpreter free for the window in between.
"""

from __future__ import annotations

import queue
from collections.abc import Callable

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer
from PySide6.QtPrintSupport import QPrinter

from therapist_desk.errors import UserError

MAX_DPI = 300
BAND_ROWS = 24  # at 300 dpi 2 mm of the page: about 1 ms of drawing and compressing
# (bands of 128 rows took 6-13 ms each, and the window's longest pause while printing
# was 13-36 ms; at 48 rows 23-26 ms; at 24 rows 11-15 ms)
OVERLAP_ROWS = 1  # each band reaches under the next: no seam between them
BLANK_MARGIN = 10  # empty rows kept on both sides of a cut between bands
PAGE_WAIT_SECONDS = 120
UNREADABLE = "The summary could not be read back for printing or preview."


def load_pdf(pdf: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:  # type: ignore[no-untyped-def]
    """A QPdfDocument over ``pdf`` (keep the buffer alive as long as the document)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise UserError(UNREADABLE)
    return document, buffer


class _Pages(QObject):
    """On the UI thread: asks QtPdf's render thread for pages, one ahead of the printer."""

    wanted = Signal(int)  # emitted by the printing worker: render this page next

    def __init__(self, pdf: bytes, dpi: int) -> None:
        # Owned by the application and deleted (later) on the UI thread, never by a garbage
        # collection that happens to run on the printing worker.
        super().__init__(QCoreApplication.instance())
        self.document, self.buffer = load_pdf(pdf, self)
        count = self.document.pageCount()
        # Sizes first: the render thread holds QtPdf's lock while it renders.
        self.sizes = [self._pixels(index, dpi) for index in range(count)]
        self.renderer = QPdfPageRenderer(self)
        self.renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        self.renderer.setDocument(self.document)
        self.renderer.pageRendered.connect(self._rendered)
        self.wanted.connect(self._render)  # queued: the worker emits, the UI thread asks
        self.ready: queue.Queue[tuple[int, QImage]] = queue.Queue()

    def _pixels(self, index: int, dpi: int) -> QSize:
        points = self.document.pagePointSize(index)
        return QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))

    def _render(self, index: int) -> None:
        if 0 <= index < len(self.sizes):
            self.renderer.requestPage(index, self.sizes[index])

    def _rendered(self, index: int, _size: QSize, image: QImage, *_rest: object) -> None:
        self.ready.put((index, image))

    def take(self, index: int) -> QImage:
        """On the worker: page ``index`` once rendered (the next one is asked for)."""
        self.wanted.emit(index + 1)
        while True:
            try:
                got, image = self.ready.get(timeout=PAGE_WAIT_SECONDS)
            except queue.Empty:
                raise UserError(UNREADABLE) from None
            if got == index:
                if image.isNull():
                    raise UserError(UNREADABLE)
                return image


def _bands(image: QImage) -> list[tuple[int, int]]:
    """(first row, rows) of each band: about BAND_ROWS each, cut in empty space.

    A viewer that shrinks the printed file draws each band's edges a little lighter; cut
    where BLANK_MARGIN rows above and below are empty, that edge falls on blank paper.
    """
    empty = bytes(image.bytesPerLine())
    height, cuts, start = image.height(), [], 0
    blank: dict[int, bool] = {}

    def is_blank(row: int) -> bool:
        if row not in blank:
            blank[row] = not 0 <= row < height or bytes(image.constScanLine(row)) == empty
        return blank[row]

    def clear(row: int) -> bool:
        return all(is_blank(row + d) for d in range(-BLANK_MARGIN, BLANK_MARGIN + 1))

    while start < height:
        nominal = start + BAND_ROWS
        if nominal >= height:
            cuts.append((start, height - start))
            break
        near = range(nominal - BAND_ROWS // 2, nominal + BAND_ROWS // 2)
        end = next((y for y in sorted(near, key=lambda y: abs(y - nominal)) if clear(y)), nominal)
        cuts.append((start, end - start))
        start = end
    return cuts


def _draw_page(painter: QPainter, image: QImage) -> None:
    """Paint a rendered page fitted to the printable area, one band of rows at a time.

    Each band is put on white first (the rendered page is transparent where nothing is
    drawn), so bands that overlap blend to the same pixels.
    """
    target = painter.viewport()
    scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    scale_x = scaled.width() / image.width()
    scale_y = scaled.height() / image.height()
    for top, rows in _bands(image):
        rows = min(rows + OVERLAP_ROWS, image.height() - top)
        band = QImage(image.width(), rows, QImage.Format.Format_RGB32)
        band.fill(QColor("white"))
        flat = QPainter(band)
        flat.drawImage(0, 0, image, 0, top, image.width(), rows)
        flat.end()
        left, width = target.left(), image.width() * scale_x
        painter.drawImage(QRectF(left, target.top() + top * scale_y, width, rows * scale_y), band)


def print_pdf(pdf: bytes, printer: QPrinter) -> Callable[[], int]:
    """Get ``pdf`` ready to print on ``printer``; call this on the UI thread.

    Returns the job to run on a worker (`run_op`): it prints every page and returns how
    many it printed. A summary that cannot be read back is a `UserError` here already.
    """
    dpi = min(printer.resolution(), MAX_DPI)
    pages = _Pages(pdf, dpi)

    def job() -> int:
        count = len(pages.sizes)
        if count == 0:
            return 0
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError("The printer could not be started. Check that it is available.")
        try:
            pages.wanted.emit(0)
            for index in range(count):
                if index > 0:
                    printer.newPage()
                _draw_page(painter, pages.take(index))
        finally:
            painter.end()
            pages.deleteLater()
        return count

    return job
