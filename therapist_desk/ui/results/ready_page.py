"""The neutral page after an intake is finished: results are ready, nothing of them shown.

Finishing often happens with both partners in the room or the screen shared, so this
page names no order, no finding and no score. The results open only by an explicit
choice: for the clinician alone, or the summary the partners may see.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class ResultsReadyPage(QWidget):
    """ "Results are ready", with the two ways to open them."""

    clinician_requested = Signal()
    clients_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Results are ready"))
        self.title.setObjectName("pageTitle")
        self.hint = QLabel(
            self.tr(
                "Every answer is saved. The results open for the clinician alone; the "
                "summary for the partners shows only what they may both read."
            )
        )
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.clinician_button = QPushButton(self.tr("Open the results — clinician only (Ctrl+1)"))
        self.clients_button = QPushButton()
        self.clinician_button.clicked.connect(self.clinician_requested)
        self.clients_button.clicked.connect(self.clients_requested)
        column = QWidget()
        column.setMaximumWidth(560)
        inner = QVBoxLayout(column)
        inner.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.hint)
        inner.addSpacing(8)
        for button in (self.clinician_button, self.clients_button):
            inner.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.set_couple(True)

    def set_couple(self, couple: bool) -> None:
        """Word the second choice for a couple or for one client."""
        self.clients_button.setText(
            self.tr("Show the summary to both partners (Ctrl+2)")
            if couple
            else self.tr("Show the summary to the client (Ctrl+2)")
        )

    def focus_default(self) -> None:
        """The keyboard starts on the summary the partners may see: a stray Enter with
        both in the room shows them nothing they may not read. The clinician's results
        are one deliberate step away (Tab then Enter, or Ctrl+1)."""
        self.clients_button.setFocus()
