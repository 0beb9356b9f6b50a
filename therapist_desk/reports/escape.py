"""The one place where user text is made safe for reportlab's paragraph markup.

Paragraphs parse a small XML dialect, so a name like ``<b>Zoë & Sons</b>`` would turn
bold or break the layout. `para_text` escapes markup characters, drops control
characters that have no glyph, and turns line breaks into ``<br/>``. It also joins
Arabic letters and gives each run of another script the bundled font that has its
glyphs (`scripts`); the text stays in typing order, and a paragraph holding
right-to-left text is a `bidipara.BidiParagraph`, which puts each line in display order
once the paragraph is broken into lines. Every raw string goes through it exactly once,
before it meets a `Paragraph`.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAB_WIDTH = 4
_WORDS = re.compile(r"(\s+)")
OPEN_SPAN = '<onDraw name="actual_open" label="{}"/>'
CLOSE_SPAN = '<onDraw name="actual_close"/>'


def clean_text(text: str) -> str:
    """``text`` with unified line breaks, tabs as spaces and no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " " * _TAB_WIDTH)
    return _CONTROL.sub("", text)


def _escaped(text: str) -> str:
    return escape(text, {'"': "&quot;"}).replace("\n", "<br/>")


def para_text(text: str, font: str = "DejaVuSans") -> str:
    """Raw ``text`` as paragraph markup that prints literally, line breaks kept.

    ``font`` is the paragraph's DejaVu face (its bold face keeps fallback runs bold).
    """
    from therapist_desk.reports import scripts

    text = scripts.logical_forms(clean_text(text))
    runs = scripts.font_runs(text, font)
    if (
        len(runs) <= 1
        and not any(ord(c) > 0xFFFF for c in text)
        and (not runs or runs[0][0] == font)
    ):
        return _escaped(text)
    # A shaped paragraph carries its typed text whole (`textdraw.ShapedParagraph`):
    # reportlab's shaping cannot take markers inside a word. Each line of a paragraph with
    # right-to-left text carries its typed text whole (`bidipara`).
    whole = scripts.needs_shaping(text) or scripts.has_rtl(text)
    out: list[str] = []
    for run_font, run in runs:
        piece = ""
        for part in _WORDS.split(run):
            if whole or part.isspace() or not scripts.needs_actual_text(run_font, part, False):
                piece += _escaped(part)
            else:
                piece += OPEN_SPAN.format(scripts.actual_text_hex(part))
                piece += _escaped(part) + CLOSE_SPAN
        out.append(piece if run_font == font else f'<font name="{run_font}">{piece}</font>')
    return "".join(out)
