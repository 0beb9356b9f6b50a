"""Handing the device over: one partner's own questions, full screen, nothing else.

In the room, the clinician can hand the tablet or laptop to one partner. This window
then fills the screen with that partner's own part (their asked-alone pages), in large
text, with no menus, no list of pages and nothing of anyone else. Closing it, Escape,
Alt+F4 and minimising do not leave it (it says it stays open). At the end it asks the
partner to hand the device back; the clinician can take it back earlier (the button at
the top, out of the Tab order, or Ctrl+L). Leaving it takes the lock PIN or the
passphrase (the app's lock asks, with its back-off after wrong tries), so only the
clinician can.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from therapist_desk.errors import UserError
from therapist_desk.intake.sequence import Step
from therapist_desk.ui.intake.page import StepPage

TEXT_SCALE = 1.6
END_KEYS = QKeySequence("Ctrl+L")  # the main window's Lock now: the clinician's key


class HandoverWindow(QWidget):
    """One partner's own questions, full screen, until the clinician takes the device back."""

    hand_back_requested = Signal()
    answers_changed = Signal()

    def __init__(
        self,
        *,
        name: str,
        steps: Sequence[Step],
        answers: dict[int | None, dict[str, Any]],
        backend: Any,
        start: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("handoverWindow")
        self.setWindowTitle(self.tr("Your questions"))
        self.name, self.steps, self.answers, self.backend = name, list(steps), answers, backend
        self.index = 0
        self.page: StepPage | None = None
        self.ending = False
        # Large text: a style sheet, since the application's style sheet stops a font
        # set on the window from reaching its children.
        size = max(QFont(self.font()).pointSizeF(), 10.0) * TEXT_SCALE
        self.setStyleSheet(
            f"QWidget {{ font-size: {size:.1f}pt; }}"
            f" QLabel#pageTitle {{ font-size: {size * 1.3:.1f}pt; font-weight: 600; }}"
        )
        self.title = QLabel(self.tr("Your own questions, {0}").format(name))
        self.title.setObjectName("pageTitle")
        self.reassure = QLabel(
            self.tr(
                "Only you and your therapist will see these answers; they never appear in "
                "anything your partner is shown. You may skip any question."
            )
        )
        self.reassure.setWordWrap(True)
        self.progress = QLabel()
        self.holder = QVBoxLayout()
        self.back_button = QPushButton(self.tr("← Back"))
        self.next_button = QPushButton(self.tr("Next →"))
        self.next_button.setObjectName("primary")
        # Out of the partner's Tab order (not pressed by mistake between answers), and
        # for the clinician's keyboard the key that locks the main window: either way the
        # lock then asks for the PIN.
        self.end_button = QPushButton(
            self.tr("Therapist: take the device back ({0})").format(
                END_KEYS.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.end_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.end_shortcut = QShortcut(END_KEYS, self)
        self.end_shortcut.activated.connect(self.hand_back_requested)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.end_button.clicked.connect(self.hand_back_requested)
        self.stays = QLabel(self.tr("This stays open until your therapist takes the device back."))
        self.stays.setObjectName("hint")
        self.stays.hide()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.end_button)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.progress)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addLayout(top)
        layout.addWidget(self.stays)
        layout.addWidget(self.reassure)
        layout.addLayout(self.holder, 1)
        layout.addLayout(nav)
        self.thanks = QLabel(
            self.tr("Thank you, {0}. Please hand the device back to your therapist.").format(name)
        )
        self.thanks.setObjectName("pageTitle")
        self.thanks.setWordWrap(True)
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks.hide()
        self.hand_back = QPushButton(self.tr("Hand back to my therapist"))
        self.hand_back.setObjectName("primary")
        self.hand_back.clicked.connect(self.hand_back_requested)
        self.hand_back.hide()
        self.holder.addWidget(self.thanks)
        self.holder.addWidget(self.hand_back, 0, Qt.AlignmentFlag.AlignCenter)
        self.show_step(start)

    # Pages ------------------------------------------------------------------------------

    @property
    def at_end(self) -> bool:
        """Whether the "please hand back" page is shown."""
        return self.page is None

    def show_step(self, index: int) -> None:
        """Show the partner's page ``index`` (past the last: the hand-back page)."""
        if self.page is not None:
            self.page.flush()
            self.holder.removeWidget(self.page)
            self.page.hide()
            self.page.deleteLater()
            self.page = None
        self.index = max(0, min(index, len(self.steps)))
        if self.index == len(self.steps):
            self.thanks.show()
            self.hand_back.show()
            self.next_button.hide()
            self.back_button.setEnabled(bool(self.steps))
            self.progress.setText("")
            self.hand_back.setFocus()
            return
        self.thanks.hide()
        self.hand_back.hide()
        self.next_button.show()
        step = self.steps[self.index]
        self.page = StepPage(step, self.answers.setdefault(step.position, {}), self.name)
        self.page.answered.connect(self._answered)
        self.page.finished_page.connect(self.next)
        self.holder.insertWidget(0, self.page, 1)
        self.back_button.setEnabled(self.index > 0)
        self.progress.setText(self.tr("Page {0} of {1}").format(self.index + 1, len(self.steps)))
        self._remember(step)
        self.page.focus_first()

    def _remember(self, step: Step) -> None:
        """Keep the page as the place to resume (a stop now resumes before this part)."""
        if step.section is None:
            return
        try:
            self.backend.set_position(step.section.id, step.position)
        except UserError as err:
            self.progress.setText(str(err))

    def next(self) -> None:
        """The next of the partner's pages, then the hand-back page."""
        self.show_step(self.index + 1)

    def back(self) -> None:
        """The partner's previous page."""
        if self.index > 0:
            self.show_step(self.index - 1)

    def _answered(self, item_id: str, value: Any) -> None:
        step = self.steps[self.index]
        try:
            self.backend.save_answer(step.position, item_id, value)
        except UserError as err:
            self.progress.setText(str(err))
            return
        given = self.answers.setdefault(step.position, {})
        if value is None:
            given.pop(item_id, None)
        else:
            given[item_id] = tuple(value) if isinstance(value, list) else value
        if self.page is not None:
            self.page.refresh_visibility(given)
        self.answers_changed.emit()

    # No way out but the clinician's -------------------------------------------------------

    def end(self) -> None:
        """Close for good: the clinician has unlocked."""
        if self.page is not None:
            self.page.flush()
        self.ending = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ending:
            super().closeEvent(event)
        else:
            event.ignore()  # the close button and Alt+F4 do not leave the handover
            self.stays.show()  # …and it says so

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Escape does not leave it either
            self.stays.show()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.page is None:
            event.accept()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        minimised = bool(self.windowState() & Qt.WindowState.WindowMinimized)
        if event.type() == QEvent.Type.WindowStateChange and minimised and not self.ending:
            self.showFullScreen()  # minimising does not hide it
