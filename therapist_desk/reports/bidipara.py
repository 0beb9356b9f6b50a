"""Paragraphs holding right-to-left text: lines broken in typing order, then drawn in display order.

reportlab breaks a paragraph into lines by measuring its words left to right, each run in
its own font. `BidiParagraph` lets it do that on the text as typed (Arabic already
joined, `scripts.logical_forms`), so the lines hold the words a reader expects on them,
measured with the glyphs that will be drawn; only when a line is drawn is it put in
display order (`direction`), its runs keeping their fonts, bold and colour. A paragraph
whose first letter with a direction is right-to-left is aligned right (a table cell keeps
its column's alignment); after a line break a line takes the direction of its own first
such letter. Splitting across pages is reportlab's own, on the typed lines, so a long note
loses no words.

Each drawn line holding right-to-left text is one ``/ActualText`` span with the typed line
(`direction.extraction_text`), so copying or extracting it gives the line as typed,
neutral punctuation and all, rather than the glyphs' display order.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import FragLine, ParaLines

from therapist_desk.reports.direction import (
    extraction_text,
    first_strong_rtl,
    levels,
    mirrored,
    rtl_base,
    visual_order,
)
from therapist_desk.reports.scripts import actual_text_hex, has_rtl, typed_letters
from therapist_desk.reports.textdraw import CLOSE_SPAN, OPEN_SPAN

_SPANS = (OPEN_SPAN, CLOSE_SPAN)


def _right_aligned(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)


class BidiParagraph(Paragraph):
    """A paragraph with right-to-left text in it, from markup in typing order.

    ``rtl`` is the paragraph direction, by default that of its first strong letter;
    ``align_right`` aligns a right-to-left paragraph right.
    """

    def __init__(
        self,
        text: Any,
        style: Any = None,
        bulletText: Any = None,
        frags: Any = None,
        caseSensitive: int = 1,
        encoding: str = "utf8",
        *,
        rtl: bool | None = None,
        align_right: bool = True,
    ) -> None:
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        self.rtl = rtl_base(self.getPlainText()) if rtl is None else rtl
        if align_right and self.rtl and self.style.alignment == TA_LEFT:
            self.style = _right_aligned(self.style)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            head, tail = parts
            directions = line_directions(_styled(self.blPara, self.frags), self.rtl)
            head.rtl, tail.rtl = self.rtl, directions[len(head.blPara.lines)]
            head.style = tail.style = self.style
        return parts

    def draw(self) -> None:
        typed = self.blPara
        lines = _styled(typed, self.frags)
        directions = line_directions(lines, self.rtl)
        visual = [_visual_line(line, rtl) for line, rtl in zip(lines, directions, strict=True)]
        self.blPara = ParaLines(kind=1, lines=visual)
        try:
            super().draw()
        finally:
            self.blPara = typed


def _styled(para_lines: Any, frags: list[Any]) -> list[Any]:
    """reportlab's broken lines, each as a `FragLine` of styled fragments."""
    lines = []
    for line in para_lines.lines:
        if isinstance(line, tuple):  # one style throughout: (extra space, words)
            extra, words = line
            frag = frags[0]
            ascent, descent = getAscentDescent(frag.fontName, frag.fontSize)
            line = FragLine(
                extraSpace=extra,
                wordCount=len(words),
                lineBreak=False,
                words=[frag.clone(text=" ".join(words))],
                fontSize=frag.fontSize,
                ascent=ascent,
                descent=descent,
            )
        lines.append(line)
    return lines


def _text(line: Any) -> str:
    return "".join(w.text for w in line.words if not hasattr(w, "cbDefn"))


def line_directions(lines: list[Any], rtl: bool) -> list[bool]:
    """Each line's direction: the paragraph's, then after each line break the next line's own."""
    directions: list[bool] = []
    current, fresh = rtl, False
    for index, line in enumerate(lines):
        if fresh:
            end = next((i for i in range(index, len(lines)) if _breaks(lines[i])), len(lines) - 1)
            found = first_strong_rtl("".join(_text(lines[i]) for i in range(index, end + 1)))
            current = current if found is None else found
        directions.append(current)
        fresh = _breaks(line)
    return directions


def _breaks(line: Any) -> bool:
    return bool(getattr(line, "lineBreak", False))


def _is_span(frag: Any) -> bool:
    return hasattr(frag, "cbDefn") and getattr(frag.cbDefn, "name", None) in _SPANS


def _visual_line(line: Any, rtl: bool) -> Any:
    """One line in display order: runs of one style each, inside an ``/ActualText`` span."""
    pieces = [w for w in line.words if not hasattr(w, "cbDefn")]
    text = _text(line)
    if not has_rtl(text):
        return line
    owner = [k for k, w in enumerate(pieces) for _ in w.text]
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    typed = text[start:end]
    line_levels = levels(typed, rtl)
    runs: list[tuple[int, list[str]]] = []
    for i in visual_order(line_levels):
        piece = owner[start + i]
        char = mirrored(typed[i], line_levels[i])
        if runs and runs[-1][0] == piece:
            runs[-1][1].append(char)
        else:
            runs.append((piece, [char]))
    first = pieces[owner[start]]
    label = actual_text_hex(extraction_text(typed_letters(typed)))
    words = [_span_frag(first, OPEN_SPAN, label)]
    words += [pieces[k].clone(text="".join(chars)) for k, chars in runs]
    words.append(_span_frag(first, CLOSE_SPAN, None))
    words += [w for w in line.words if hasattr(w, "cbDefn") and not _is_span(w)]
    return FragLine(
        extraSpace=line.extraSpace,
        wordCount=line.wordCount,
        lineBreak=getattr(line, "lineBreak", False),
        words=words,
        fontSize=line.fontSize,
        ascent=line.ascent,
        descent=line.descent,
    )


def _span_frag(style_of: Any, name: str, label: str | None) -> Any:
    """A zero-width fragment that opens or closes an ``/ActualText`` span when drawn."""
    return style_of.clone(text="", cbDefn=ABag(kind="onDraw", name=name, label=label))
