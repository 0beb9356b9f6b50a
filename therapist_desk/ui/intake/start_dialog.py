"""The question before a re-assessment: who is here today, where, and how long it takes.

A couple may come as one person: only the partners who came are asked, and the other
gets no administration that day. "Both" is chosen to start with (the usual visit); the
arrow keys move within a group, Tab between them, Enter starts. The estimate follows
the choice ("About 17 minutes"), from the catalogue's time model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.models import IntakeMode
from therapist_desk.services.estimates import StartTimes


@dataclass(frozen=True)
class StartChoice:
    """Where the re-assessment takes place and the positions of who came."""

    mode: IntakeMode
    present: tuple[int, ...]


class StartDialog(QDialog):
    """Who came, in the room or on a video call, and about how long it takes."""

    def __init__(
        self, people: Mapping[int, str], times: StartTimes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start re-assessment"))
        self.times = times
        self.groups: list[tuple[int, ...]] = [g for g in times.again if len(people) > 1]
        layout = QVBoxLayout(self)
        self.who = QButtonGroup(self)
        if len(people) > 1:
            box = QGroupBox(self.tr("Who is here today?"))
            column = QVBoxLayout(box)
            for n, group in enumerate(self.groups):
                names = [people[p] for p in group]
                text = (
                    self.tr("Both: {0}").format(" and ".join(names))
                    if len(group) == len(people)
                    else self.tr("Only {0} (the other partner is asked nothing today)").format(
                        names[0]
                    )
                )
                button = QRadioButton(text)
                self.who.addButton(button, n)
                column.addWidget(button)
            self.who.button(0).setChecked(True)
            self.who.idToggled.connect(lambda _id, on: on and self._show_time())
            layout.addWidget(box)
        where = QGroupBox(self.tr("Where does this consultation take place?"))
        column = QVBoxLayout(where)
        self.where = QButtonGroup(self)
        for n, text in enumerate((self.tr("In person"), self.tr("Video call"))):
            button = QRadioButton(text)
            self.where.addButton(button, n)
            column.addWidget(button)
        self.where.button(0).setChecked(True)
        layout.addWidget(where)
        self.time = QLabel()
        self.time.setObjectName("estimate")
        self.time.setWordWrap(True)
        layout.addWidget(self.time)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        start.setText(self.tr("Start"))
        start.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_time()

    def present(self) -> tuple[int, ...]:
        """The positions chosen as here today (everyone, for one client)."""
        if not self.groups:
            return next(iter(self.times.again))
        return self.groups[max(self.who.checkedId(), 0)]

    def _show_time(self) -> None:
        minutes = self.times.again[self.present()]
        self.time.setText(
            self.tr(
                "About {0} minutes (a first intake: about {1}). Only the measures, the safety "
                "questions and what changed since the last visit are asked."
            ).format(minutes, self.times.first)
        )

    def choice(self) -> StartChoice:
        """What the dialog shows as chosen."""
        mode = IntakeMode.VIDEO if self.where.checkedId() == 1 else IntakeMode.IN_PERSON
        return StartChoice(mode, self.present())

    @classmethod
    def ask(
        cls, parent: QWidget | None, people: Mapping[int, str], times: StartTimes
    ) -> StartChoice | None:
        """Show the dialog; the choice, or None when cancelled (tests replace this)."""
        dialog = cls(people, times, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
