"""Fusion, with check box and radio button frames that show on a dark window too.

Fusion draws the frame of a check box or radio button a shade darker than the window,
which all but disappears on a dark window. Loaded by `appearance.apply_appearance` for
"light" and "dark" only (QStyle's enums cost 5-8 ms of a start that needs none).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from therapist_desk.ui.widgets.appearance import edge_colour, is_dark_palette


class ReadableIndicators(QProxyStyle):
    """Fusion, with check box and radio button frames that show on a dark window too."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        round_box = element == QStyle.PrimitiveElement.PE_IndicatorRadioButton
        square = element == QStyle.PrimitiveElement.PE_IndicatorCheckBox
        if not (round_box or square) or not is_dark_palette(option.palette):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        colour = (
            edge_colour(option.palette) if enabled else option.palette.color(QPalette.ColorRole.Mid)
        )
        painter.setPen(QPen(colour, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        box = QRectF(option.rect).adjusted(0.6, 0.6, -0.6, -0.6)
        if round_box:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 2, 2)
        painter.restore()
