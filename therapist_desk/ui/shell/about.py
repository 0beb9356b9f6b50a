"""Help > About: version, where the database lives (or which server, as whom), the licence."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from therapist_desk import APP_NAME, LICENCE, __version__


def about_text(where: Path | str, *, on_server: bool = False) -> str:
    """The About box body as rich text; ``where`` is the database file, or on a practice
    server its login and address (``user@host:port/database``); escaped."""
    label = "Practice server" if on_server else "Database"
    return (
        f"<h3>{escape(APP_NAME)} {escape(__version__)}</h3>"
        "<p>A structured first-consultation intake: it records every answer, scores "
        "validated measures and suggests in which order therapy could start. "
        "The clinician decides.</p>"
        f"<p><b>{label}:</b><br>{escape(str(where))}</p>"
        f"<p><b>Licence:</b> {escape(LICENCE)}. Measures are used under their own terms; "
        "see each measure's citation.</p>"
    )


def show_about(parent: QWidget, where: Path | str, *, on_server: bool = False) -> None:
    """Open the About box."""
    QMessageBox.about(
        parent, parent.tr("About Therapist Desk"), about_text(where, on_server=on_server)
    )
