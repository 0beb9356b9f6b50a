"""Small building blocks of the story: escaped paragraphs, bullets, tables, sections.

User text enters a flowable only through `para` / `bullets` / `cell`, which call the one
escape function; headings keep with what follows so none is orphaned at a page foot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from therapist_desk.reports.bidipara import BidiParagraph
from therapist_desk.reports.data import ReportInput
from therapist_desk.reports.escape import para_text
from therapist_desk.reports.fonts import FAMILY
from therapist_desk.reports.scripts import has_rtl, needs_shaping
from therapist_desk.reports.styles import ACCENT, ACCENT_LIGHT, INK, RULE, SAFETY, Styles
from therapist_desk.reports.textdraw import ShapedParagraph
from therapist_desk.reports.wording import Wording

LONG_CELL = 1200  # characters; a cell this long may not fit on one page


@dataclass(frozen=True)
class Context:
    """What every section builder needs: the (filtered) data, styles, wording, width."""

    data: ReportInput
    styles: Styles
    words: Wording
    width: float
    clinician: bool

    def names(self, keys: Iterable[str]) -> str:
        """Display names of ``keys``, joined for a sentence."""
        return ", ".join(self.data.name_of(k) for k in keys)

    def private_tag(self, private: bool) -> str:
        """Markup for the PRIVATE marker in the clinician version, else nothing."""
        if not (private and self.clinician):
            return ""
        return f'<font color="#{SAFETY.hexval()[2:]}"><b>{self.words.private_marker}</b></font> '


def para(
    text: str,
    style,
    *,
    prefix: str = "",
    suffix: str = "",
    bullet: str | None = None,
    rtl: bool | None = None,
    align_right: bool = True,
) -> Paragraph:
    """A paragraph of raw ``text``; ``prefix``/``suffix`` are our own trusted markup.

    Devanagari and Thai are shaped with HarfBuzz (`textdraw.ShapedParagraph`); a paragraph
    holding right-to-left text is set line by line (`bidipara.BidiParagraph`), in the
    direction ``rtl`` (by default that of its first letter with one).
    """
    markup = prefix + para_text(text, style.fontName) + suffix
    if needs_shaping(text) and not has_rtl(markup):
        shaped = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
        return ShapedParagraph(markup, shaped, bulletText=bullet)
    return markup_para(markup, style, bullet=bullet, rtl=rtl, align_right=align_right)


def markup_para(
    markup: str,
    style,
    *,
    bullet: str | None = None,
    rtl: bool | None = None,
    align_right: bool = True,
) -> Paragraph:
    """A paragraph of markup built with `para_text`; right-to-left text is set line by line.

    A right-to-left paragraph is aligned right when ``align_right`` (not in table cells).
    """
    if has_rtl(markup):
        return BidiParagraph(markup, style, bulletText=bullet, rtl=rtl, align_right=align_right)
    return Paragraph(markup, style, bulletText=bullet)


def bullets(items: Sequence[str], style, *, prefixes: Sequence[str] = ()) -> list[Flowable]:
    """One bulleted paragraph per raw string in ``items``, aligned left with its bullet."""
    marks = list(prefixes) + [""] * (len(items) - len(prefixes))
    return [
        para(item, style, prefix=mark, bullet="•", align_right=False)
        for item, mark in zip(items, marks, strict=True)
    ]


def heading(text: str, style) -> Paragraph:
    """A heading of our own wording (keepWithNext comes from the style)."""
    return para(text, style)


def cell(text: str, style, *, prefix: str = "") -> Paragraph:
    """A table cell holding raw ``text``, aligned like its column in any direction."""
    return para(text, style, prefix=prefix, align_right=False)


def styles_cell_size(ctx: Context) -> float:
    """The font size plain-string cells share with paragraph cells."""
    return ctx.styles.cell.fontSize


def table(
    header: Sequence[str], rows: Sequence[Sequence[Flowable]], widths: Sequence[float], ctx
) -> Table:
    """A table with a repeated, tinted header row and light rules between rows."""
    head = [para(h, ctx.styles.cell_head) for h in header]
    # Splitting inside a row costs a lot of layout work; it is only needed when one cell
    # may be taller than a page, i.e. when a table holds a very long user text.
    in_row = any(len(getattr(c, "text", "")) > LONG_CELL for row in rows for c in row)
    tbl = Table(
        [head, *rows],
        colWidths=list(widths),
        repeatRows=1,
        splitInRow=int(in_row),
        hAlign="LEFT",
    )
    tbl.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("FONTSIZE", (0, 0), (-1, -1), styles_cell_size(ctx)),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT_LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return tbl


def fmt_date(value: date) -> str:
    """A date as "25 November 2026"."""
    return f"{value.day} {value:%B %Y}"


def fmt_datetime(value: datetime | date) -> str:
    """A timestamp as "2026-11-25 14:03 UTC" (zone shown when known); a date as ISO."""
    if not isinstance(value, datetime):
        return value.isoformat()
    text = f"{value:%Y-%m-%d %H:%M}"
    zone = value.tzname()
    return f"{text} {zone}" if zone else text
