"""Light, dark, or as the system shows it: the palette and style behind every widget.

"system" keeps the style and palette Qt started with (and follows the desktop if it
changes). "light" and "dark" use Fusion with a palette of our own, whatever the desktop
says, so the app reads the same on every computer. Fusion draws the frame of a check
box or radio button a shade darker than the window, which all but disappears on a dark
window: `ui.widgets.indicator_style` draws that frame in a colour that stands out from it
(loaded only for "light" and "dark": QStyle's enums cost 5-8 ms of the start).
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

Appearance = Literal["system", "light", "dark"]
APPEARANCES: tuple[Appearance, ...] = ("system", "light", "dark")

_Role, _Group = QPalette.ColorRole, QPalette.ColorGroup
DARK = {
    _Role.Window: "#202124",
    _Role.WindowText: "#e8eaed",
    _Role.Base: "#2b2d31",
    _Role.AlternateBase: "#33363b",
    _Role.Text: "#e8eaed",
    _Role.PlaceholderText: "#a3a8ae",
    _Role.Button: "#33363b",
    _Role.ButtonText: "#e8eaed",
    _Role.BrightText: "#ffffff",
    _Role.Light: "#4f5359",
    _Role.Midlight: "#41444a",
    _Role.Mid: "#6e737a",
    _Role.Dark: "#17181a",
    _Role.Shadow: "#000000",
    _Role.Highlight: "#2f6f73",
    _Role.HighlightedText: "#ffffff",
    _Role.Link: "#8ab4f8",
    _Role.LinkVisited: "#c58af9",
    _Role.ToolTipBase: "#3c4043",
    _Role.ToolTipText: "#e8eaed",
}
DARK_DISABLED = {
    _Role.WindowText: "#8a8f96",
    _Role.Text: "#8a8f96",
    _Role.ButtonText: "#8a8f96",
    _Role.Highlight: "#41444a",
    _Role.HighlightedText: "#b9bdc2",
}
LIGHT = {
    _Role.Window: "#efefef",
    _Role.WindowText: "#1b1b1b",
    _Role.Base: "#ffffff",
    _Role.AlternateBase: "#f5f5f5",
    _Role.Text: "#1b1b1b",
    _Role.PlaceholderText: "#6b6b6b",
    _Role.Button: "#efefef",
    _Role.ButtonText: "#1b1b1b",
    _Role.BrightText: "#ffffff",
    _Role.Light: "#ffffff",
    _Role.Midlight: "#cacaca",
    _Role.Mid: "#a0a0a0",
    _Role.Dark: "#8a8a8a",
    _Role.Shadow: "#6b6b6b",
    _Role.Highlight: "#2f6f73",
    _Role.HighlightedText: "#ffffff",
    _Role.Link: "#1a5fb4",
    _Role.LinkVisited: "#613583",
    _Role.ToolTipBase: "#ffffdc",
    _Role.ToolTipText: "#1b1b1b",
}
LIGHT_DISABLED = {
    _Role.WindowText: "#8a8a8a",
    _Role.Text: "#8a8a8a",
    _Role.ButtonText: "#8a8a8a",
}

_started_with: tuple[str, QPalette] | None = None
_current: Appearance = "system"


def palette_for(appearance: Appearance) -> QPalette:
    """Our palette for "light" or "dark"."""
    colours, disabled = (DARK, DARK_DISABLED) if appearance == "dark" else (LIGHT, LIGHT_DISABLED)
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role, colour in disabled.items():
        palette.setColor(_Group.Disabled, role, QColor(colour))
    return palette


def current_appearance() -> Appearance:
    """The appearance applied last ("system" until one is chosen)."""
    return _current


def apply_appearance(app: QApplication, appearance: Appearance) -> bool:
    """Give the whole app this appearance, at once (open windows included); whether
    anything was changed."""
    global _started_with, _current
    if appearance == _current and appearance == "system":
        return False
    hints = QGuiApplication.styleHints()
    if appearance == "system" and _started_with is not None:
        style, palette = _started_with
        app.setStyle(style)
        app.setPalette(palette)
        hints.unsetColorScheme()
    elif appearance != "system":
        from therapist_desk.ui.widgets.indicator_style import ReadableIndicators

        if _started_with is None:  # what "system" goes back to: as Qt started
            _started_with = (app.style().name(), QPalette(app.palette()))
        app.setStyle(ReadableIndicators("Fusion"))
        app.setPalette(palette_for(appearance))
        hints.setColorScheme(Qt.ColorScheme.Dark if appearance == "dark" else Qt.ColorScheme.Light)
    _current = appearance
    return True


def is_dark_palette(palette: QPalette) -> bool:
    """Whether ``palette`` is dark (its text lighter than its window)."""
    window = palette.color(_Role.Window).lightness()
    return palette.color(_Role.WindowText).lightness() > window


def edge_colour(palette: QPalette) -> QColor:
    """A line that stands out from the window: for frames of boxes and chart axes."""
    text, window = palette.color(_Role.WindowText), palette.color(_Role.Window)
    share = 0.5  # of the window colour; the rest is the text colour (3:1 or more on both)
    return QColor(
        round(text.red() * (1 - share) + window.red() * share),
        round(text.green() * (1 - share) + window.green() * share),
        round(text.blue() * (1 - share) + window.blue() * share),
    )
