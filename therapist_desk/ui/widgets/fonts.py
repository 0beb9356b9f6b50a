"""The PDFs' bundled fonts in the windows too, so every name shows in any script.

`register_bundled_fonts` adds Noto Sans Hebrew, Noto Naskh Arabic, Noto Sans Devanagari,
Noto Sans Thai, Noto Emoji (monochrome) and WenQuanYi Micro Hei (Han, kana, Hangul) from
resources/fonts as application fonts. It is called when the practice is opened, after the
window's first paint (it took 8-23 ms on the development machine; the files are mapped,
not read whole).

Where Qt finds fallback fonts through fontconfig (Linux, the BSDs), application fonts take
part in its fallback: a character the default font lacks is drawn with a bundled font
unless an installed font has it (an installed colour emoji font is still preferred).
Elsewhere (Windows, macOS) the bundled families are appended to the application font's
family list, so Qt tries them, in order, before its own fallbacks.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from therapist_desk.reports.fonts import FALLBACKS, fonts_dir

# Devanagari first: Qt skips, with a logged line, each listed family before the first that
# has OpenType tables for an Indic script.
_ORDER = (
    "NotoSansDevanagari",
    "NotoSansThai",
    "NotoSansHebrew",
    "NotoNaskhArabic",
    "WenQuanYiMicroHei",
    "NotoEmoji",
)

_registered: list[str] = []


def bundled_files() -> list[str]:
    """The font files the windows register, one per face, in `_ORDER`."""
    by_name = {f.name: f for f in FALLBACKS}
    files: list[str] = []
    for name in _ORDER:
        fallback = by_name[name]
        for file_name in (fallback.regular, fallback.bold):
            if file_name not in files:
                files.append(file_name)
    return files


def registered_families() -> list[str]:
    """The families `register_bundled_fonts` added (empty before it ran)."""
    return list(_registered)


def fontconfig_fallback() -> bool:
    """Whether Qt's fallback fonts come from fontconfig, which includes application fonts."""
    return not sys.platform.startswith(("win", "darwin"))


def register_bundled_fonts(app: QApplication, *, append_families: bool | None = None) -> list[str]:
    """Register the bundled fonts once; return their families in fallback order.

    ``append_families`` (default: where fontconfig does not do the fallback) appends them
    to the application font's families. A font file that Qt refuses is skipped.
    """
    if not _registered:
        for file_name in bundled_files():
            font_id = QFontDatabase.addApplicationFont(str(fonts_dir() / file_name))
            for family in QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []:
                if family not in _registered and not family.endswith(" Mono"):
                    _registered.append(family)
    if append_families is None:
        append_families = not fontconfig_fallback()
    if append_families:
        font = QFont(app.font())
        font.setFamilies(with_fallbacks(font, _registered))
        app.setFont(font)
    return list(_registered)


def with_fallbacks(font: QFont, fallbacks: list[str]) -> list[str]:
    """``font``'s families followed by ``fallbacks``.

    A generic name that is no family of its own ("Sans Serif") is replaced by the family
    it resolves to: in a family list Qt would skip it, and the bundled fonts, some of which
    have Latin letters, would set the Latin text.
    """
    first = [f for f in font.families() if f not in fallbacks] or [font.family()]
    if not QFontDatabase.hasFamily(first[0]):
        first[0] = QFontInfo(font).family()
    return [*first, *fallbacks]
