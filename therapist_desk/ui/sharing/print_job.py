"""The print job: this program started by the window (`printing.print_pdf`) to print.

It reads one line of JSON (the `PrinterChoice`) and then the PDF from its standard
input, draws each chosen page on the printer, and says ``printed N`` (N pages of the
summary) on its standard output. A problem the clinician can fix is a `UserError`, which
the command line turns into its one line on standard error, read back by the window.

Pages are rendered from the PDF at the printer's resolution, at most `MAX_DPI` (sharp on
paper without making a 1200 dpi job hundreds of megabytes), so the paper matches the
file. The print dialog's choices are kept: the page ranges, the order (last page first),
and copies where the printer cannot make them itself.
"""

from __future__ import annotations

import os
import sys
from typing import BinaryIO, TextIO

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from therapist_desk.errors import UserError
from therapist_desk.ui.sharing.printing import NOT_STARTED, UNREADABLE, PrinterChoice, load_pdf

MAX_DPI = 300
PRINT_NICENESS = 10
NO_CHOICE = "This is the app's own print job; print from the app instead (Print summary…, Ctrl+P)."


def run_print_job(source: BinaryIO, out: TextIO) -> int:
    """Print what ``source`` holds; exit status 0 once every page went to the printer
    (or at once when it holds nothing: the print dialog was cancelled)."""
    if hasattr(os, "nice"):
        # The window comes first when both want the processor: printing can wait a
        # millisecond, a person typing cannot (nothing is shared that could invert this).
        os.nice(PRINT_NICENESS)
    if source.isatty():
        raise UserError(NO_CHOICE)
    given = source.read()
    if not given:
        return 0  # the print dialog was cancelled: nothing to print
    header, _newline, pdf = given.partition(b"\n")
    try:
        choice = PrinterChoice.from_json(header.decode())
    except (ValueError, TypeError, KeyError):
        raise UserError(NO_CHOICE) from None
    if QCoreApplication.instance() is None:
        # No window: on Linux no display either (printing there is CUPS, not the screen's).
        platform = ["-platform", "offscreen"] if sys.platform.startswith("linux") else []
        application = QGuiApplication(["therapist-desk", *platform])
        application.setApplicationName("Therapist Desk")
    print(f"printed {print_document(pdf, choice.printer())}", file=out, flush=True)
    return 0


def pages_to_print(printer: QPrinter, count: int) -> list[int]:
    """The pages (from 0) the print dialog asked for, in the order it asked."""
    pages = list(range(count))
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        pages = [index for index in pages if ranges.contains(index + 1)]
        if not pages:
            raise UserError(
                f"The pages chosen ({ranges.toString()}) are not in this {count}-page "
                f"summary. Choose pages between 1 and {count}, or all pages."
            )
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def sheets(printer: QPrinter, pages: list[int]) -> list[int]:
    """Every page drawn, copies included when the printer does not make them itself."""
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if printer.collateCopies():
        return pages * copies
    return [page for page in pages for _copy in range(copies)]


def print_document(pdf: bytes, printer: QPrinter) -> int:
    """Draw the chosen pages of ``pdf`` on ``printer``; return how many pages that is."""
    document, _buffer = load_pdf(pdf)
    count = document.pageCount()
    if count == 0:
        raise UserError(UNREADABLE)
    pages = pages_to_print(printer, count)
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(NOT_STARTED)
    try:
        for drawn, index in enumerate(sheets(printer, pages)):
            if drawn:
                printer.newPage()
            draw_page(painter, render_page(document, index, dpi))
    finally:
        painter.end()
        document.close()
    return len(pages)


def render_page(document: QPdfDocument, index: int, dpi: int) -> QImage:
    """Page ``index`` at ``dpi``, on white (QtPdf leaves the paper transparent)."""
    points = document.pagePointSize(index)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    image = document.render(index, size)
    if image.isNull():
        raise UserError(UNREADABLE)
    page = QImage(size, QImage.Format.Format_RGB32)
    page.fill(QColor("white"))
    flat = QPainter(page)
    flat.drawImage(0, 0, image)
    flat.end()
    return page


def draw_page(painter: QPainter, page: QImage) -> None:
    """Paint a rendered page fitted to the printable area, keeping its proportions."""
    target = painter.viewport()
    fitted = page.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter.drawImage(
        QRectF(target.left(), target.top(), fitted.width(), fitted.height()),
        page,
    )
