"""A drawn signature: strokes from the mouse, a finger or a pen, and their image.

Touch arrives as mouse events (Qt turns an unhandled touch into one); a pen's tablet
events are read as such, so a stylus draws where it touches. Points are kept in the
pad's own coordinates; the image is drawn from the strokes into a transparent PNG.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

Stroke = list[tuple[float, float]]
INK = QColor("#1a237e")


def _path(strokes: list[Stroke], scale: float = 1.0) -> QPainterPath:
    path = QPainterPath()
    for stroke in strokes:
        if not stroke:
            continue
        path.moveTo(QPointF(stroke[0][0] * scale, stroke[0][1] * scale))
        if len(stroke) == 1:
            path.lineTo(QPointF(stroke[0][0] * scale + 0.5, stroke[0][1] * scale))
        for x, y in stroke[1:]:
            path.lineTo(QPointF(x * scale, y * scale))
    return path


def _ink(width: float) -> QPen:
    pen = QPen(INK)
    pen.setWidthF(width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


class SignaturePad(QWidget):
    """Draw a signature; ``strokes()`` and ``png()`` hold it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._drawing = False
        self.setMinimumSize(QSize(320, 100))
        self.setMaximumWidth(640)  # the line on a form, not the width of the screen
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
        self.setPalette(palette)
        self.setAccessibleName(self.tr("Signature pad: sign with the mouse, a finger or a pen"))

    def sizeHint(self) -> QSize:
        """Wide and low, like the line on a form."""
        return QSize(520, 110)

    # Drawing ---------------------------------------------------------------------------

    def _begin(self, point: QPointF) -> None:
        self._drawing = True
        self._strokes.append([(round(point.x(), 1), round(point.y(), 1))])
        self.update()

    def _extend(self, point: QPointF) -> None:
        if self._drawing:
            self._strokes[-1].append((round(point.x(), 1), round(point.y(), 1)))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A stroke begins (a mouse button, or a finger)."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """The stroke goes on."""
        self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """The stroke ends."""
        self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen: down, moving, up."""
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The signature line and the ink."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#b0b0b0"), 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 22
        painter.drawLine(12, baseline, self.width() - 12, baseline)
        painter.setPen(_ink(2.2))
        painter.drawPath(_path(self._strokes))
        painter.end()

    # The signature ------------------------------------------------------------------------

    def strokes(self) -> list[Stroke]:
        """The lines drawn, each a list of points (x, y) in the pad."""
        return [list(s) for s in self._strokes]

    def set_strokes(self, strokes: list[Stroke]) -> None:
        """Show a signature kept before."""
        self._strokes = [list(s) for s in strokes]
        self.update()

    def is_empty(self) -> bool:
        """Whether nothing was drawn."""
        return not any(len(set(s)) >= 2 for s in self._strokes)

    def clear(self) -> None:
        """Wipe the pad."""
        self._strokes = []
        self._drawing = False
        self.update()
        self.changed.emit()

    def png(self, scale: float = 2.0) -> bytes:
        """The signature drawn into a transparent image, cropped to the ink with a small
        margin, at twice the pad's resolution, as PNG bytes."""
        ink = _path(self._strokes).boundingRect().adjusted(-8, -8, 8, 8)
        area = ink.intersected(QRectF(self.rect())) if not ink.isEmpty() else QRectF(self.rect())
        size = QSize(max(1, round(area.width() * scale)), max(1, round(area.height() * scale)))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-area.x() * scale, -area.y() * scale)
        painter.setPen(_ink(2.2 * scale))
        painter.drawPath(_path(self._strokes, scale))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())
