"""The first screen of a new practice: nothing yet, and one clear next step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


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
        self.body.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.button = QPushButton(self.tr("Add your first client…"))
        self.button.setAccessibleName(self.tr("Add your first client"))
        self.button.setDefault(True)
        self.button.clicked.connect(self.add_client_requested)

        column = QWidget()
        column.setFixedWidth(480)
        inner = QVBoxLayout(column)
        inner.addWidget(self.title)
        inner.addWidget(self.body)
        inner.addSpacing(8)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)
