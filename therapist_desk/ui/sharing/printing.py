"""Printing a summary: each page of the very PDF that is saved or sent, painted on paper.

Pages are rendered from the PDF at the printer's resolution (at most 300 dpi, sharp on
paper without making a 1200 dpi job hundreds of megabytes), so the paper matches the file.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from therapist_desk.errors import UserError

MAX_DPI = 300


def load_pdf(pdf: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:  # type: ignore[no-untyped-def]
    """A QPdfDocument over ``pdf`` (keep the buffer alive as long as the document)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise UserError("The summary could not be read back for printing or preview.")
    return document, buffer


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of ``document`` on ``printer``; returns the number of pages printed."""
    count = document.pageCount()
    if count == 0:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("The printer could not be started. Check that it is available.")
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for index in range(count):
            if index > 0:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
    finally:
        painter.end()
    return count


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print PDF bytes; returns the number of pages."""
    document, buffer = load_pdf(pdf)
    try:
        return print_document(document, printer)
    finally:
        document.close()
        buffer.close()
