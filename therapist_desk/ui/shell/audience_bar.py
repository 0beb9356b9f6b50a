"""The audience bar: who is looking, in words and colour, always at the top of the window.

It also holds the switches (one keystroke each: Ctrl+1 clinician only, Ctrl+2 both
partners, Ctrl+3 / Ctrl+4 one partner alone), the handover buttons, and the risk marker:
a count with no words, which opens the safety panel in *clinician only* mode.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from therapist_desk.intake.audience import Audience, AudienceKind
from therapist_desk.ui.widgets.audience import AudienceState

SHORTCUTS = ("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4")


def tone_of(audience: Audience) -> str:
    """The bar's tone for ``audience`` (its colour: `theme.AUDIENCE_TONES`)."""
    if audience.kind is AudienceKind.ALONE:
        return "first" if audience.participant == "p1" else "second"
    return "clinician" if audience.kind is AudienceKind.CLINICIAN else "clients"


class AudienceBar(QFrame):
    """Names the audience; switches it; offers the handover; shows the risk count."""

    handover_requested = Signal(str)  # the participant to hand the device to
    risk_requested = Signal()
    chosen = Signal(object)  # a switch pressed (its Audience), whether or not it changed

    def __init__(self, state: AudienceState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("audienceBar")
        self.name = QLabel()
        self.name.setObjectName("audienceName")
        self.name.setAccessibleName(self.tr("Who is looking"))
        self.switches: list[QPushButton] = []
        self.handovers: list[QPushButton] = []
        self.risk = QPushButton()
        self.risk.setObjectName("riskMarker")
        self.risk.setAccessibleName(self.tr("Safety answers given"))
        self.risk.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.risk.clicked.connect(self.risk_requested)
        self.risk.hide()
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(10, 4, 10, 4)
        self.row.addWidget(self.name, 1)
        self.buttons = QHBoxLayout()
        self.row.addLayout(self.buttons)
        self.row.addWidget(self.risk)
        for index, keys in enumerate(SHORTCUTS):
            # On the main window only: a switch never happens behind an open dialog.
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda i=index: self.choose(i))
        state.changed.connect(lambda _audience: self.refresh())
        state.people_changed.connect(self.refresh)
        self.refresh()

    def choose(self, index: int) -> None:
        """Switch to the ``index``-th audience of the bar, if there is one."""
        choices = self.state.choices()
        if 0 <= index < len(choices) and self.isEnabled():
            self.state.set(choices[index])
            self.chosen.emit(choices[index])

    def fill_menu(self, menu: QMenu) -> None:
        """The bar's switches and handovers as menu entries (the keyboard's way to them)."""
        menu.clear()
        audience = self.state.audience
        for index, choice in enumerate(self.state.choices()):
            # The key is named, not bound: the bar's own shortcut is the one that works
            # (two bindings of one key would cancel each other).
            entry = menu.addAction(f"{self.state.label(choice)}\t{SHORTCUTS[index]}")
            entry.setCheckable(True)
            entry.setChecked(choice == audience)
            entry.triggered.connect(lambda _=False, c=choice: self.state.set(c))
        if self.handovers:
            menu.addSeparator()
            for pid, name in sorted(self.state.names.items()):
                entry = menu.addAction(self.tr("Hand the device to {0}").format(name))
                entry.triggered.connect(lambda _=False, p=pid: self.handover_requested.emit(p))
        menu.setEnabled(self.isEnabled())

    def set_risk_count(self, count: int) -> None:
        """Show how many safety-relevant answers were given (no words; none: hidden)."""
        self.risk.setText(f"⚑ {count}")
        self.risk.setVisible(count > 0)
        self.risk.setEnabled(self.state.is_clinician)
        self.risk.setToolTip(self.tr("Open the safety panel") if self.state.is_clinician else "")

    def refresh(self) -> None:
        """Redraw for the current audience and the people of the session."""
        audience = self.state.audience
        self.name.setText(self.state.label())
        tone = tone_of(audience)
        if self.property("tone") != tone:  # the application's style sheet colours it
            self.setProperty("tone", tone)
            if self.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
                self.style().unpolish(self)  # styled again by its new tone
                self.style().polish(self)
                self.update()
        for button in self.switches + self.handovers:
            button.hide()
            self.buttons.removeWidget(button)
            button.deleteLater()
        self.switches, self.handovers = [], []
        choices = self.state.choices()
        for index, choice in enumerate(choices):
            button = QPushButton(self.state.label(choice))
            button.setCheckable(True)
            button.setChecked(choice == audience)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{self.state.label(choice)} ({SHORTCUTS[index]})")
            button.setAccessibleName(self.tr("Show for: {0}").format(self.state.label(choice)))
            button.clicked.connect(lambda _=False, c=choice: self.state.set(c))
            self.buttons.addWidget(button)
            self.switches.append(button)
        if self.state.couple and self.state.can_hand_over:
            for pid, name in sorted(self.state.names.items()):
                button = QPushButton(self.tr("Hand to {0}").format(name))
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setAccessibleName(self.tr("Hand the device to {0}").format(name))
                button.clicked.connect(lambda _=False, p=pid: self.handover_requested.emit(p))
                self.buttons.addWidget(button)
                self.handovers.append(button)
        self.risk.setEnabled(audience.is_clinician)
