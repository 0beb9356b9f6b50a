"""A wizard page: the section's questions for one person, or the "ask alone" page."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from therapist_desk.intake.answers import is_asked
from therapist_desk.intake.catalogue import AnswerValue
from therapist_desk.intake.sequence import Step
from therapist_desk.ui.intake.question import QuestionWidget


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

    def focus_first(self) -> None:
        """Focus the first unanswered question, or the first question."""
        shown = self.visible_questions()
        if shown:
            shown[0].focus_first()
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

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
