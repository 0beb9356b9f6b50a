"""Printing a summary: each page of the very PDF that is saved or sent, painted on paper.

The pages are drawn in a print job of their own, a second run of this program
(`print_job`), never in the window's process. Drawing a page image on a printer is one
call into Qt of tens of milliseconds that keeps Python's interpreter lock; on a worker
thread of the window's process it froze the window for as long (15-54 ms while a
6-page summary printed, however the pages were cut into bands). In its own process it
shares nothing with the window but the CPU.

The print job is started when the print dialog opens (`PrintJob`), so that starting a
process and loading Qt happen while the clinician chooses. The window then gives it what
was chosen (a `PrinterChoice`, read from the dialog's `QPrinter` on the UI thread) and
the PDF, both on its standard input: the summary never goes through a file on disk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageRanges, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from therapist_desk.errors import UserError

PRINT_JOB_FLAG = "--print-job"
"""The program's hidden option that makes it a print job (`print_job.run_print_job`)."""
PRINT_TIMEOUT_SECONDS = 300
UNREADABLE = "The summary could not be read back for printing or preview."
NOT_STARTED = "The printer could not be started. Check that it is available."
STOPPED = (
    "Printing stopped unexpectedly; nothing more was sent to the printer. Try again, or "
    "save the PDF and print it from another program."
)
TOO_LONG = (
    "Printing took longer than {0} minutes and was stopped; nothing more was sent to the "
    "printer. Check the printer, then try again."
)
ERROR_PREFIX = "therapist-desk: error: "


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


@dataclass(frozen=True)
class PrinterChoice:
    """Everything the print dialog lets the clinician choose, as plain values.

    Enums are kept by value, sizes and margins in points, the page ranges as Qt writes
    them ("1-3,5"); `of` reads a `QPrinter`, `printer` makes an equal one again.
    """

    printer_name: str
    output_format: int
    output_file: str
    document_name: str
    copies: int
    collate: bool
    duplex: int
    color_mode: int
    page_order: int
    paper_source: int
    resolution: int
    full_page: bool
    print_range: int
    page_ranges: str
    page_size_id: int
    page_size_name: str
    page_width: float
    page_height: float
    orientation: int
    margins: tuple[float, float, float, float]
    layout_mode: int

    @classmethod
    def of(cls, printer: QPrinter) -> PrinterChoice:
        layout = printer.pageLayout()
        size = layout.pageSize()
        points = size.size(QPageSize.Unit.Point)
        margins = layout.margins(QPageLayout.Unit.Point)
        return cls(
            printer_name=printer.printerName(),
            output_format=printer.outputFormat().value,
            output_file=printer.outputFileName(),
            document_name=printer.docName(),
            copies=printer.copyCount(),
            collate=printer.collateCopies(),
            duplex=printer.duplex().value,
            color_mode=printer.colorMode().value,
            page_order=printer.pageOrder().value,
            paper_source=printer.paperSource().value,
            resolution=printer.resolution(),
            full_page=printer.fullPage(),
            print_range=printer.printRange().value,
            page_ranges=printer.pageRanges().toString(),
            page_size_id=size.id().value,
            page_size_name=size.name(),
            page_width=points.width(),
            page_height=points.height(),
            orientation=layout.orientation().value,
            margins=(margins.left(), margins.top(), margins.right(), margins.bottom()),
            layout_mode=layout.mode().value,
        )

    def printer(self) -> QPrinter:
        """A `QPrinter` set as this choice (the printer first: choosing one resets the rest)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        output = QPrinter.OutputFormat(self.output_format)
        if output == QPrinter.OutputFormat.NativeFormat:
            printer.setPrinterName(self.printer_name)
        printer.setOutputFormat(output)
        printer.setOutputFileName(self.output_file)
        printer.setDocName(self.document_name)
        printer.setResolution(self.resolution)
        printer.setFullPage(self.full_page)
        size_id = QPageSize.PageSizeId(self.page_size_id)
        size = (
            QPageSize(size_id)
            if size_id != QPageSize.PageSizeId.Custom
            else QPageSize(
                QSizeF(self.page_width, self.page_height),
                QPageSize.Unit.Point,
                self.page_size_name,
            )
        )
        layout = QPageLayout(
            size,
            QPageLayout.Orientation(self.orientation),
            QMarginsF(*self.margins),
            QPageLayout.Unit.Point,
        )
        layout.setMode(QPageLayout.Mode(self.layout_mode))
        printer.setPageLayout(layout)
        printer.setCopyCount(self.copies)
        printer.setCollateCopies(self.collate)
        printer.setDuplex(QPrinter.DuplexMode(self.duplex))
        printer.setColorMode(QPrinter.ColorMode(self.color_mode))
        printer.setPageOrder(QPrinter.PageOrder(self.page_order))
        printer.setPaperSource(QPrinter.PaperSource(self.paper_source))
        printer.setPrintRange(QPrinter.PrintRange(self.print_range))
        printer.setPageRanges(QPageRanges.fromString(self.page_ranges))
        return printer

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> PrinterChoice:
        values = json.loads(text)
        values["margins"] = tuple(values["margins"])
        return cls(**values)


def print_job_command() -> list[str]:
    """How to start this program as a print job: the installed program, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, PRINT_JOB_FLAG]
    return [sys.executable, "-m", "therapist_desk", PRINT_JOB_FLAG]


