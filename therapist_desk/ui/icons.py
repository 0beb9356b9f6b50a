"""The application icon, loaded from the packaged resources."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

import therapist_desk


def resources_dir() -> Path:
    """``resources/`` inside the installed package, or at the top of a source checkout."""
    package = Path(therapist_desk.__file__).resolve().parent
    installed = package / "resources"
    return installed if installed.is_dir() else package.parent / "resources"


def app_icon() -> QIcon:
    """The Therapist Desk icon (two overlapping rings over a desk line)."""
    return QIcon(str(resources_dir() / "icons" / "therapist-desk.svg"))
