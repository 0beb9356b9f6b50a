"""A wizard page: the section's questions for one person, or the "ask alone" page.

The keyboard is always somewhere a person can see: the page opens on its first
unanswered question and goes back there after a dialog; the question that number keys
answer is marked; Ctrl+Z takes back the last choice made on the page (saved like any
answer); Enter moves on from a page without questions.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QWindow,
)
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from therapist_desk.intake.answers import is_asked
from therapist_desk.intake.catalogue import AnswerValue
from therapist_desk.intake.sequence import Step
from therapist_desk.ui.intake.question import QuestionWidget
from therapist_desk.ui.widgets.enter_key import enter_keys


class StepPage(QScrollArea):
    """Shows one step; re-evaluates which questions are asked as answers change."""

    answered = Signal(str, object)
    finished_page = Signal()

    def __init__(
        self,
        step: Step,
        answers: Mapping[str, AnswerValue],
        person: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.step = step
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Enter on a page without questions
        self._undo: list[tuple[QuestionWidget, AnswerValue | None]] = []
        self._watching = False
        self._away_in_dialog = False
        self.undo_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        self.undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_shortcut.activated.connect(self.undo)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(16, 8, 24, 16)
        self.questions: list[QuestionWidget] = []
        if step.is_alone_page:
            self._alone_page(person)
        else:
            self._questions(answers)
        self.layout_.addStretch(1)
        self.setWidget(body)

    def _alone_page(self, person: str) -> None:
        box = QFrame()
        box.setObjectName("safetyBox")
        inner = QVBoxLayout(box)
        title = QLabel(self.tr("Ask {0} alone").format(person))
        title.setObjectName("pageTitle")
        body = QLabel(
            self.tr(
                "The next questions are private. Ask them of {0} alone, with no partner in "
                "the room or on the call. The answers never appear in the client summary "
                "and are never shown to the partner.\n\nWhen {0} is alone, press Enter or "
                "choose Next."
            ).format(person)
        )
        body.setWordWrap(True)
        inner.addWidget(title)
        inner.addWidget(body)
        self.layout_.addWidget(box)

    def _questions(self, answers: Mapping[str, AnswerValue]) -> None:
        assert self.step.section is not None
        intro = QLabel(self.step.section.intro)
        intro.setObjectName("sectionIntro")
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        for item in self.step.items:
            label = f"{item.number}." if item.number is not None else "›"
            question = QuestionWidget(item, label)
            if item.ask_if is not None:
                question.setContentsMargins(28, 0, 0, 0)
            question.set_value(answers.get(item.id))
            question.answered.connect(self.answered)
            question.chose.connect(lambda old, q=question: self._undo.append((q, old)))
            question.advance.connect(lambda q=question: self._advance_from(q))
            self.layout_.addWidget(question)
            self.questions.append(question)
        self.refresh_visibility(answers)

    def refresh_visibility(self, answers: Mapping[str, AnswerValue]) -> None:
        """Show only the questions asked given the answers so far."""
        for question in self.questions:
            question.setVisible(is_asked(question.item, answers) is not False)

    def visible_questions(self) -> list[QuestionWidget]:
        """The questions currently asked on this page, in order."""
        return [q for q in self.questions if not q.isHidden()]

    def first_to_answer(self) -> QuestionWidget | None:
        """The first unanswered question shown, else the first shown (None: no question)."""
        shown = self.visible_questions()
        return next((q for q in shown if not q.is_answered()), shown[0] if shown else None)

    def focus_first(self) -> None:
        """Focus the first unanswered question, or the first question."""
        question = self.first_to_answer()
        if question is None:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        question.focus_first()
        self._show_later(question)

    def current_question(self) -> QuestionWidget | None:
        """The question marked as the one the keyboard answers."""
        return next((q for q in self.questions if q.property("current") is True), None)

    def undo(self) -> bool:
        """Take back the last choice made on this page; False when there is none."""
        if not self._undo:
            return False
        question, old = self._undo.pop()
        question.undo_to(old)
        if not question.isHidden():
            question.focus_first()
            self._show_later(question)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in enter_keys()
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            if self.visible_questions():
                self.focus_first()
            else:
                self.finished_page.emit()
            return
        super().keyPressEvent(event)

    # Where the keyboard is -------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._watching:
            self._watching = True
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            app.focusChanged.connect(self._focus_changed)
            app.focusWindowChanged.connect(self._focus_window_changed)
        QTimer.singleShot(0, self, self._arrived)

    def _arrived(self) -> None:
        """Shown (a new page, or back from the privacy cover): the keyboard is on it."""
        now = QApplication.focusWidget()
        if now is not None and (now is self or self.isAncestorOf(now)):
            self._focus_changed(None, now)
        elif now is None or now.window() is self.window():
            self.focus_first()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._watching:
            self._watching = False
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            app.focusChanged.disconnect(self._focus_changed)
            app.focusWindowChanged.disconnect(self._focus_window_changed)

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        """Mark the question that has the keyboard; a dialog on top leaves the mark."""
        if now is None or now.window() is not self.window():
            return
        owner = self._question_of(now)
        for question in self.questions:
            question.set_current(question is owner)
        if owner is not None:
            self._show_later(owner)

    def _focus_window_changed(self, window: QWindow | None) -> None:
        """Back from a dialog of the app: the keyboard goes to the first unanswered question.

        Another application in between (focus window None) does not count: coming back
        from it, the keyboard stays where it was.
        """
        if window is None:
            return
        if window is not self.window().windowHandle():
            self._away_in_dialog = window.type() not in (
                Qt.WindowType.Popup,
                Qt.WindowType.ToolTip,
            )
            return
        if self._away_in_dialog:
            self._away_in_dialog = False
            QTimer.singleShot(0, self, self.focus_first)  # after Qt gives focus back

    def _question_of(self, widget: QObject | None) -> QuestionWidget | None:
        while widget is not None and widget is not self:
            if isinstance(widget, QuestionWidget) and widget in self.questions:
                return widget
            widget = widget.parent()
        return None

    def _show_later(self, question: QuestionWidget) -> None:
        """Scroll ``question`` into view once the page is laid out."""
        QTimer.singleShot(0, self, lambda: self.ensureWidgetVisible(question, 0, 24))

    def flush(self) -> None:
        """Save text answers still waiting for their typing pause."""
        for question in self.questions:
            question.flush()

    def _advance_from(self, question: QuestionWidget) -> None:
        shown = self.visible_questions()
        index = shown.index(question) if question in shown else len(shown) - 1
        if index + 1 < len(shown):
            shown[index + 1].focus_first()
            self.ensureWidgetVisible(shown[index + 1])
        else:
            self.finished_page.emit()
