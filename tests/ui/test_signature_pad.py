"""The signature pad draws from a finger (touch) and a pen (tablet events) as from a
mouse, and its image is the ink alone, on a transparent background."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from therapist_desk.ui.widgets.signature_pad import SignaturePad


def shown_pad(qtbot) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def test_a_finger_draws_a_stroke(qtbot) -> None:
    pad = shown_pad(qtbot)
    finger = QTest.createTouchDevice()
    QTest.touchEvent(pad, finger).press(0, QPoint(20, 20)).commit()
    for x in range(40, 220, 30):
        QTest.touchEvent(pad, finger).move(0, QPoint(x, 30 + x // 8)).commit()
    QTest.touchEvent(pad, finger).release(0, QPoint(220, 50)).commit()
    assert len(pad.strokes()) == 1 and len(pad.strokes()[0]) >= 7
    assert not pad.is_empty()


def test_a_pen_draws_a_stroke(qtbot) -> None:
    pad = shown_pad(qtbot)
    pen = QPointingDevice(
        "synthetic pen",
        99,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    for kind, x, y in (
        (QEvent.Type.TabletPress, 10, 80),
        (QEvent.Type.TabletMove, 60, 70),
        (QEvent.Type.TabletMove, 120, 90),
        (QEvent.Type.TabletRelease, 120, 90),
    ):
        event = QTabletEvent(
            kind,
            pen,
            QPointF(x, y),
            QPointF(x, y),
            0.5,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
        )
        QApplication.sendEvent(pad, event)
    assert pad.strokes() == [[(10.0, 80.0), (60.0, 70.0), (120.0, 90.0)]]


def test_the_image_is_the_ink_on_transparent(qtbot) -> None:
    pad = shown_pad(qtbot)
    pad.set_strokes([[(100.0, 40.0), (160.0, 60.0)]])
    image = QImage.fromData(pad.png())
    assert image.hasAlphaChannel()
    assert image.width() < pad.width()  # cropped to the ink, not the whole pad
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(image.width() // 2, image.height() // 2).alpha() > 0
