"""The embedded TrueType fonts the reports use, shipped in resources/fonts.

DejaVu Sans sets Latin, Greek and Cyrillic, and every character it has. A character it
lacks is set in the first fallback font that has it: Noto Sans Hebrew, Noto Naskh Arabic,
Noto Sans Devanagari, Noto Sans Thai, Noto Emoji (monochrome), WenQuanYi Micro Hei (Han,
kana, Hangul). reportlab embeds a subset of each font a document uses. A fallback font is
loaded the first time a character needs it; registration is done once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from therapist_desk import resources_dir

FAMILY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FILES = (FAMILY, BOLD, ITALIC, BOLD_ITALIC)


@dataclass(frozen=True)
class Fallback:
    """A font for the characters DejaVu Sans lacks: its files, regular and bold."""

    name: str
    regular: str
    bold: str
    prefers: tuple[tuple[int, int], ...] = ()  # code point ranges set in this font first
    subfont: int = 0

    def preferred_for(self, code: int) -> bool:
        """Whether ``code`` is in a script this font sets even where DejaVu has it."""
        return any(low <= code <= high for low, high in self.prefers)

    def font_name(self, bold: bool) -> str:
        """The registered reportlab name of the regular or bold face."""
        return f"{self.name}-Bold" if bold and self.bold != self.regular else self.name


# In the order they are asked: the small fonts first, the large CJK font last.
# DejaVu has some Hebrew, Arabic and emoji of its own; the Noto fonts set those scripts.
FALLBACKS = (
    Fallback(
        "NotoSansHebrew",
        "NotoSansHebrew-Regular.ttf",
        "NotoSansHebrew-Bold.ttf",
        ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    ),
    Fallback(
        "NotoNaskhArabic",
        "NotoNaskhArabic-Regular.ttf",
        "NotoNaskhArabic-Bold.ttf",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    Fallback(
        "NotoSansDevanagari",
        "NotoSansDevanagari-Regular.ttf",
        "NotoSansDevanagari-Bold.ttf",
        ((0x0900, 0x097F), (0xA8E0, 0xA8FF)),
    ),
    Fallback(
        "NotoSansThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf", ((0x0E00, 0x0E7F),)
    ),
    Fallback("NotoEmoji", "NotoEmoji-Regular.ttf", "NotoEmoji-Regular.ttf", ((0x1F000, 0x1FAFF),)),
    Fallback("WenQuanYiMicroHei", "WenQuanYiMicroHei.ttc", "WenQuanYiMicroHei.ttc"),
)
EMOJI = FALLBACKS[4]


def fonts_dir() -> Path:
    """The folder holding the report fonts."""
    return resources_dir() / "fonts"


def _font_path(file_name: str) -> Path:
    path = fonts_dir() / file_name
    if not path.is_file():
        raise FileNotFoundError(f"report font missing: {path}")
    return path


@cache
def register_fonts() -> str:
    """Register the DejaVu Sans family with reportlab; return the family name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in _FILES:
        pdfmetrics.registerFont(TTFont(name, str(_font_path(f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    from therapist_desk.reports import shaping_by_font

    shaping_by_font.install()
    return FAMILY


@cache
def fallback_cmap(fallback: Fallback) -> frozenset[int]:
    """Register ``fallback`` (both faces) with reportlab; return the code points it has."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = _font_path(fallback.regular)
    font = TTFont(fallback.name, str(regular), subfontIndex=fallback.subfont)
    pdfmetrics.registerFont(font)
    bold = fallback.font_name(True)
    if bold != fallback.name:
        pdfmetrics.registerFont(
            TTFont(bold, str(_font_path(fallback.bold)), subfontIndex=fallback.subfont)
        )
    pdfmetrics.registerFontFamily(
        fallback.name, normal=fallback.name, bold=bold, italic=fallback.name, boldItalic=bold
    )
    return frozenset(font.face.charToGlyph)


@cache
def base_cmap(font: str) -> frozenset[int]:
    """The code points the DejaVu face ``font`` has (the oblique faces have fewer)."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


@cache
def preferred_fallback(code: int) -> Fallback | None:
    """The fallback that sets ``code``'s script before DejaVu does, when it has ``code``."""
    for fallback in FALLBACKS:
        if fallback.preferred_for(code):
            return fallback if code in fallback_cmap(fallback) else None
    return None


@cache
def any_fallback(code: int) -> Fallback | None:
    """The first fallback font that has the character ``code``, if any has it."""
    return next((f for f in FALLBACKS if code in fallback_cmap(f)), None)


def bundled_font_files() -> list[Path]:
    """Every font file the reports (and the windows) use, DejaVu first."""
    names = [f"{n}.ttf" for n in _FILES]
    names += sorted({n for f in FALLBACKS for n in (f.regular, f.bold)})
    return [_font_path(n) for n in names]
