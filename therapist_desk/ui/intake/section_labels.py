"""The names of the intake's pages as the page list can show them.

The list is narrow; a long name ("Your scores in the shared summary — Noor Example")
was cut in the middle, mid-word, and the person's name was half gone. A name that does
not fit keeps the person's name whole and shortens the title at the end, after a whole
word, with "…"; the list item's tooltip holds the whole name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QListWidget, QStyle

ELLIPSIS = "…"


def fit_label(prefix: str, title: str, who: str, metrics: QFontMetrics, width: int) -> str:
    """``prefix + title + who`` as it fits ``width`` pixels: whole, or with the title
    cut after its last whole word that fits (or, with no room for one, inside it)."""
    whole = prefix + title + who
    if metrics.horizontalAdvance(whole) <= width:
        return whole
    room = width - metrics.horizontalAdvance(prefix + who)
    words = title.split(" ")
    while len(words) > 1:
        words.pop()
        short = " ".join(words).rstrip(" ,;:—-") + ELLIPSIS
        if metrics.horizontalAdvance(short) <= room:
            return prefix + short + who
    return prefix + metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(room, 0)) + who


def text_width(view: QListWidget) -> int:
    """The width an item's text has in ``view``: its width less the frame, a vertical
    scroll bar (kept room for, whether shown or not) and the item's own margins."""
    style = view.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    scroll_bar = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
    return view.width() - 2 * view.frameWidth() - scroll_bar - 2 * (margin + view.spacing())
