"""The stylesheet: one accent colour, a clear hierarchy, calm spacing."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from therapist_desk.reports.fonts import BOLD, FAMILY, ITALIC

ACCENT = colors.HexColor("#1F5F7A")
ACCENT_LIGHT = colors.HexColor("#E8F1F5")
INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#666666")
RULE = colors.HexColor("#C9D6DD")
SAFETY = colors.HexColor("#9A3B1B")
SAFETY_LIGHT = colors.HexColor("#FBEFE9")
PARTNER_COLOURS = (ACCENT, colors.HexColor("#8AB6C9"), colors.HexColor("#4F8A6E"))


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a report."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    intro: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    bullet: ParagraphStyle
    evidence: ParagraphStyle
    safety: ParagraphStyle
    safety_head: ParagraphStyle
    emphasis: ParagraphStyle


def build_styles() -> Styles:
    """Paragraph styles using the registered DejaVu fonts."""
    body = ParagraphStyle(
        "body",
        fontName=FAMILY,
        bulletFontName=FAMILY,
        fontSize=9.5,
        leading=13.5,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
    )
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=BOLD,
            fontSize=18,
            leading=22,
            textColor=ACCENT,
            spaceAfter=2,
        ),
        subtitle=ParagraphStyle("subtitle", parent=body, textColor=MUTED, spaceAfter=8),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=7,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        intro=ParagraphStyle(
            "intro", parent=body, fontSize=8, leading=10.5, textColor=MUTED, keepWithNext=1
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        cell_head=ParagraphStyle(
            "cell_head",
            parent=body,
            fontName=BOLD,
            fontSize=8.5,
            leading=11,
            spaceAfter=0,
            textColor=ACCENT,
        ),
        bullet=ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=12,
            bulletIndent=2,
            spaceAfter=2,
        ),
        evidence=ParagraphStyle(
            "evidence",
            parent=body,
            fontSize=8.5,
            leading=11.5,
            textColor=MUTED,
            leftIndent=26,
            bulletIndent=16,
            spaceAfter=1,
        ),
        safety=ParagraphStyle(
            "safety",
            parent=body,
            leftIndent=12,
            bulletIndent=2,
            textColor=INK,
            spaceAfter=2,
        ),
        safety_head=ParagraphStyle(
            "safety_head",
            parent=body,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            textColor=SAFETY,
            spaceAfter=4,
        ),
        emphasis=ParagraphStyle("emphasis", parent=body, fontName=ITALIC, textColor=MUTED),
    )
