"""The fields of one person, each with its error message right beneath it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

FIELDS = ("name", "preferred_name", "date_of_birth", "pronouns", "email", "phone", "notes")


class ParticipantForm(QGroupBox):
    """Name, preferred name, date of birth, pronouns, email, phone and notes of one person."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        labels = {
            "name": self.tr("Name (required)"),
            "preferred_name": self.tr("Preferred name"),
            "date_of_birth": self.tr("Date of birth"),
            "pronouns": self.tr("Pronouns"),
            "email": self.tr("Email"),
            "phone": self.tr("Phone"),
            "notes": self.tr("Notes"),
        }
        hints = {"date_of_birth": self.tr("YYYY-MM-DD"), "email": "name@example.org"}
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        for field in FIELDS:
            widget: QLineEdit | QPlainTextEdit
            if field == "notes":
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(70)
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(hints.get(field, ""))
            widget.setAccessibleName(f"{title}: {labels[field]}")
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            layout.addRow(labels[field], cell)
            self.inputs[field] = widget
            self.errors[field] = error

    def load(self, values: dict[str, Any]) -> None:
        """Fill the fields from a participant's values (missing ones left empty)."""
        for field, widget in self.inputs.items():
            value = values.get(field)
            text = "" if value is None else str(value)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)
            else:
                widget.setText(text)

    def collect(self) -> dict[str, Any]:
        """The raw field values; the Create/Update shape validates them."""
        values: dict[str, Any] = {}
        for field, widget in self.inputs.items():
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            values[field] = text if text.strip() else None
        return values

    def show_errors(self, messages: dict[str, str]) -> None:
        """Show each field's message beneath it; hide the others."""
        for field, label in self.errors.items():
            message = messages.get(field)
            label.setText(message or "")
            label.setVisible(bool(message))

    def first_error_input(self) -> QWidget | None:
        """The first field showing an error, to put the cursor there."""
        for field in FIELDS:
            if not self.errors[field].isHidden():
                return self.inputs[field]
        return None