class PrintJob:
    """The print job, started while the print dialog is open: by the time Print is
    pressed it has loaded Qt and waits for the printer's settings and the PDF.

    `run` (on a worker) gives it both and waits; `cancel` (the dialog was cancelled)
    closes its input, and it ends without printing.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        try:
            self.process = subprocess.Popen(
                print_job_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console
                env=os.environ | {"PYTHONUNBUFFERED": "1"},
            )
        except OSError:
            self.process = None  # said when it is run: there is no print job

    def cancel(self) -> None:
        """Nothing to print: the job reads the end of its input and ends."""
        process, self.process = self.process, None
        if process is not None:
            # Its input closed by `communicate`, and reaped once it has ended (a moment),
            # without the window waiting for it.
            threading.Thread(target=process.communicate, daemon=True).start()

    def run(self, pdf: bytes, choice: PrinterChoice) -> int:
        """Print ``pdf`` as ``choice`` says and wait; the pages of the summary printed."""
        if self.process is None:
            raise UserError(STOPPED)
        try:
            out, err = self.process.communicate(
                choice.to_json().encode() + b"\n" + pdf, timeout=PRINT_TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise UserError(TOO_LONG.format(max(1, round(PRINT_TIMEOUT_SECONDS / 60)))) from None
        except OSError:  # it ended before reading what it was given
            self.process.kill()
            self.process.communicate()
            raise UserError(STOPPED) from None
        said = out.decode(errors="replace").split()
        code = self.process.returncode
        if code == 0 and len(said) == 2 and said[0] == "printed" and said[1].isdigit():
            return int(said[1])
        lines = err.decode(errors="replace").strip().splitlines()
        if code == UserError.exit_code and lines and lines[-1].startswith(ERROR_PREFIX):
            raise UserError(lines[-1].removeprefix(ERROR_PREFIX))
        raise UserError(STOPPED)


def print_pdf(pdf: bytes, printer: QPrinter, job: PrintJob) -> Callable[[], int]:
    """Get ``pdf`` ready to print as chosen on ``printer`` by ``job``; call this on the UI
    thread.

    Returns what to run on a worker (`run_op`): it hands the job the printer's settings
    and the PDF, waits for it (the interpreter is free meanwhile), and returns how many
    pages of the summary it printed; what went wrong is a `UserError` saying so.
    """
    choice = PrinterChoice.of(printer)
    return lambda: job.run(pdf, choice)


def run_print_job_process(pdf: bytes, choice: PrinterChoice) -> int:
    """Print ``pdf`` as ``choice`` says in a print job of its own, and wait for it."""
    return PrintJob().run(pdf, choice)
