"""The first screen of a new practice: nothing yet, and one clear next step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """Invites the user to add a first client."""

    add_client_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title = QLabel(self.tr("No clients yet"))
        self.title.setObjectName("emptyTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel(
            self.tr(
                "Add your first client to start an intake. Answers are saved as they are "
                "given, on this computer only."
            )
        )
        self.body.setWordWrap(True)
        self.body.setFixedWidth(460)
        self.button = QPushButton(self.tr("Add your first client…"))
        self.button.setAccessibleName(self.tr("Add your first client"))
        self.button.setDefault(True)
        self.button.clicked.connect(self.add_client_requested)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (self.title, self.body, self.button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
            if isinstance(widget, QLabel):
                widget.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addStretch(3)
