"""The progress summary: plain `ProgressReport` in, PDF bytes out.

The change table, a line chart per measure and the current suggestion, on one page for
a couple where it fits. What it holds was filtered before it arrived, by the audience
policy the intake summary asks (`services.progress_pdf`): the renderer prints what it
is given, and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from therapist_desk.reports.blocks import Context, fmt_date, heading, para
from therapist_desk.reports.escape import clean_text
from therapist_desk.reports.fonts import FAMILY, register_fonts
from therapist_desk.reports.pages import build_document, numbered_canvas
from therapist_desk.reports.progress_table import change_table
from therapist_desk.reports.styles import ACCENT, ACCENT_LIGHT, INK, MUTED, RULE, build_styles

LINE_COLOURS = (ACCENT, MUTED)
DASHES: tuple[list[float] | None, ...] = (None, [3, 2])
CHART_H = 34 * mm


@dataclass(frozen=True)
class ProgressPoint:
    """One administration: date (ISO), total (None: not scored), band, and the change."""

    date: str
    total: float | None
    band: str = ""
    change_from_first: float | None = None
    verdict: str = ""


@dataclass(frozen=True)
class ProgressSeries:
    """One participant's administrations of one measure."""

    person: str
    index: int  # 0 for the first participant: solid line, circles
    measure: str
    maximum: int
    cutoff: float | None
    bands: tuple[tuple[float, str], ...]
    reliable_change: float | None
    derived: bool
    points: tuple[ProgressPoint, ...]
    not_seen: str | None = None
    """The date (ISO) of the latest visit, when this participant did not come to it."""


@dataclass(frozen=True)
class ProgressReport:
    """Everything a progress summary prints, already as its reader may see it."""

    practice_name: str
    clinician_name: str
    client_name: str
    version_name: str  # "Client version", "Clinician version"
    generated_at: dt.datetime
    series: tuple[ProgressSeries, ...]
    suggestion_heading: str
    suggestion: str
    explanation: str
    notices: tuple[str, ...] = ()
    provenance: str = ""
    intro: str = ""


def _x(day: str, first: dt.date, span: int, left: float, width: float) -> float:
    if span == 0:
        return left + width / 2
    return left + width * (dt.date.fromisoformat(day) - first).days / span


def _title(d: Drawing, s0: ProgressSeries, width: float) -> None:
    """The measure and its reliable change on one line, or on two when it would not fit."""
    name = clean_text(s0.measure)
    rc = (
        f"RC {s0.reliable_change:g}{', derived' if s0.derived else ''}"
        if s0.reliable_change is not None
        else ""
    )
    one = f"{name} · {rc}" if rc else name
    if stringWidth(one, FAMILY, 7.5) <= width - 2:
        d.add(String(0, CHART_H - 8, one, fontName=FAMILY, fontSize=7.5, fillColor=INK))
        return
    size = max(6.0, min(7.5, 7.5 * (width - 2) / stringWidth(name, FAMILY, 7.5)))
    d.add(String(0, CHART_H - 8, name, fontName=FAMILY, fontSize=size, fillColor=INK))
    if rc:
        d.add(String(0, CHART_H - 14.5, rc, fontName=FAMILY, fontSize=6.5, fillColor=MUTED))


def chart(series: list[ProgressSeries], width: float, first: dt.date, last: dt.date) -> Drawing:
    """One measure: bands shaded, the cut-off dashed, a line per participant, dates below."""
    s0 = series[0]
    d = Drawing(width, CHART_H)
    left, bottom, top = 16.0, 11.0, CHART_H - 16  # room for a title on two lines
    right = width - 4
    plot_w, plot_h = right - left, top - bottom
    span = (last - first).days

    def y(v: float) -> float:
        return bottom + plot_h * v / max(s0.maximum, 1)

    _title(d, s0, width)
    edges = [b[0] for b in s0.bands] + [s0.maximum]
    for n, (low, _label) in enumerate(s0.bands):
        fill = ACCENT_LIGHT if n % 2 == 0 else RULE
        d.add(
            Rect(left, y(low), plot_w, y(edges[n + 1]) - y(low), fillColor=fill, strokeColor=None)
        )
    d.add(Rect(left, bottom, plot_w, plot_h, fillColor=None, strokeColor=MUTED, strokeWidth=0.4))
    for value in (0, s0.maximum):
        d.add(String(left - 2, y(value) - 2.5, f"{value:g}", fontName=FAMILY, fontSize=6,
                     fillColor=MUTED, textAnchor="end"))  # fmt: skip
    if s0.cutoff is not None:
        d.add(Line(left, y(s0.cutoff), right, y(s0.cutoff), strokeColor=INK, strokeWidth=0.7,
                   strokeDashArray=[2, 1.5]))  # fmt: skip
        d.add(String(left - 2, y(s0.cutoff) - 2.5, f"{s0.cutoff:g}", fontName=FAMILY,
                     fontSize=6, fillColor=INK, textAnchor="end"))  # fmt: skip
    days = sorted({p.date for s in series for p in s.points})
    last_end = -1e9
    for day in days:
        x = _x(day, first, span, left, plot_w)
        label = dt.date.fromisoformat(day).strftime("%-d %b")
        half = stringWidth(label, FAMILY, 5.5) / 2 + 1.5  # a gap between two labels
        if x - half > last_end and x + half <= width:
            d.add(String(x, 2, label, fontName=FAMILY, fontSize=5.5, fillColor=MUTED,
                         textAnchor="middle"))  # fmt: skip
            last_end = x + half
    for s in series:
        colour, dash = LINE_COLOURS[s.index % 2], DASHES[s.index % 2]
        pts = [
            (_x(p.date, first, span, left, plot_w), y(p.total))
            for p in s.points
            if p.total is not None
        ]
        if len(pts) > 1:
            d.add(PolyLine([c for pt in pts for c in pt], strokeColor=colour, strokeWidth=1.1,
                           strokeDashArray=dash))  # fmt: skip
        for px, py in pts:
            if s.index % 2 == 0:
                d.add(Circle(px, py, 1.6, fillColor=colour, strokeColor=None))
            else:
                d.add(Rect(px - 1.5, py - 1.5, 3, 3, fillColor=colour, strokeColor=None))
    return d


