"""Register the embedded TrueType fonts the reports use (DejaVu Sans, shipped in resources).

Embedded TrueType fonts render names in any Latin, Greek or Cyrillic script; the base-14
PDF fonts cannot. Registration is done once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from therapist_desk import resources_dir

FAMILY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FILES = (FAMILY, BOLD, ITALIC, BOLD_ITALIC)


def fonts_dir() -> Path:
    """The folder holding the report fonts."""
    return resources_dir() / "fonts"


@cache
def register_fonts() -> str:
    """Register the DejaVu Sans family with reportlab; return the family name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = fonts_dir()
    for name in _FILES:
        path = folder / f"{name}.ttf"
        if not path.is_file():
            raise FileNotFoundError(f"report font missing: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    return FAMILY
