"""Help > About: version, where the database lives, and the licence."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from therapist_desk import APP_NAME, LICENCE, __version__


def about_text(db_path: Path) -> str:
    """The About box body as rich text; every path is escaped."""
    return (
        f"<h3>{escape(APP_NAME)} {escape(__version__)}</h3>"
        "<p>A structured first-consultation intake: it records every answer, scores "
        "validated measures and suggests in which order therapy could start. "
        "The clinician decides.</p>"
        f"<p><b>Database:</b><br>{escape(str(db_path))}</p>"
        f"<p><b>Licence:</b> {escape(LICENCE)}. Measures are used under their own terms; "
        "see each measure's citation.</p>"
    )


def show_about(parent: QWidget, db_path: Path) -> None:
    """Open the About box."""
    QMessageBox.about(parent, parent.tr("About Therapist Desk"), about_text(db_path))
