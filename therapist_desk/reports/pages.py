"""Page templates: the running header, the confidential footer and "Page X of Y".

The total page count is only known at the end, so `NumberedCanvas` keeps each page's
state and draws every footer when the document is saved (the pretix invoice pattern).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, KeepTogether, PageTemplate

from therapist_desk.reports.fonts import BOLD, FAMILY
from therapist_desk.reports.styles import ACCENT, MUTED, RULE
from therapist_desk.reports.textdraw import draw_text, fit_text, install_span_callbacks
from therapist_desk.reports.wording import CONFIDENTIAL, PAGE_OF

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
# A heading moves to the next page with what follows only when less than this is left;
# with more room, a long table or note starts right under its heading and flows on.
MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 24 * mm
KEEP_WITH_NEXT_ROOM = 50 * mm


class HeadingKeeper(KeepTogether):
    """The group keepWithNext makes (a heading and what follows it).

    reportlab's own group moves to the next page whenever the whole group does not fit,
    leaving most of a page empty before a long table. This one moves only when less than
    `KEEP_WITH_NEXT_ROOM` is left; otherwise the table or note starts under its heading.
    """

    def wrap(self, aW, aH):
        self._wrapInfo = None  # measured lazily in split, only when room is short
        return aW, 0xFFFFFF  # always ask to be split

    def split(self, aW, aH):
        content = list(self._content)
        if aH >= KEEP_WITH_NEXT_ROOM:
            return content
        super().wrap(aW, aH)
        return content if aH >= self._H else [FrameBreak(), *content]


def numbered_canvas(header_left: str, header_right: str, provenance: str) -> type[Canvas]:
    """A canvas class that stamps header, confidential footer and page X of Y on save."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._page_states: list[dict[str, Any]] = []
            install_span_callbacks(self)

        def showPage(self) -> None:
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._page_states)
            for state in self._page_states:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            inner = width - 2 * MARGIN_X
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            if self._pageNumber > 1:
                self._running_header(width, height, inner)
            bottom = MARGIN_BOTTOM - 9 * mm
            self.line(MARGIN_X, bottom + 4 * mm, width - MARGIN_X, bottom + 4 * mm)
            self.setFont(BOLD, 8)
            self.setFillColor(ACCENT)
            self.drawString(MARGIN_X, bottom, CONFIDENTIAL)
            self.setFont(FAMILY, 8)
            self.setFillColor(MUTED)
            page_text = PAGE_OF.format(page=self._pageNumber, total=total)
            self.drawRightString(width - MARGIN_X, bottom, page_text)
            self.setFont(FAMILY, 6.5)
            self.drawString(MARGIN_X, bottom - 3.8 * mm, fit_text(provenance, FAMILY, 6.5, inner))
            self.restoreState()

        def _running_header(self, width: float, height: float, inner: float) -> None:
            top = height - MARGIN_TOP + 8 * mm
            self.setFillColor(ACCENT)
            left = fit_text(header_left, BOLD, 8, inner * 0.55)
            draw_text(self, MARGIN_X, top, left, BOLD, 8)
            self.setFillColor(MUTED)
            right = fit_text(header_right, FAMILY, 8, inner * 0.43)
            draw_text(self, width - MARGIN_X, top, right, FAMILY, 8, anchor="end")
            self.line(MARGIN_X, top - 2.5 * mm, width - MARGIN_X, top - 2.5 * mm)

    return NumberedCanvas


def build_document(
    target: Any, *, page_size: str, metadata: dict[str, str], encrypt: Any = None
) -> BaseDocTemplate:
    """A document with one page template whose frame leaves room for header and footer."""
    size = PAGE_SIZES[page_size]
    doc = BaseDocTemplate(
        target,
        pagesize=size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        encrypt=encrypt,
        creator="Therapist Desk",
        initialFontName=FAMILY,
        keepTogetherClass=HeadingKeeper,
        **metadata,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return doc


PageCallback = Callable[[Canvas, BaseDocTemplate], None]
