"""The page between two audiences: who should be in the room now, and no answers at all.

The wizard shows it whenever the audience changes while an intake is open, and when
the pages that the audience may see are done but the intake is not. It names the people
and what comes next, never an answer; Enter takes its first choice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


class HandoverPanel(QFrame):
    """A message and its choices, the first of them the default (Enter)."""

    def __init__(
        self,
        title: str,
        text: str,
        choices: list[tuple[str, Callable[[], None], bool]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handoverPanel")
        self.title = QLabel(title)
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        self.switches: list[bool] = []
        """Per choice, whether it changes who is looking (never taken by Next)."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        for index, (label, act, switches) in enumerate(choices):
            button = QPushButton(label)
            button.setAutoDefault(True)
            if index == 0:
                button.setObjectName("primary")
                button.setDefault(True)
            button.clicked.connect(lambda _checked=False, do=act: do())
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.buttons.append(button)
            self.switches.append(switches)
        layout.addStretch(1)

    def focus_first(self) -> None:
        """The first choice takes the keyboard (Enter)."""
        if self.buttons:
            self.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
