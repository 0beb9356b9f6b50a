"""A calm look that follows the system's light or dark palette, and the text size.

Colours come from the palette (so dark mode works); we add one accent, spacing, and the
two signal styles: a prominent safety box and a quiet error label next to a field.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2f6f73"
ACCENT_DARK = "#7cc4c7"
SAFETY_LIGHT = ("#fff4e5", "#8a3b00", "#d9822b")  # background, text, border
SAFETY_DARK = ("#3d2a14", "#ffd8a8", "#d9822b")
ERROR_LIGHT = "#b3261e"
ERROR_DARK = "#ffb4ab"
CURRENT_LIGHT = ("#e3f1f1", "#2f6f73")  # the question the keyboard answers: fill, edge
CURRENT_DARK = ("#1d3a3c", "#7cc4c7")
CHANGE_LIGHT = "#8a3b00"  # "Changed from … to …" under a question
CHANGE_DARK = "#ffd8a8"

BASE_POINT_SIZE: float | None = None


def is_dark() -> bool:
    """Whether the system palette is dark (window text lighter than the window)."""
    palette = QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window).lightness()
    text = palette.color(QPalette.ColorRole.WindowText).lightness()
    return text > window


def accent() -> str:
    """The accent colour that reads well on the current palette."""
    return ACCENT_DARK if is_dark() else ACCENT


def error_colour() -> str:
    """The colour of a field's error message on the current palette."""
    return ERROR_DARK if is_dark() else ERROR_LIGHT


def stylesheet(base_pt: float = 10.0) -> str:
    """The application style sheet for the current palette and base text size."""
    bg, fg, border = SAFETY_DARK if is_dark() else SAFETY_LIGHT
    fill, edge = CURRENT_DARK if is_dark() else CURRENT_LIGHT
    change = CHANGE_DARK if is_dark() else CHANGE_LIGHT
    return f"""
    QLabel#pageTitle {{ font-size: {base_pt * 1.45:.1f}pt; font-weight: 600; }}
    QLabel#sectionIntro, QLabel#hint {{ color: palette(placeholder-text); }}
    QLabel#fieldError {{ color: {error_colour()}; }}
    QFrame#safetyBox {{ background: {bg}; border: 2px solid {border}; border-radius: 6px; }}
    QFrame#safetyBox QLabel {{ color: {fg}; }}
    QFrame#card {{ border: 1px solid palette(mid); border-radius: 6px; }}
    QLabel#orderHeadline {{ font-size: {base_pt * 1.7:.1f}pt; font-weight: 600;
                            color: {accent()}; }}
    QPushButton#primary {{ font-weight: 600; }}
    QFrame#privacyCover {{ background: palette(window); }}
    QFrame#question {{ border: 2px solid transparent; border-left-width: 6px;
                       border-radius: 6px; }}
    QFrame#question[current="true"] {{ background: {fill}; border-color: {edge}; }}
    QLabel#changeNote, QLabel#formWarning {{ color: {change}; font-weight: 600; }}
    """


def apply_theme(app: QApplication, text_scale: float = 1.0) -> None:
    """Apply the style sheet and scale the application font by ``text_scale``."""
    global BASE_POINT_SIZE
    if BASE_POINT_SIZE is None:
        BASE_POINT_SIZE = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * text_scale)
    app.setFont(font)
    app.setStyleSheet(stylesheet(font.pointSizeF()))
