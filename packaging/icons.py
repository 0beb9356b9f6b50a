"""Draw the app's icon files from resources/icons/therapist-desk.svg with Qt.

    python packaging/icons.py build/icons

writes PNGs of every size a Linux desktop asks for (``therapist-desk-48.png`` …), the
Windows ``therapist-desk.ico`` and the macOS ``therapist-desk.icns`` (Qt's ICO and ICNS
image plugins write both). The SVG stays the one source of the icon.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SOURCE = Path(__file__).resolve().parents[1] / "resources" / "icons" / "therapist-desk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZE = 256  # Qt writes one image per ICO; Windows scales it down
ICNS_SIZE = 512


def draw(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon drawn at ``size`` × ``size`` pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def write_icons(folder: Path) -> list[Path]:
    """Every icon file, written into ``folder``; returns their paths."""
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"icons: cannot read {SOURCE}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        path = folder / f"therapist-desk-{size}.png"
        if not draw(renderer, size).save(str(path), "PNG"):
            raise SystemExit(f"icons: cannot write {path}")
        written.append(path)
    for name, fmt, size in (
        ("therapist-desk.ico", "ICO", ICO_SIZE),
        ("therapist-desk.icns", "ICNS", ICNS_SIZE),
    ):
        path = folder / name
        if not draw(renderer, size).save(str(path), fmt):
            raise SystemExit(f"icons: Qt cannot write {fmt} here ({path})")
        written.append(path)
    return written


def main() -> int:
    """Write the icons into the folder named on the command line."""
    if len(sys.argv) != 2:
        raise SystemExit("usage: python packaging/icons.py FOLDER")
    app = QGuiApplication(sys.argv[:1])
    for path in write_icons(Path(sys.argv[1])):
        print(f"icons: {path}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
