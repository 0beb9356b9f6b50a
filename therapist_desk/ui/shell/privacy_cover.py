"""The privacy screen: hides every client detail at once while the screen is shared."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


class PrivacyCover(QFrame):
    """A calm blank page with one way back."""

    reveal_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("privacyCover")
        self.message = QLabel(self.tr("Client data hidden"))
        self.message.setObjectName("pageTitle")
        self.hint = QLabel(self.tr("Press Ctrl+Shift+H or choose Show to continue."))
        self.hint.setObjectName("hint")
        self.button = QPushButton(self.tr("Show"))
        self.button.setAccessibleName(self.tr("Show client data again"))
        self.button.clicked.connect(self.reveal_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.message, self.hint, self.button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
