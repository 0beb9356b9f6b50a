"""The application icon, loaded from the packaged resources."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from therapist_desk import resources_dir


def app_icon() -> QIcon:
    """The Therapist Desk icon (two overlapping rings over a desk line)."""
    return QIcon(str(resources_dir() / "icons" / "therapist-desk.svg"))