def _charts(report: ProgressReport, width: float) -> list[Flowable]:
    if not report.series:
        return []
    days = [dt.date.fromisoformat(p.date) for s in report.series for p in s.points]
    first, last = min(days), max(days)
    measures = list(dict.fromkeys(s.measure for s in report.series))
    across = min(4, max(2, len(measures)))  # four across: a couple's page holds every chart
    cells = [chart([s for s in report.series if s.measure == m], width / across - 3 * mm, first,
                   last) for m in measures]  # fmt: skip
    rows = [
        cells[i : i + across] + [""] * (across - len(cells[i : i + across]))
        for i in range(0, len(cells), across)
    ]
    grid = Table(rows, colWidths=[width / across] * across, hAlign="LEFT")
    padding = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]  # fmt: skip
    grid.setStyle(TableStyle(padding))
    return [grid]


def _legend(report: ProgressReport, ctx: Context) -> list[Flowable]:
    people = {s.index: s.person for s in report.series}
    marks = {0: "solid line, circles", 1: "dashed line, squares"}
    text = "; ".join(f"{name}: {marks[i % 2]}" for i, name in sorted(people.items()))
    if not text:
        return []
    return [
        para(
            text + ". Dashed black line: the cut-off; shading: the bands; RC: the reliable "
            "change, in points.",
            ctx.styles.small,
        )
    ]


def render_progress(report: ProgressReport) -> bytes:
    """The progress summary as PDF bytes."""
    from therapist_desk.reports.data import Participant, Provenance, RecommendationView, ReportInput
    from therapist_desk.reports.wording import wording_for

    register_fonts()
    buffer = BytesIO()
    doc = build_document(
        buffer,
        page_size="A4",
        metadata={
            "title": f"Progress summary: {report.client_name} ({report.version_name})",
            "author": report.clinician_name,
            "subject": f"{report.practice_name}: change since the first consultation",
        },
    )
    shell = ReportInput(  # only for the shared styles and context of the blocks
        practice_name=report.practice_name,
        clinician_name=report.clinician_name,
        session_date=report.generated_at.date(),
        mode="in_person",
        participants=(Participant("p1", report.client_name),),
        recommendation=RecommendationView(report.suggestion, report.explanation, ""),
        provenance=Provenance("", "", "", report.generated_at),
    )
    ctx = Context(shell, build_styles(), wording_for("clinician", shell), doc.width, False)
    st = ctx.styles
    story: list[Flowable] = [
        para("Progress summary", st.title),
        para(
            " · ".join(
                part
                for part in (
                    report.client_name,
                    report.practice_name,
                    report.clinician_name,
                    fmt_date(report.generated_at.date()),
                    report.version_name,
                )
                if part
            ),
            st.subtitle,
        ),
    ]
    if report.intro:
        story.append(para(report.intro, st.small))
    if report.notices:
        story.append(heading("For the clinician", st.h2))
        story += [para(n, st.bullet, bullet="•") for n in report.notices]
    story.append(heading("What changed since the first consultation", st.h2))
    story += change_table(report.series, ctx)
    story.append(Spacer(1, 2 * mm))
    story += _legend(report, ctx)
    story += _charts(report, doc.width)
    story.append(heading(report.suggestion_heading, st.h2))
    story.append(para(report.suggestion, st.body, prefix="<b>", suffix="</b>"))
    if report.explanation:
        story.append(para(report.explanation, st.small))
    canvas = numbered_canvas(
        report.practice_name or "Progress summary",
        f"Progress summary · {report.version_name}",
        report.provenance,
    )
    doc.build(story, canvasmaker=canvas)
    return buffer.getvalue()
