"""Drawing user text straight onto the canvas (running header, chart labels) in any script.

Paragraphs get their fonts through markup (`escape.para_text`); a line drawn on the canvas
is drawn here, run by run, each in its own font, shaped where its script needs it, with
the typed text beside glyphs an extractor cannot read back (`scripts.needs_actual_text`).
The two ``/ActualText`` callbacks are the ones paragraph markup calls by name.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import DirectDraw
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from therapist_desk.reports.direction import extraction_text
from therapist_desk.reports.escape import clean_text
from therapist_desk.reports.scripts import (
    actual_text_hex,
    display_order,
    font_runs,
    has_rtl,
    needs_actual_text,
    needs_shaping,
)

OPEN_SPAN = "actual_open"
CLOSE_SPAN = "actual_close"


def _span_start(hex_text: str) -> str:
    return f"/Span <</ActualText <{hex_text}>>> BDC"


def _open_span(canvas: Any, kind: str, label: str | None) -> None:
    canvas._curr_tx_info["tx"]._code.append(_span_start(label or "FEFF"))


def _close_span(canvas: Any, kind: str, label: str | None) -> None:
    canvas._curr_tx_info["tx"]._code.append("EMC")


def install_span_callbacks(canvas: Any) -> None:
    """Let paragraphs on ``canvas`` open and close ``/ActualText`` spans by name."""
    canvas.setNamedCB(OPEN_SPAN, _open_span)
    canvas.setNamedCB(CLOSE_SPAN, _close_span)


def _run_width(run: str, font: str, size: float, shaped: bool) -> float:
    if shaped:
        from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

        glyphs = shapeStr(run, font, size)
        if isinstance(glyphs, ShapedStr):
            return sum(d.x_advance for d in glyphs.__shapeData__) * size / 1000
    return stringWidth(run, font, size)


def text_width(text: str, font: str, size: float) -> float:
    """The width in points of ``text`` drawn by `draw_text`."""
    text = display_order(text)
    shaped = needs_shaping(text)
    return sum(_run_width(r, f, size, shaped) for f, r in font_runs(text, font))


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line, shortened with an ellipsis so it fits ``width`` points."""
    text = " ".join(clean_text(text).split())
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_text(
    canvas: Any, x: float, y: float, text: str, font: str, size: float, anchor: str = "start"
) -> None:
    """Draw one line of raw ``text`` at ``x`` (its start, middle or end by ``anchor``).

    A line with right-to-left text in it is one ``/ActualText`` span with the typed line
    (`direction.extraction_text`), as in paragraphs.
    """
    line = " ".join(text.split()) if has_rtl(text) else ""
    text = display_order(text)
    shaped = needs_shaping(text)
    runs = font_runs(text, font)
    widths = [_run_width(r, f, size, shaped) for f, r in runs]
    x -= {"start": 0.0, "middle": sum(widths) / 2, "end": sum(widths)}[anchor]
    if line:
        canvas._code.append(_span_start(actual_text_hex(extraction_text(line))))
    for (run_font, run), run_width in zip(runs, widths, strict=True):
        canvas.setFont(run_font, size)
        spanned = not line and needs_actual_text(run_font, run, shaped)
        if spanned:
            canvas._code.append(_span_start(actual_text_hex(run)))
        canvas.drawString(x, y, run, shaping=shaped and run_font != font)
        if spanned:
            canvas._code.append("EMC")
        x += run_width
    if line:
        canvas._code.append("EMC")


class CanvasText(DirectDraw):
    """A chart label in any script: `draw_text` inside a reportlab drawing."""

    def __init__(
        self, x: float, y: float, text: str, font: str, size: float, colour: Any, anchor="start"
    ) -> None:
        super().__init__()
        self.x, self.y, self.text = x, y, text
        self.font, self.size, self.colour, self.anchor = font, size, colour, anchor

    def drawDirectly(self, renderer: Any) -> None:
        canvas = renderer._canvas
        canvas.saveState()
        canvas.setFillColor(self.colour)
        draw_text(canvas, self.x, self.y, self.text, self.font, self.size, self.anchor)
        canvas.restoreState()

    def getBounds(self) -> tuple[float, float, float, float]:
        width = text_width(self.text, self.font, self.size)
        return (self.x, self.y, self.x + width, self.y + self.size)


class ShapedParagraph(Paragraph):
    """A paragraph set with HarfBuzz (Devanagari, Thai), its typed text beside the glyphs.

    Shaped clusters are glyphs with no character of their own, so the paragraph is one
    ``/ActualText`` span holding the text as parsed, before shaping: copying it from the
    PDF gives back the typed text. When the paragraph is split across pages the first
    part carries all of it and the rest carry none, so nothing is read twice.
    """

    def __init__(self, text: Any, style: Any, *args: Any, typed: str | None = None, **kw: Any):
        super().__init__(text, style, *args, **kw)
        self.typed = " ".join(self.getPlainText().split()) if typed is None else typed

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        for index, part in enumerate(parts):
            if isinstance(part, ShapedParagraph):
                part.typed = self.typed if index == 0 else ""
        return parts

    def draw(self) -> None:
        self.canv._code.append(_span_start(actual_text_hex(self.typed)))
        super().draw()
        self.canv._code.append("EMC")
