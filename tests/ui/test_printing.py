"""Printing: the print dialog's choices reach the print job, and what it prints is what
was asked — the pages, their order, the copies — or one message saying what went wrong."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageRanges, QPageSize
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from therapist_desk.errors import UserError
from therapist_desk.ui.sharing import printing
from therapist_desk.ui.sharing.print_job import print_document
from therapist_desk.ui.sharing.printing import PrinterChoice, load_pdf, run_print_job_process

SHADES = (0.9, 0.7, 0.5, 0.3)  # page n is filled with grey SHADES[n - 1]


@pytest.fixture(scope="module")
def shaded_pdf() -> bytes:
    """Four pages, each a different grey, so a printed page says which one it is."""
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    for shade in SHADES:
        drawing.setFillGray(shade)
        drawing.rect(0, 0, *A4, stroke=0, fill=1)
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def file_printer(target: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    printer.setResolution(72)  # small pages: the test is about which page, not sharpness
    return printer


def printed_pages(target: Path) -> list[int]:
    """Which source page each printed page is, by its grey in the middle of the paper."""
    document, _buffer = load_pdf(target.read_bytes())
    pages = []
    for index in range(document.pageCount()):
        image = document.render(index, QSize(60, 85))
        grey = image.pixelColor(30, 42).red() / 255
        pages.append(min(range(len(SHADES)), key=lambda n: abs(SHADES[n] - grey)) + 1)
    document.close()
    return pages


def test_every_choice_of_the_print_dialog_reaches_the_print_job(qapp, tmp_path) -> None:
    printer = file_printer(tmp_path / "out.pdf")
    printer.setDocName("Summary")
    printer.setCopyCount(3)
    printer.setCollateCopies(False)
    printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setPageRanges(QPageRanges.fromString("1-2,4"))
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Landscape,
            printer.pageLayout().margins(QPageLayout.Unit.Point),
            QPageLayout.Unit.Point,
        )
    )
    choice = PrinterChoice.of(printer)
    again = PrinterChoice.from_json(choice.to_json()).printer()
    assert PrinterChoice.of(again) == choice
    assert again.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter
    assert again.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    assert (again.copyCount(), again.collateCopies()) == (3, False)
    assert again.pageRanges().toString() == "1-2,4"
    assert again.outputFileName() == str(tmp_path / "out.pdf")


def test_a_custom_paper_size_is_kept(qapp, tmp_path) -> None:
    printer = file_printer(tmp_path / "out.pdf")
    printer.setPageSize(QPageSize(QSizeF(400, 500), QPageSize.Unit.Point, "Index card"))
    again = PrinterChoice.from_json(PrinterChoice.of(printer).to_json()).printer()
    size = again.pageLayout().pageSize()
    assert size.id() == QPageSize.PageSizeId.Custom
    assert size.size(QPageSize.Unit.Point).toSize() == QSize(400, 500)


@pytest.mark.parametrize(
    ("ranges", "reverse", "copies", "collate", "expected"),
    [
        ("", False, 1, True, [1, 2, 3, 4]),
        ("2-3", False, 1, True, [2, 3]),
        ("1,3-4", True, 1, True, [4, 3, 1]),
        ("2-3", False, 2, True, [2, 3, 2, 3]),
        ("2-3", False, 2, False, [2, 2, 3, 3]),
    ],
)
def test_the_pages_their_order_and_the_copies_are_as_chosen(
    qapp, tmp_path, shaded_pdf, ranges, reverse, copies, collate, expected
) -> None:
    target = tmp_path / "printed.pdf"
    printer = file_printer(target)
    if ranges:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setPageRanges(QPageRanges.fromString(ranges))
    if reverse:
        printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    printer.setCopyCount(copies)
    printer.setCollateCopies(collate)
    assert not printer.supportsMultipleCopies()  # a file: the copies are drawn by the app
    assert print_document(shaded_pdf, printer) == len(set(expected))
    assert printed_pages(target) == expected


def test_pages_that_are_not_in_the_summary_are_said_and_nothing_is_printed(
    qapp, tmp_path, shaded_pdf
) -> None:
    target = tmp_path / "printed.pdf"
    printer = file_printer(target)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setPageRanges(QPageRanges.fromString("7-9"))
    with pytest.raises(UserError) as raised:
        print_document(shaded_pdf, printer)
    assert str(raised.value) == (
        "The pages chosen (7-9) are not in this 4-page summary. "
        "Choose pages between 1 and 4, or all pages."
    )
    assert not target.exists()


def test_the_print_job_runs_apart_from_the_window_and_prints_every_page(
    qapp, tmp_path, shaded_pdf
) -> None:
    target = tmp_path / "printed.pdf"
    pages = run_print_job_process(shaded_pdf, PrinterChoice.of(file_printer(target)))
    assert pages == 4
    assert printed_pages(target) == [1, 2, 3, 4]
    assert len(PdfReader(target).pages) == 4


def test_a_summary_that_cannot_be_read_is_one_message(qapp, tmp_path) -> None:
    target = tmp_path / "printed.pdf"
    with pytest.raises(UserError) as raised:
        run_print_job_process(b"%PDF-1.4 not really", PrinterChoice.of(file_printer(target)))
    assert str(raised.value) == printing.UNREADABLE
    assert not target.exists()


def test_a_printer_that_cannot_start_is_one_message(qapp, tmp_path, shaded_pdf) -> None:
    target = tmp_path / "no such folder" / "printed.pdf"
    with pytest.raises(UserError) as raised:
        print_document(shaded_pdf, file_printer(target))
    assert str(raised.value) == printing.NOT_STARTED


@pytest.mark.parametrize(
    ("program", "timeout", "message"),
    [
        ("import os; os._exit(9)", 30, printing.STOPPED),
        (
            "import sys; print('Traceback (most recent call last):', file=sys.stderr); sys.exit(1)",
            30,
            printing.STOPPED,
        ),
        ("import time; time.sleep(30)", 0.5, printing.TOO_LONG.format(1)),
    ],
    ids=["killed", "crashed", "hung"],
)
def test_a_print_job_that_dies_or_hangs_is_one_calm_message(
    qapp, tmp_path, shaded_pdf, monkeypatch, program, timeout, message
) -> None:
    monkeypatch.setattr(printing, "print_job_command", lambda: [sys.executable, "-c", program])
    monkeypatch.setattr(printing, "PRINT_TIMEOUT_SECONDS", timeout)
    with pytest.raises(UserError) as raised:
        run_print_job_process(shaded_pdf, PrinterChoice.of(file_printer(tmp_path / "p.pdf")))
    assert str(raised.value) == message
    assert "Traceback" not in str(raised.value)


def test_a_cancelled_print_dialog_ends_the_print_job_without_printing(qapp, tmp_path) -> None:
    job = printing.PrintJob()
    process = job.process
    assert process is not None
    job.cancel()
    assert process.wait(timeout=60) == 0
    assert job.process is None
    with pytest.raises(UserError) as raised:  # a cancelled job prints nothing more
        job.run(b"%PDF-", PrinterChoice.of(file_printer(tmp_path / "p.pdf")))
    assert str(raised.value) == printing.STOPPED


def test_the_print_job_started_by_hand_says_what_it_is(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "therapist_desk", printing.PRINT_JOB_FLAG],
        input=b"not the app's print job\n%PDF-",
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        "therapist-desk: error: This is the app's own print job; print from the app "
        "instead (Print summary…, Ctrl+P)."
    )
    help_text = subprocess.run(
        [sys.executable, "-m", "therapist_desk", "--help"], capture_output=True, check=True
    ).stdout.decode()
    assert printing.PRINT_JOB_FLAG not in help_text
