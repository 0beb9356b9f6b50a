"""Time the intake summary renderer against a plain reportlab document, in one run.

Run by hand: ``.venv/bin/python benchmarks/bench_pdf.py [--repeat N]``.

The subject is the complete clinician summary of a couple (``examples/concurrent.json``
through the intake engine and the report adapter; the synthetic `reports.sample` input
when the examples are missing). The baseline is a plain Platypus document with the same
fonts and page count, a table of the same size with a repeated header, and a bar chart.
The baseline's table holds as many cells as all of the summary's tables together.
Both are rendered alternately; the medians and their ratio are printed (target ≤ 1.5x).

``--scripts`` then prices a name in each script: the same summary with both partners named
in Hebrew, Arabic, Chinese, Devanagari, Thai or with an emoji, rendered alternately with
Latin names; the medians and the extra milliseconds per PDF are printed. ``first PDF`` is
the extra time of the first such PDF in a fresh process (after Latin ones), which loads the
script's font and its shaping or reordering code: the median of 5 processes.

``--notes`` prices a wrapped note: the Latin summary with a clients' note of about 700
characters (8 lines) in Hebrew, rendered alternately with the same summary holding a
Latin note of the same length; the medians and the extra milliseconds per PDF are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from therapist_desk.reports import render_report
from therapist_desk.reports.data import ReportInput
from therapist_desk.reports.fonts import BOLD, FAMILY, register_fonts

ROOT = Path(__file__).resolve().parents[1]
FILLER = "A plain paragraph of ordinary text that stands in for report content. " * 6


def couple_input() -> tuple[ReportInput, str]:
    """The couple's report input and where it came from."""
    example = ROOT / "examples" / "concurrent.json"
    if not example.exists():
        from therapist_desk.reports.sample import sample_couple

        return sample_couple(), "reports.sample (synthetic)"
    from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
    from therapist_desk.reports.from_intake import PracticeInfo, report_input_from_answers_file

    catalogue = load_catalogue()
    answers = parse_answers_file(example, catalogue)
    rec = recommend(catalogue, answers.to_intake(catalogue))
    data = report_input_from_answers_file(
        answers,
        catalogue,
        rec,
        practice=PracticeInfo("Harbour Street Counselling"),
        generated_at=datetime(2026, 11, 25, tzinfo=UTC),
    )
    return data, str(example.relative_to(ROOT))


def plain_document(paragraphs: int, rows: int) -> bytes:
    """A plain reportlab PDF: paragraphs, one table with a repeated header, one chart."""
    body = ParagraphStyle("b", fontName=FAMILY, fontSize=9.5, leading=13.5)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer)
    data = [["Section", "Question", "Participant", "Answer"]] + [
        [
            Paragraph(f"Section {i}", body),
            Paragraph(f"Question {i} {FILLER[:60]}", body),
            Paragraph("Participant", body),
            Paragraph("Yes", body),
        ]
        for i in range(rows)
    ]
    table = Table(data, repeatRows=1, colWidths=[90, 220, 80, 80])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("GRID", (0, 0), (-1, -1), 0.25, "grey"),
            ]
        )
    )
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 60, 10, 380, 220
    chart.data = [[2, 14, 20, 0, 16, 1, 2], [2, 1, 20, 0, 8, 1, 2]]
    chart.categoryAxis.categoryNames = ["PHQ-9", "GAD-7", "RSES", "PTSD", "CSI-4", "AUD", "WAST"]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FAMILY
    drawing = Drawing(470, 240, initialFontName=FAMILY)
    drawing.add(chart)
    story = [Paragraph(FILLER, body) for _ in range(paragraphs)] + [table, drawing]
    doc.build(story)
    return buffer.getvalue()


