"""The one place where user text is made safe for reportlab's paragraph markup.

Paragraphs parse a small XML dialect, so a name like ``<b>Zoë & Sons</b>`` would turn
bold or break the layout. `para_text` escapes markup characters, drops control
characters that have no glyph, and turns line breaks into ``<br/>``. Every raw string
goes through it exactly once, before it meets a `Paragraph`.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAB_WIDTH = 4


def clean_text(text: str) -> str:
    """``text`` with unified line breaks, tabs as spaces and no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " " * _TAB_WIDTH)
    return _CONTROL.sub("", text)


def para_text(text: str) -> str:
    """Raw ``text`` as paragraph markup that prints literally, line breaks kept."""
    escaped = escape(clean_text(text), {'"': "&quot;"})
    return escaped.replace("\n", "<br/>")
