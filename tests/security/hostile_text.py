"""Hostile text for the "hostile input" tests: fixed samples, hypothesis strategies, and
how to tell whether a PDF shows a string (synthetic text only, never a real person).

`FIXED` names every kind of text a clinician could paste into a field by accident or a
file could carry on purpose; `hostile()` mixes them with generated text from every
Unicode category (surrogates excepted: no UTF-8 text can hold one).
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache

from hypothesis import strategies as st
from pypdf import PdfReader

LONG = 10_000

FIXED = {
    "hebrew": "שלום עולם — דנה כהן",
    "arabic": "مرحبا بالعالم — ليلى حداد",
    "mixed direction": "Dana דנה Cohen כהן 123 ليلى",
    "emoji zwj": "👨‍👩‍👧‍👦 Family 👩🏽‍⚕️ 🏳️‍🌈 🇳🇿 Kiri",
    "control characters": "Al\x00ex\x01\x07\x08\x1b[31mRed\x1b[0m\x7f\x9f Morgan",
    "only NUL": "\x00",
    "line breaks": "Line one\r\nLine two\rLine three\nLine four\u2028Line five\u2029\x85six",
    "markup": "<b>Bold</b> <para>x</para> <br/> &amp; &lt; &#169; ]]> <![CDATA[Ines]]>",
    "font tag": '<font color="red" size="90">Big</font> <img src="/etc/passwd"/> Quinn',
    "sql": "'); DROP TABLE client;-- \" OR 1=1 -- %_\\ Robin",
    "bidi controls": "\u202eevil\u202c \u2066isolate\u2069 \u200fmark Sasha",
    "combining marks": "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ Zoë Noël",
    "cjk": "漢字かなカナ한국어 Mei",
    "astral and private use": "𝕏𝔸 \U0010fffd \ue000 Ash",
    "format strings": "{name} %s %(x)s {0} ${HOME} $(whoami) Jordan",
    "odd spaces": " \t\u00a0\u3000 Padded\u200b Name \u2003",
    "byte order mark": "\ufeffZoë Lefèvre",
    "json": '{"format": "therapist-desk-answers", "kind": "couple"} Taylor',
    "long word": "Ab" * (LONG // 2),
    "long text": ("Anaïs Ørsted wrote this. " * (LONG // 25 + 1))[:LONG],
}

_FRAGMENTS = [text[:40] for text in FIXED.values()] + ["Alex", "Zoë", "Νίκος", "Анна"]
_PIECE = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.text(st.characters(categories=("Cc", "Cf", "Zl", "Zp", "Zs", "Mn")), max_size=8),
    st.sampled_from(_FRAGMENTS),
)


def hostile(generated_long: bool = True) -> st.SearchStrategy[str]:
    """Text from every Unicode category, markup, RTL, emoji, controls, and 10,000-char runs.

    The fixed samples bring 10,000-character text either way; ``generated_long`` adds
    generated 10,000-character strings too (costly to render and extract as PDF).
    """
    mixed = st.lists(_PIECE, max_size=6).map("".join)
    fixed = st.sampled_from(list(FIXED.values()))
    if not generated_long:
        return st.one_of(mixed, fixed)
    long = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12).map(
        lambda unit: (unit * (LONG // len(unit) + 1))[:LONG]
    )
    return st.one_of(mixed, fixed, long)


@cache
def _font_chars() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    from therapist_desk.reports.fonts import BOLD, FAMILY, register_fonts

    register_fonts()
    regular = pdfmetrics.getFont(FAMILY).face.charToGlyph  # type: ignore[attr-defined]
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph  # type: ignore[attr-defined]
    return frozenset(regular) & frozenset(bold)


def _legible(char: str) -> bool:
    """A letter or digit the report font draws, left to right, that PDF text keeps as is.

    Left out: scripts the bundled DejaVu Sans has no glyph for (CJK, Thai, emoji),
    right-to-left letters (printed unshaped in logical order: see the RTL test), and
    characters beyond the BMP (reportlab writes them into the PDF's text map wrongly).
    """
    return (
        ord(char) <= 0xFFFF
        and unicodedata.category(char) in ("Lu", "Ll", "Lt", "Lo", "Nd")
        and unicodedata.bidirectional(char) in ("L", "EN")
        and ord(char) in _font_chars()
    )


def recognisable(text: str, shortest: int = 4) -> str:
    """The longest run of legible characters in ``text``, or "" if none is ``shortest`` long."""
    best_start = best_len = start = 0
    for index, char in enumerate(text):
        if not _legible(char):
            start = index + 1
        elif index + 1 - start > best_len:
            best_start, best_len = start, index + 1 - start
    return text[best_start : best_start + best_len] if best_len >= shortest else ""


def pdf_body(pdf: bytes) -> str:
    """The text of every page's body, without running header and footer, whitespace removed.

    Lines split across pages join up again, so a long note reads as one string.
    """
    from therapist_desk.reports.pages import MARGIN_BOTTOM, MARGIN_TOP

    parts: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        top = float(page.mediabox.height) - MARGIN_TOP + 2
        bottom = MARGIN_BOTTOM - 2

        def keep(text, cm, tm, _font, _size, top=top, bottom=bottom) -> None:
            y = tm[5] * cm[3] + tm[4] * cm[1] + cm[5]
            if bottom <= y <= top:
                parts.append(text)

        page.extract_text(visitor_text=keep)
    return "".join("".join(parts).split())
