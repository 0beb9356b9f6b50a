"""The neutral page after an intake is finished: results are ready, nothing of them shown.

Finishing often happens with both partners in the room or the screen shared, so this
page names no order, no finding and no score. The results open only by an explicit
choice: for the clinician alone, or the summary the partners may see. It is also the page
between two partners' own summaries (`ask_for_partner`): the one who was looking leaves
before the other's summary shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class ResultsReadyPage(QWidget):
    """ "Results are ready", with the two ways to open them."""

    clinician_requested = Signal()
    clients_requested = Signal()
    partner_requested = Signal()

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
        self.partner_button = QPushButton()
        self.clinician_button.clicked.connect(self.clinician_requested)
        self.clients_button.clicked.connect(self.clients_requested)
        self.partner_button.clicked.connect(self.partner_requested)
        column = QWidget()
        column.setMaximumWidth(560)
        inner = QVBoxLayout(column)
        inner.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.hint)
        inner.addSpacing(8)
        for button in (self.partner_button, self.clinician_button, self.clients_button):
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
        """The page after finishing; the second choice worded for a couple or one client."""
        self.title.setText(self.tr("Results are ready"))
        self.hint.setText(
            self.tr(
                "Every answer is saved. The results open for the clinician alone; the "
                "summary for the partners shows only what they may both read."
            )
        )
        self.partner_button.hide()
        self.clients_button.setText(
            self.tr("Show the summary to both partners (Ctrl+2)")
            if couple
            else self.tr("Show the summary to the client (Ctrl+2)")
        )

    def set_waiting(self, waiting: bool) -> None:
        """While the results are read (a moment after finishing) no choice can be made."""
        for button in (self.clinician_button, self.clients_button, self.partner_button):
            button.setEnabled(not waiting)

    def ask_for_partner(self, name: str) -> None:
        """Between two partners' own summaries: nothing shows until ``name`` is alone."""
        self.title.setText(self.tr("For {0} alone").format(name))
        self.hint.setText(
            self.tr(
                "{0}'s own summary shows next. Press Enter when {0} is alone at the screen."
            ).format(name)
        )
        self.partner_button.setText(self.tr("Show {0}'s own summary").format(name))
        self.partner_button.show()
        self.partner_button.setFocus()

    def focus_default(self) -> None:
        """The keyboard starts on the summary the partners may see: a stray Enter with
        both in the room shows them nothing they may not read. The clinician's results
        are one deliberate step away (Tab then Enter, or Ctrl+1)."""
        self.clients_button.setFocus()
