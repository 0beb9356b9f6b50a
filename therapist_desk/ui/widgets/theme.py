"""A calm look in the chosen appearance (system, light or dark), and the text size.

Colours come from the palette (so dark mode works, see `appearance`); we add one accent,
spacing, and the signal styles: a prominent safety box, a quiet error label next to a
field, the mark of the question the keyboard answers and the note of a changed answer.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

from therapist_desk.ui.widgets.appearance import (
    Appearance,
    apply_appearance,
    edge_colour,
    is_dark_palette,
)

ACCENT = "#2f6f73"
ACCENT_DARK = "#7cc4c7"
SECOND_LIGHT = "#a85d12"  # a second series beside the accent (the other partner's line)
SECOND_DARK = "#e5a65e"
SAFETY_LIGHT = ("#fff4e5", "#8a3b00", "#d9822b")  # background, text, border
SAFETY_DARK = ("#3d2a14", "#ffd8a8", "#d9822b")
ERROR_LIGHT = "#b3261e"
ERROR_DARK = "#ffb4ab"
CURRENT_LIGHT = ("#e3f1f1", "#2f6f73")  # the question the keyboard answers: fill, edge
CURRENT_DARK = ("#1d3a3c", "#7cc4c7")
CHANGE_LIGHT = "#8a3b00"  # "Changed from … to …" under a question
CHANGE_DARK = "#ffd8a8"

AUDIENCE_TONES = {  # the audience bar's background (its "tone"); white text reads on each
    "clinician": "#3c4280",
    "clients": "#1e6b4c",
    "first": "#9a4a1c",  # the first partner alone
    "second": "#6d3a8a",
}

BASE_POINT_SIZE: float | None = None


def is_dark() -> bool:
    """Whether the app's palette is dark (window text lighter than the window)."""
    return is_dark_palette(QGuiApplication.palette())


def accent() -> str:
    """The accent colour that reads well on the current palette."""
    return ACCENT_DARK if is_dark() else ACCENT


def second_colour() -> str:
    """The colour of a second series (the other partner's line) on the current palette."""
    return SECOND_DARK if is_dark() else SECOND_LIGHT


def error_colour() -> str:
    """The colour of a field's error message on the current palette."""
    return ERROR_DARK if is_dark() else ERROR_LIGHT


def stylesheet(base_pt: float = 10.0) -> str:
    """The application style sheet for the current palette and base text size."""
    bg, fg, border = SAFETY_DARK if is_dark() else SAFETY_LIGHT
    fill, edge = CURRENT_DARK if is_dark() else CURRENT_LIGHT
    change = CHANGE_DARK if is_dark() else CHANGE_LIGHT
    frame = edge_colour(QGuiApplication.palette()).name()
    # The audience bar changes colour by a property, not a style sheet of its own: setting
    # one re-polished the bar for 20-30 ms at every switch of who is looking.
    tones = "".join(
        f'QFrame#audienceBar[tone="{tone}"] {{ background: {colour}; }}\n'
        for tone, colour in AUDIENCE_TONES.items()
    )
    return (
        tones
        + f"""
    QFrame#audienceBar QLabel#audienceName {{ color: white; font-weight: 700;
        font-size: 15pt; }}
    QLabel#pageTitle {{ font-size: {base_pt * 1.45:.1f}pt; font-weight: 600; }}
    QLabel#sectionIntro, QLabel#hint {{ color: palette(placeholder-text); }}
    QLabel#fieldError {{ color: {error_colour()}; }}
    QFrame#safetyBox {{ background: {bg}; border: 2px solid {border}; border-radius: 6px; }}
    QFrame#safetyBox QLabel {{ color: {fg}; }}
    QLabel#clinicianNotice {{ background: {bg}; color: {fg}; border: 2px solid {border};
        border-radius: 6px; padding: 6px; }}
    QFrame#card {{ border: 1px solid {frame}; border-radius: 6px; }}
    QLabel#orderHeadline {{ font-size: {base_pt * 1.7:.1f}pt; font-weight: 600;
                            color: {accent()}; }}
    QPushButton#primary {{ font-weight: 600; }}
    QFrame#privacyCover {{ background: palette(window); }}
    QFrame#serverBanner {{ background: {fill}; border-bottom: 2px solid {edge}; }}
    QFrame#question {{ border: 2px solid transparent; border-left-width: 6px;
                       border-radius: 6px; }}
    QFrame#question[current="true"] {{ background: {fill}; border-color: {edge}; }}
    QLabel#changeNote, QLabel#formWarning {{ color: {change}; font-weight: 600; }}
    QPushButton {{ border: 1px solid {frame}; border-radius: 4px; padding: 4px 11px;
                   background: palette(button); }}
    QPushButton:hover {{ background: palette(midlight); }}
    QPushButton:pressed, QPushButton:checked {{ background: palette(mid); }}
    QPushButton:disabled {{ color: palette(placeholder-text); }}
    QPushButton:focus {{ border: 2px solid {edge}; padding: 3px 10px; }}
    QCheckBox:focus, QRadioButton:focus {{ background: {fill}; border-radius: 3px; }}
    QPlainTextEdit:focus, QTextEdit:focus {{ border: 2px solid {edge}; }}
    """
    )


def apply_theme(
    app: QApplication, text_scale: float = 1.0, appearance: Appearance | None = None
) -> None:
    """Apply the appearance (None: keep the current one), the style sheet for it, and
    scale the application font by ``text_scale``."""
    global BASE_POINT_SIZE
    changed = apply_appearance(app, appearance) if appearance is not None else False
    if BASE_POINT_SIZE is None:
        BASE_POINT_SIZE = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * text_scale)
    if font != app.font():
        app.setFont(font)
    # Setting a style sheet re-styles every widget (about 0.1 s): only when it changes.
    sheet = stylesheet(font.pointSizeF())
    if changed or sheet != app.styleSheet():
        app.setStyleSheet(sheet)
