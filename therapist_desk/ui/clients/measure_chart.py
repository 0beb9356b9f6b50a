"""Each measure over time: dates along the bottom, scores up the side, bands shaded.

One panel per measure. Every participant is a line told apart by its marker (circle,
square) and its dash (solid, dashed) as well as its colour; the cut-off is a labelled
dashed line. Exact values are in the tooltip of each point and in the table view
beside the chart (the same data); nothing is written on top of the lines.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from therapist_desk.ui.widgets.appearance import edge_colour
from therapist_desk.ui.widgets.theme import accent, second_colour

if TYPE_CHECKING:  # the view shapes arrive from the services when a client is shown
    from therapist_desk.intake.progress import Point
    from therapist_desk.services.progress import Track

PANEL = 150
TITLE = 24
LEGEND = 24
LEFT, RIGHT, BOTTOM = 44, 150, 22
HIT = 9.0
DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine)


def short_date(iso: str, *, year: bool) -> str:
    """ "2 Mar" or "2 Mar 2026"."""
    day = dt.date.fromisoformat(iso)
    text = f"{day.day} {day.strftime('%b')}"
    return f"{text} {day.year}" if year else text


class MeasureChart(QWidget):
    """Small multiples: a panel per measure with every participant's line and the cut-off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tracks: list[Track] = []
        self.setAccessibleName(self.tr("Measures over time"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_tracks(self, tracks: Sequence[Track]) -> None:
        """Show these tracks (grouped by measure, in the given order)."""
        self.tracks = list(tracks)
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.setAccessibleDescription(
            self.tr("One chart per measure; the exact values are in the table view.")
        )
        self.update()

    def measures(self) -> list[str]:
        """The measures charted, in order."""
        return list(dict.fromkeys(t.measure for t in self.tracks))

    def people(self) -> list[str]:
        """The participants, in order: the first is the solid line with circles."""
        return list(dict.fromkeys(t.person for t in self.tracks))

    def sizeHint(self) -> QSize:
        return QSize(520, LEGEND + max(1, len(self.measures())) * (PANEL + TITLE))

    # Geometry ---------------------------------------------------------------------------

    def _days(self) -> tuple[dt.date, dt.date]:
        days = [dt.date.fromisoformat(p.administration.date) for t in self.tracks for p in t.points]
        return min(days), max(days)

    def box(self, row: int) -> QRectF:
        """The plotting area of the ``row``-th measure."""
        top = LEGEND + row * (PANEL + TITLE) + TITLE
        return QRectF(LEFT, top, max(10, self.width() - LEFT - RIGHT), PANEL - BOTTOM - 4)

    def _x(self, box: QRectF, iso: str) -> float:
        first, last = self._days()
        span = (last - first).days
        if span == 0:
            return box.center().x()
        return box.left() + box.width() * (dt.date.fromisoformat(iso) - first).days / span

    @staticmethod
    def _y(box: QRectF, track: Track, value: float) -> float:
        return box.bottom() - box.height() * value / max(track.maximum, 1)

    def point_at(self, track: Track, point: Point) -> QPointF:
        """Where ``point`` of ``track`` is drawn."""
        box = self.box(self.measures().index(track.measure))
        total = point.administration.total or 0
        return QPointF(self._x(box, point.administration.date), self._y(box, track, total))

    def hit(self, pos: QPointF) -> tuple[Track, Point] | None:
        """The point under ``pos`` (within a few pixels), if any."""
        best: tuple[float, Track, Point] | None = None
        for t in self.tracks:
            for p in t.points:
                if p.administration.total is None:
                    continue
                d = (self.point_at(t, p) - pos).manhattanLength()
                if d <= HIT * 2 and (best is None or d < best[0]):
                    best = (d, t, p)
        return (best[1], best[2]) if best else None

    def tip(self, track: Track, point: Point) -> str:
        """The tooltip of a point: who, what, the exact value, the date and the verdict."""
        a = point.administration
        text = f"{track.person} · {track.measure}: {a.total:g} on {short_date(a.date, year=True)}"
        if a.band:
            text += f" ({a.band})"
        if point.change_from_first is not None:
            text += f"\n{point.change_from_first:+g} since the first"
        if point.verdict is not None:
            text += f": {point.verdict.value}"
        return text

    # Events -----------------------------------------------------------------------------

    def event(self, e):  # type: ignore[no-untyped-def]
        if e.type() == e.Type.ToolTip and isinstance(e, QHelpEvent):
            found = self.hit(QPointF(e.pos()))
            if found:
                QToolTip.showText(e.globalPos(), self.tip(*found), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        found = self.hit(e.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if found else Qt.CursorShape.ArrowCursor)
        if found:
            QToolTip.showText(e.globalPosition().toPoint(), self.tip(*found), self)
        super().mouseMoveEvent(e)

    # Painting ---------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        mid = edge_colour(self.palette())  # axes and cut-off: readable on light and dark
        if not self.tracks:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No scores yet"))
            return
        colours = [QColor(accent()), QColor(second_colour())]
        people = self.people()
        self._legend(painter, people, colours, text)
        for row, measure in enumerate(self.measures()):
            tracks = [t for t in self.tracks if t.measure == measure]
            box = self.box(row)
            self._panel(painter, box, tracks[0], text, mid)
            for t in tracks:
                index = people.index(t.person) % 2
                self._line(painter, box, t, colours[index], index)

    def _legend(
        self, painter: QPainter, people: list[str], colours: list[QColor], text: QColor
    ) -> None:
        """Whose line is whose: a short line in its dash, its marker, and the name."""
        x = float(LEFT)
        metrics = QFontMetrics(self.font())
        y = LEGEND / 2
        for index, person in enumerate(people):
            colour = colours[index % 2]
            painter.setPen(QPen(colour, 2, DASHES[index % 2]))
            painter.drawLine(QPointF(x, y), QPointF(x + 26, y))
            self._marker(painter, QPointF(x + 13, y), colour, index % 2)
            painter.setPen(text)
            label = QRectF(x + 32, 0, metrics.horizontalAdvance(person) + 4, LEGEND)
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter, person)
            x = label.right() + 22

    def _panel(
        self, painter: QPainter, box: QRectF, track: Track, text: QColor, mid: QColor
    ) -> None:
        metrics = QFontMetrics(self.font())
        painter.setPen(text)
        title = track.measure
        if track.reliable_change is not None:
            derived = self.tr(", derived") if track.derived else ""
            title += self.tr(" · reliable change {0:g} points{1}").format(
                track.reliable_change, derived
            )
        painter.drawText(
            QRectF(0, box.top() - TITLE, self.width(), TITLE),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        # bands: alternate shades, each labelled at the right when there is room
        shade = QColor(text)
        edges = [b[0] for b in track.bands] + [track.maximum]
        for n, (low, label) in enumerate(track.bands):
            top, bottom = self._y(box, track, edges[n + 1]), self._y(box, track, low)
            shade.setAlpha(14 if n % 2 == 0 else 34)
            painter.fillRect(QRectF(box.left(), top, box.width(), bottom - top), shade)
            if bottom - top >= metrics.height():
                painter.setPen(text)
                shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, RIGHT - 6)
                painter.drawText(
                    QRectF(box.right() + 4, top, RIGHT - 4, bottom - top),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    shown,
                )
        painter.setPen(QPen(mid, 1))
        painter.drawRect(box)
        # y axis: the band edges and the top
        painter.setPen(text)
        last_y = None
        for value in sorted(set(edges)):
            y = self._y(box, track, value)
            if last_y is not None and abs(last_y - y) < metrics.height():
                continue
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, LEFT - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:g}",
            )
            last_y = y
        if track.cutoff is not None:
            y = self._y(box, track, track.cutoff)
            painter.setPen(QPen(text, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
        self._dates(painter, box, text, metrics)

    def _dates(self, painter: QPainter, box: QRectF, text: QColor, metrics: QFontMetrics) -> None:
        """The administration dates under the panel, skipping those that would overlap."""
        dates = sorted({p.administration.date for t in self.tracks for p in t.points})
        right_edge = -1e9
        year = None
        painter.setPen(text)
        for iso in dates:
            label = short_date(iso, year=iso[:4] != year)
            width = metrics.horizontalAdvance(label)
            x = self._x(box, iso)
            left = min(max(x - width / 2, 0), self.width() - width)
            if left < right_edge + 8:
                continue
            painter.drawLine(QPointF(x, box.bottom()), QPointF(x, box.bottom() + 3))
            painter.drawText(
                QRectF(left, box.bottom() + 3, width + 2, BOTTOM),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                label,
            )
            right_edge, year = left + width, iso[:4]

    def _line(
        self, painter: QPainter, box: QRectF, track: Track, colour: QColor, index: int
    ) -> None:
        shown = [p for p in track.points if p.administration.total is not None]
        points = [self.point_at(track, p) for p in shown]
        painter.setPen(QPen(colour, 2, DASHES[index]))
        for a, b in itertools.pairwise(points):
            painter.drawLine(a, b)
        for point in points:
            self._marker(painter, point, colour, index)

    def _marker(self, painter: QPainter, at: QPointF, colour: QColor, index: int) -> None:
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Window), 1.2))
        painter.setBrush(colour)
        if index == 0:
            painter.drawEllipse(at, 4.5, 4.5)
        else:
            painter.drawRect(QRectF(at.x() - 4, at.y() - 4, 8, 8))
        painter.setBrush(Qt.BrushStyle.NoBrush)
