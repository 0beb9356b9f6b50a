"""HarfBuzz shaping of a word that is set in more than one font (a reportlab defect).

reportlab 5.1 shapes a word of a ``shaping=1`` paragraph with the font of its *first*
fragment, whatever fonts its other fragments are set in. A name typed without a space
between scripts ("Noël漢字", "Anaya😀") is one word in two fonts (`scripts.font_runs`
gives each script its bundled font), so the CJK letters were shaped with DejaVu Sans,
which has no glyph for them: HarfBuzz answers glyph 0, reportlab then looks glyph 0 up
in the CJK font, fails, and its fallback calls a method that does not exist
(``TTFont.hbAddPrivate``), so the PDF was not made at all.

`install` wraps reportlab's ``shapeFragWord``: a word whose fragments share one font goes
to it unchanged; a word in several fonts is cut where the font changes, each piece is
shaped with its own font, and the pieces are put back together as one word (its width
the sum of theirs). Markers inside such a word (``cbDefn`` fragments) stay with the piece
before them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_installed = False


def _font_of(fragment: Any) -> str | None:
    return None if hasattr(fragment, "cbDefn") else fragment.fontName


def _pieces(word: Any) -> list[list[tuple[Any, str]]]:
    """The (fragment, text) pairs of ``word`` in runs of one font each."""
    pieces: list[list[tuple[Any, str]]] = []
    font_of_piece: list[str | None] = []
    for fragment, text in word[1:]:
        font = _font_of(fragment)
        if pieces and (font is None or font_of_piece[-1] in (None, font)):
            pieces[-1].append((fragment, text))
            if font_of_piece[-1] is None:
                font_of_piece[-1] = font
        else:
            pieces.append([(fragment, text)])
            font_of_piece.append(font)
    return pieces


def shape_by_font(shape: Callable[..., Any]) -> Callable[..., Any]:
    """``shape`` (reportlab's ``shapeFragWord``), made to shape each font on its own."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord

    def shaped(word: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(word, ShapedFragWord):
            return word
        fonts = {_font_of(f) for f, _ in word[1:]} - {None}
        if len(fonts) <= 1:
            return shape(word, *args, **kwargs)
        width = 0.0
        pairs: list[Any] = []
        changed = False
        for piece in _pieces(word):
            piece_width = sum(
                stringWidth(text, f.fontName, f.fontSize)
                for f, text in piece
                if _font_of(f) is not None
            )
            part = word.__class__([piece_width, *piece])
            result = shape(part, *args, **kwargs)
            changed = changed or result is not part
            width += result[0]
            pairs.extend(result[1:])
        if not changed:
            return word
        return makeShapedFragWord(word)([width, *pairs])

    shaped.wrapped = shape  # type: ignore[attr-defined]
    return shaped


def install() -> None:
    """Put `shape_by_font` where reportlab's paragraphs call it (once per process)."""
    global _installed
    if _installed:
        return
    from reportlab.platypus import paragraph

    paragraph.shapeFragWord = shape_by_font(paragraph.shapeFragWord)
    _installed = True
