"""Each measure over time, one small chart per measure, one line per participant."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from therapist_desk.ui.widgets.appearance import edge_colour
from therapist_desk.ui.widgets.theme import accent, second_colour

if TYPE_CHECKING:  # the view shapes arrive from the services when a client is shown
    from therapist_desk.services.views import Series

CHART_HEIGHT = 86
LEGEND_HEIGHT = 22


class MeasureChart(QWidget):
    """Small multiples: a row per measure with every participant's line and the cut-off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[Series] = []
        self.setAccessibleName(self.tr("Measures over time"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_series(self, series: list[Series]) -> None:
        """Show these series (grouped by measure, in the given order)."""
        self.series = series
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        summary = "; ".join(
            f"{s.measure} {s.person}: " + ", ".join(f"{d} {v:g}" for d, v in s.points)
            for s in series
        )
        self.setAccessibleDescription(summary)
        self.update()

    def measures(self) -> list[str]:
        """The measures charted, in order."""
        return list(dict.fromkeys(s.measure for s in self.series))

    def sizeHint(self) -> QSize:
        return QSize(420, LEGEND_HEIGHT + max(1, len(self.measures())) * CHART_HEIGHT)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        mid = edge_colour(self.palette())  # axes and cut-off: readable on light and dark
        if not self.series:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No scores yet"))
            return
        colours = [QColor(accent()), QColor(second_colour())]
        people = list(dict.fromkeys(s.person for s in self.series))
        self._legend(painter, people, colours, text)
        for row, measure in enumerate(self.measures()):
            top = LEGEND_HEIGHT + row * CHART_HEIGHT + 8
            box = QRectF(130, top, self.width() - 150, CHART_HEIGHT - 26)
            painter.setPen(text)
            shown = QFontMetrics(self.font()).elidedText(measure, Qt.TextElideMode.ElideRight, 124)
            painter.drawText(
                QRectF(0, box.top(), 124, box.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                shown,
            )
            painter.setPen(QPen(mid, 1))
            painter.drawRect(box)
            for s in (s for s in self.series if s.measure == measure):
                self._draw_series(painter, box, s, colours[people.index(s.person) % 2], mid)

    def _legend(
        self, painter: QPainter, people: list[str], colours: list[QColor], text: QColor
    ) -> None:
        """Which colour is whose line: a dot and the name for each participant."""
        x = 130.0
        metrics = QFontMetrics(self.font())
        for index, person in enumerate(people):
            colour = colours[index % 2]
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour)
            painter.drawEllipse(QPointF(x + 5, LEGEND_HEIGHT / 2), 4.5, 4.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(text)
            label = QRectF(x + 14, 0, metrics.horizontalAdvance(person) + 4, LEGEND_HEIGHT)
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter, person)
            x = label.right() + 18

    def _draw_series(
        self, painter: QPainter, box: QRectF, s: Series, colour: QColor, mid: QColor
    ) -> None:
        def y(value: float) -> float:
            return box.bottom() - box.height() * value / max(s.maximum, 1)

        if s.cutoff is not None:
            painter.setPen(QPen(mid, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(box.left(), y(s.cutoff)), QPointF(box.right(), y(s.cutoff)))
        count = len(s.points)
        step = box.width() / max(count - 1, 1)
        points = [
            QPointF(box.left() + (i * step if count > 1 else box.width() / 2), y(v))
            for i, (_, v) in enumerate(s.points)
        ]
        painter.setPen(QPen(colour, 2))
        for a, b in itertools.pairwise(points):
            painter.drawLine(a, b)
        painter.setBrush(colour)
        for point, (_, value) in zip(points, s.points, strict=True):
            painter.drawEllipse(point, 3.5, 3.5)
            painter.drawText(point + QPointF(5, -5), f"{value:g}")
        painter.setBrush(Qt.BrushStyle.NoBrush)
