"""Erasing a client: the clinician types the client's name before Erase can be pressed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class EraseDialog(QDialog):
    """Accepted only with the client's name typed; Enter and Escape both mean Cancel."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setWindowTitle(self.tr("Erase client"))
        self.message = QLabel(
            self.tr(
                "Erase {0} and every intake, answer and score of theirs from this computer, "
                "including the backups? This cannot be undone.\n\n"
                "Type the client's name to confirm."
            ).format(name)
        )
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(420)
        self.typed = QLineEdit()
        self.typed.setAccessibleName(self.tr("Type the client's name to confirm"))
        self.typed.setPlaceholderText(name)
        buttons = QDialogButtonBox()
        self.erase_button = QPushButton(self.tr("Erase"))
        self.erase_button.setObjectName("danger")
        self.erase_button.setAutoDefault(False)
        self.erase_button.setEnabled(False)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        self.erase_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.typed.textChanged.connect(
            lambda text: self.erase_button.setEnabled(_same(text, self.name))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.typed)
        layout.addWidget(buttons)