def pages(pdf: bytes) -> int:
    """The page count of ``pdf``."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def matching_baseline(target_pages: int, rows: int) -> int:
    """How many filler paragraphs give the plain document ``target_pages`` pages."""
    count = 0
    while pages(plain_document(count, rows)) < target_pages:
        count += 4
    while count and pages(plain_document(count, rows)) > target_pages:
        count -= 1
    return count


def timed(fn) -> float:
    """Seconds one call of ``fn`` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(repeat: int = 15) -> dict[str, float | int | str]:
    """Render both documents alternately; medians in ms, page counts and the input."""
    register_fonts()
    data, source = couple_input()
    subject = render_report(data, variant="clinician")
    # The baseline's one table holds as many cells as all the summary's tables together.
    cells = (
        4 * len(data.answers)
        + 6 * len(data.measures)
        + 3 * len(data.focus_areas)
        + 5 * len(data.rule_trace)
    )
    rows = -(-cells // 4)
    filler = matching_baseline(pages(subject), rows)
    baseline = plain_document(filler, rows)
    ours, plain = [], []
    for _ in range(repeat):
        ours.append(timed(lambda: render_report(data, variant="clinician")))
        plain.append(timed(lambda: plain_document(filler, rows)))
    return {
        "source": source,
        "pages": pages(subject),
        "baseline_pages": pages(baseline),
        "rows": rows,
        "cells": cells,
        "ours_ms": statistics.median(ours) * 1000,
        "plain_ms": statistics.median(plain) * 1000,
    }


# Synthetic names for the two partners, per script.
NAMES = {
    "latin": ("Dana Cohen", "Noa Levi"),
    "hebrew": ("דנה כהן", "נועה לוי"),
    "arabic": ("أميرة الحسيني", "ليلى حداد"),
    "cjk": ("王芳", "李娜"),
    "devanagari": ("अनन्या शर्मा", "प्रिया वर्मा"),
    "thai": ("ธิดา สุขใจ", "มาลี ใจดี"),
    "emoji": ("Dana 🌻", "Noa 🙂"),
}


FRESH_PROCESSES = 5


def named(data: ReportInput, script: str) -> ReportInput:
    """``data`` with the partners named in ``script``."""
    people = tuple(
        dataclasses.replace(person, display_name=name, full_name=name)
        for person, name in zip(data.participants, NAMES[script], strict=False)
    )
    return dataclasses.replace(data, participants=people)


def first_render_ms(script: str) -> float:
    """In this (fresh) process: the first ``script`` PDF's time minus a second Latin one."""
    register_fonts()
    data, _ = couple_input()
    latin, other = named(data, "latin"), named(data, script)
    render_report(latin, variant="clinician")
    plain = statistics.median(
        timed(lambda: render_report(latin, variant="clinician")) for _ in "123"
    )
    return (timed(lambda: render_report(other, variant="clinician")) - plain) * 1000


def script_costs(repeat: int) -> dict[str, dict[str, float]]:
    """Per script: medians of it and of Latin names rendered alternately, and first-use."""
    data, _ = couple_input()
    latin = named(data, "latin")
    costs: dict[str, dict[str, float]] = {}
    for script in NAMES:
        if script == "latin":
            continue
        code = f"import bench_pdf; print(bench_pdf.first_render_ms({script!r}))"
        firsts = [
            float(
                subprocess.run(
                    [sys.executable, "-c", code],
                    cwd=Path(__file__).resolve().parent,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()[-1]
            )
            for _ in range(FRESH_PROCESSES)
        ]
        other = named(data, script)
        render_report(other, variant="clinician")
        ours, base = [], []
        for _ in range(repeat):
            ours.append(timed(lambda: render_report(other, variant="clinician")))  # noqa: B023
            base.append(timed(lambda: render_report(latin, variant="clinician")))
        costs[script] = {
            "ms": statistics.median(ours) * 1000,
            "latin_ms": statistics.median(base) * 1000,
            "first_extra_ms": statistics.median(firsts),
        }
    return costs


# Synthetic notes of about 700 characters each, wrapped over about 8 lines.
NOTES = {
    "latin": "We would like to talk without shouting, and to find one evening a week for "
    "the two of us (about 20 minutes, no phones). ",
    "hebrew": "אנחנו רוצים לדבר בלי לצעוק, ולמצוא ערב אחד בשבוע רק לשנינו "
    "(בערך 20 דקות, בלי טלפונים). ",
}


def with_note(data: ReportInput, script: str) -> ReportInput:
    """``data`` (Latin names) with the clients' note written in ``script``."""
    from therapist_desk.reports.data import Note

    text = (NOTES[script] * 10)[:700].rsplit(" ", 1)[0]
    note = Note("About the relationship", text, from_clients=True)
    return dataclasses.replace(named(data, "latin"), notes=(*data.notes, note))


def note_cost(repeat: int) -> dict[str, float]:
    """Medians of the summary with a wrapped Hebrew note and with a Latin one, alternately."""
    data, _ = couple_input()
    hebrew, latin = with_note(data, "hebrew"), with_note(data, "latin")
    render_report(hebrew, variant="clinician")
    ours, base = [], []
    for _ in range(repeat):
        ours.append(timed(lambda: render_report(hebrew, variant="clinician")))
        base.append(timed(lambda: render_report(latin, variant="clinician")))
    return {"ms": statistics.median(ours) * 1000, "latin_ms": statistics.median(base) * 1000}


def main() -> None:
    """Print the medians and the ratio (and with --scripts, what a name in each costs)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--scripts", action="store_true", help="price a name in each script")
    parser.add_argument("--notes", action="store_true", help="price a wrapped Hebrew note")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    m = measure(args.repeat)
    ours_ms, plain_ms = float(m["ours_ms"]), float(m["plain_ms"])
    print(
        f"input: {m['source']}; {m['pages']} pages (baseline {m['baseline_pages']} pages, "
        f"{m['rows']}-row table of {m['cells']} cells, 1 chart); median of {args.repeat}"
    )
    print(f"intake summary (clinician): {ours_ms:8.1f} ms")
    print(f"plain reportlab document:   {plain_ms:8.1f} ms")
    print(f"ratio: {ours_ms / plain_ms:.2f}x (target <= 1.5x)")
    if args.notes:
        n = note_cost(args.repeat)
        print(
            f"wrapped note, median of {args.repeat}: Hebrew {n['ms']:.1f} ms vs Latin "
            f"{n['latin_ms']:.1f} ms: {n['ms'] - n['latin_ms']:+.1f} ms"
        )
    if not args.scripts:
        return
    costs = script_costs(args.repeat)
    print(f"names in each script, median of {args.repeat}, alternating with Latin names:")
    for script, c in costs.items():
        extra = c["ms"] - c["latin_ms"]
        print(
            f"  {script:11s} {c['ms']:7.1f} ms vs Latin {c['latin_ms']:7.1f} ms: "
            f"{extra:+6.1f} ms ({c['ms'] / c['latin_ms']:.2f}x); "
            f"first PDF {c['first_extra_ms']:+7.1f} ms"
        )
    if args.json:
        print(json.dumps({"ours_ms": ours_ms, "plain_ms": plain_ms, "scripts": costs}))


if __name__ == "__main__":
    main()
