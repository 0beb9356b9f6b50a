"""Settings › The room: the practice's crisis text, and which questions are asked alone.

The crisis text (who to call, the numbers to give) is shown to the clinician with the
first safety-relevant answer. Which sections a partner answers alone is the practice's
choice, within limits: the private questions are always asked alone and the clinician's
observations are never put to a client, so those boxes are fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.settings import Settings


@dataclass(frozen=True)
class SectionChoice:
    """One section of the intake as the box lists it."""

    id: str
    title: str
    asked_alone: bool  # as shipped
    fixed: bool  # private (always alone) or the clinician's (never): not the practice's choice


class RoomBox(QWidget):
    """The crisis text and the asked-alone choices; ``collect`` returns their settings."""

    def __init__(self, sections: Sequence[SectionChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = list(sections)
        self.crisis = QPlainTextEdit()
        self.crisis.setPlaceholderText(
            self.tr(
                "Write who to call and the numbers to give: your local crisis line, "
                "emergency services, your own out-of-hours arrangement."
            )
        )
        self.crisis.setTabChangesFocus(True)
        self.crisis.setAccessibleName(self.tr("Crisis text and numbers"))
        self.crisis.setFixedHeight(110)
        crisis_box = QGroupBox(self.tr("Crisis text (shown to you with a safety answer)"))
        QVBoxLayout(crisis_box).addWidget(self.crisis)
        alone_box = QGroupBox(self.tr("Asked of each partner alone"))
        column = QVBoxLayout(alone_box)
        note = QLabel(
            self.tr(
                "Ticked sections are put to one partner with the other out of the room (or "
                "off the call), and their answers are never shown to the other partner. "
                "The private questions are always asked alone."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        column.addWidget(note)
        grid = QGridLayout()
        column.addLayout(grid)
        self.boxes: dict[str, QCheckBox] = {}
        rows = (len(self.sections) + 1) // 2
        for n, section in enumerate(self.sections):
            box = QCheckBox(section.title)
            box.setEnabled(not section.fixed)
            grid.addWidget(box, n % rows, n // rows)
            self.boxes[section.id] = box
        layout = QVBoxLayout(self)
        layout.addWidget(crisis_box)
        layout.addWidget(alone_box)
        layout.addStretch(1)

    def load(self, settings: Settings) -> None:
        """Show the practice's crisis text and its choices (the shipped ones by default)."""
        self.crisis.setPlainText(settings.crisis_text)
        for section in self.sections:
            chosen = settings.asked_alone.get(section.id, section.asked_alone)
            self.boxes[section.id].setChecked(section.asked_alone if section.fixed else chosen)

    def collect(self) -> dict[str, object]:
        """The settings this box owns: only the choices that differ from the shipped ones."""
        changed = {
            s.id: self.boxes[s.id].isChecked()
            for s in self.sections
            if not s.fixed and self.boxes[s.id].isChecked() != s.asked_alone
        }
        return {"crisis_text": self.crisis.toPlainText().strip(), "asked_alone": changed}
