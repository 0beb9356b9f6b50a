"""Score charts: one horizontal bar per participant against the measure's cut-off line.

Each measure gets its own small drawing, so a long list of measures flows across pages
and partners' bars sit side by side (one above the other). Each bar carries its own
cut-off tick, since a cut-off can differ between partners (AUDIT-C by sex).
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from therapist_desk.reports.data import MeasureResult
from therapist_desk.reports.fonts import BOLD, FAMILY
from therapist_desk.reports.styles import ACCENT_LIGHT, INK, MUTED, PARTNER_COLOURS, SAFETY
from therapist_desk.reports.textdraw import CanvasText, fit_text
from therapist_desk.reports.wording import NOT_SCORED

BAR_HEIGHT = 10
ROW_GAP = 5
TITLE_HEIGHT = 16
LABEL_WIDTH = 120
VALUE_WIDTH = 120
PAD_BOTTOM = 6


def _number(value: float) -> str:
    return f"{value:g}"


def _x(value: float, result: MeasureResult, bar_w: float) -> float:
    return LABEL_WIDTH + bar_w * max(0.0, min(1.0, value / result.max_score))


def _value_text(result: MeasureResult, cutoff_per_row: bool) -> str:
    text = NOT_SCORED
    if result.score is not None and result.max_score > 0:
        text = f"{_number(result.score)} / {_number(result.max_score)}"
    if cutoff_per_row and result.cutoff is not None:
        text += f" (cut-off {_number(result.cutoff)})"
    return text


def measure_chart(
    name: str, results: list[MeasureResult], names: dict[str, str], width: float
) -> Drawing:
    """A drawing of ``results`` (one measure, one row per participant) ``width`` wide."""
    rows = len(results)
    height = TITLE_HEIGHT + rows * (BAR_HEIGHT + ROW_GAP) + PAD_BOTTOM
    drawing = Drawing(width, height, initialFontName=FAMILY)
    bar_w = width - LABEL_WIDTH - VALUE_WIDTH
    top = height - TITLE_HEIGHT
    cutoffs = {r.cutoff for r in results if r.cutoff is not None and r.max_score > 0}
    shared = next(iter(cutoffs)) if len(cutoffs) == 1 else None
    title_room = LABEL_WIDTH + bar_w
    if shared is not None:
        label = f"cut-off {_number(shared)}"
        x = _x(shared, results[0], bar_w)
        title_room = max(LABEL_WIDTH - 8, x - stringWidth(label, FAMILY, 7) / 2 - 8)
        anchor = "end" if x > LABEL_WIDTH + bar_w - 40 else "middle"
        drawing.add(
            String(
                x, top + 4, label, fontName=FAMILY, fontSize=7, fillColor=SAFETY, textAnchor=anchor
            )
        )
    drawing.add(CanvasText(0, top + 4, fit_text(name, BOLD, 9, title_room), BOLD, 9, INK))
    for index, result in enumerate(results):
        y = top - (index + 1) * (BAR_HEIGHT + ROW_GAP) + ROW_GAP
        who = fit_text(
            names.get(result.participant, result.participant), FAMILY, 8, LABEL_WIDTH - 8
        )
        drawing.add(CanvasText(0, y + 2, who, FAMILY, 8, MUTED))
        drawing.add(
            Rect(LABEL_WIDTH, y, bar_w, BAR_HEIGHT, fillColor=ACCENT_LIGHT, strokeColor=None)
        )
        if result.score is not None and result.max_score > 0:
            colour = PARTNER_COLOURS[index % len(PARTNER_COLOURS)]
            drawing.add(
                Rect(
                    LABEL_WIDTH,
                    y,
                    _x(result.score, result, bar_w) - LABEL_WIDTH,
                    BAR_HEIGHT,
                    fillColor=colour,
                    strokeColor=None,
                )
            )
        if result.cutoff is not None and result.max_score > 0:
            x = _x(result.cutoff, result, bar_w)
            drawing.add(
                Line(
                    x,
                    y - 2,
                    x,
                    y + BAR_HEIGHT + 2,
                    strokeColor=SAFETY,
                    strokeWidth=1.2,
                    strokeDashArray=[2, 1.5],
                )
            )
        value = fit_text(_value_text(result, shared is None), FAMILY, 8, VALUE_WIDTH - 6)
        drawing.add(
            String(
                LABEL_WIDTH + bar_w + 6, y + 2, value, fontName=FAMILY, fontSize=8, fillColor=INK
            )
        )
    return drawing


def measure_charts(
    measures: tuple[MeasureResult, ...],
    names: dict[str, str],
    width: float,
    *,
    mark_private: bool = False,
) -> list[Drawing]:
    """One chart per measure name, in the order the measures first appear.

    With ``mark_private`` (clinician version) a private measure's title says so.
    """
    grouped: dict[str, list[MeasureResult]] = {}
    for measure in measures:
        grouped.setdefault(measure.name, []).append(measure)
    charts = []
    for name, results in grouped.items():
        private = mark_private and any(r.private for r in results)
        charts.append(
            measure_chart(name + (" (private)" if private else ""), results, names, width)
        )
    return charts
